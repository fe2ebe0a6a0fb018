// A tiny seeded PRNG (mulberry32): the same seed gives the same conversation on every machine.

export interface Rng {
    /** A float in [0, 1). */
    next(): number;
    /** An integer in [min, max] (both inclusive). */
    int(min: number, max: number): number;
    pick<T>(list: readonly T[]): T;
    chance(p: number): boolean;
}

export function createRng(seed: number): Rng {
    let state = seed >>> 0;
    const next = () => {
        state = (state + 0x6d2b79f5) >>> 0;
        let t = state;
        t = Math.imul(t ^ (t >>> 15), t | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
    const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
    return {
        next,
        int,
        pick: (list) => list[int(0, list.length - 1)],
        chance: (p) => next() < p,
    };
}
