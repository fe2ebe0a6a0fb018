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

/**
 * Lets the event loop run once, then resolves. A timer, because only a full turn of the loop
 * reads the runtime's input: in Deno a MessageChannel message or setImmediate resolves without
 * it (measured: calls then waited seconds). A turn costs 1–3 ms when nothing else is waiting.
 */
export function nextTurn(): Promise<void> {
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
