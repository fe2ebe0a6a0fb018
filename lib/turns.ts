// Long work (a transcript of thousands of messages) shares the app's one runtime with every other
// call: the endpoints, the slash command, another room's close event. The runtime reads and
// answers them only between turns of its event loop, so long work gives up the turn regularly.

/**
 * Lets the event loop run once, then resolves. A timer, because only a full turn of the loop
 * reads the runtime's input: in Deno a MessageChannel message or setImmediate resolves without
 * it (measured: calls then waited seconds). A turn costs 1–3 ms when nothing else is waiting.
 */
export function nextTurn(): Promise<void> {
    return new Promise((resolve) => setTimeout(resolve, 0));
}

/**
 * A function to call often during long work: it resolves at once, or, when `sliceMs` have passed
 * since the last turn, after the event loop had a turn.
 */
export function turnTaker(sliceMs: number, now: () => number = Date.now): () => Promise<void> {
    let since = now();
    return async () => {
        if (now() - since >= sliceMs) {
            await nextTurn();
            since = now();
        }
    };
}
