// Counting a conversation without reading it: the accessors read messages by position (skip and
// limit) but offer no exact count, so the count is the first position that holds no message.

/**
 * The number of messages, given that there are at least `atLeast` and a guess (for example the
 * room's own count, which may include system messages): `exists(position)` reads one message.
 * Doubles its step past the guess, then halves the interval: about 2·log2(n) reads at most.
 */
export async function countByPosition(exists: (position: number) => Promise<boolean>, atLeast: number, guess = 0, firstStep = 100): Promise<number> {
    let low = atLeast; // every position below low holds a message
    let step = Math.max(firstStep, guess - atLeast + 1);
    let high = low + step - 1;
    while (await exists(high)) {
        low = high + 1;
        step *= 2;
        high = low + step - 1;
    }
    // Now a message at every position below low, none at high.
    while (low < high) {
        const middle = Math.floor((low + high) / 2);
        if (await exists(middle)) {
            low = middle + 1;
        } else {
            high = middle;
        }
    }
    return low;
}
