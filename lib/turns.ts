// Long work (a transcript of thousands of messages) shares the app's one runtime with every other
// call: the endpoints, the slash command, another room's close event. The runtime reads and
// answers them only between turns of its event loop, so long work gives up the turn regularly,
// and longer while another call is in progress: each of its round trips to the workspace needs a turn.

/** The longest stretch of long work between turns. */
export const SLICE_MS = 20;
/** How long a turn may last while other calls are in progress: they make their round trips in it. */
export const BUSY_TURN_MS = 10;

let callsInProgress = 0;

/** Runs one call to the app (an endpoint, the slash command, an event): long work makes room for it. */
export async function asCall<T>(run: () => Promise<T>): Promise<T> {
    callsInProgress++;
    try {
        return await run();
    } finally {
        callsInProgress--;
    }
}

/** Web Crypto, a global in Deno and Node (the app's sandbox hides `globalThis`, not `crypto`). */
declare const crypto: { subtle?: { digest(algorithm: string, data: Uint8Array): Promise<unknown> } } | undefined;
const NOTHING = new Uint8Array(0);

/**
 * Lets the event loop run once, then resolves. Only a full turn of the loop reads the runtime's
 * input: in Deno a MessageChannel message or setImmediate resolves without it, and calls wait.
 * The turn waits for an operation the runtime completes on its I/O loop, a digest of nothing,
 * which is cheaper than a zero timer and lets the same calls in (docs/benchmark.md). Without Web
 * Crypto, a zero timer.
 */
export function nextTurn(): Promise<void> {
    if (typeof crypto !== 'undefined' && crypto && crypto.subtle) {
        return crypto.subtle.digest('SHA-1', NOTHING).then(() => undefined);
    }
    return new Promise((resolve) => setTimeout(resolve, 0));
}

/**
 * A function to call often during long work: it resolves at once, or, when `SLICE_MS` have passed
 * since the last turn, after the event loop had a turn; while other calls are in progress, it
 * keeps taking turns until they are done or `BUSY_TURN_MS` have passed.
 */
export function turnTaker(now: () => number = Date.now): () => Promise<void> {
    let since = now();
    return async () => {
        if (now() - since >= SLICE_MS) {
            await nextTurn();
            const until = now() + BUSY_TURN_MS;
            while (callsInProgress && now() < until) {
                await nextTurn();
            }
            since = now();
        }
    };
}
