// A fixed-window request counter per key (visitor token, room), for the public endpoints.
// Keys are kept as short digests and the table is bounded, so unauthenticated callers cannot
// grow it: expired windows go first, then the oldest.
import { createHash } from 'crypto';

/** Windows kept at most (about 100 bytes each). */
export const MAX_WINDOWS = 20_000;

const digest = (key: string): string => createHash('sha256').update(key).digest('base64').slice(0, 22);

export class RateLimiter {
    private readonly windows = new Map<string, { start: number; count: number }>();

    constructor(private readonly windowMs = 60_000, private readonly maxWindows = MAX_WINDOWS) {}

    /** Counts a request for every key; false when any key is over `limit` in this window. */
    public allow(keys: string[], limit: number, now = Date.now()): boolean {
        if (limit <= 0) {
            return true;
        }
        const counters = keys.map((key) => {
            const id = digest(key);
            const current = this.windows.get(id);
            if (current && now - current.start < this.windowMs) {
                return current;
            }
            const fresh = { start: now, count: 0 };
            this.windows.delete(id);
            this.makeRoom(now);
            this.windows.set(id, fresh);
            return fresh;
        });
        counters.forEach((window) => window.count++);
        return counters.every((window) => window.count <= limit);
    }

    /** How many windows are kept. */
    public get size(): number {
        return this.windows.size;
    }

    /** Drops expired windows once the table is full, then the oldest ones. Windows are in start order. */
    private makeRoom(now: number): void {
        if (this.windows.size < this.maxWindows) {
            return;
        }
        for (const [id, window] of this.windows) {
            if (this.windows.size < this.maxWindows && now - window.start < this.windowMs) {
                return;
            }
            this.windows.delete(id);
        }
    }
}
