// A fixed-window request counter per key (visitor token, room), for the public endpoints.

export class RateLimiter {
    private readonly windows = new Map<string, { start: number; count: number }>();

    constructor(private readonly windowMs = 60_000) {}

    /** Counts a request for every key; false when any key is over `limit` in this window. */
    public allow(keys: string[], limit: number, now = Date.now()): boolean {
        if (limit <= 0) {
            return true;
        }
        this.forget(now);
        const counters = keys.map((key) => {
            const current = this.windows.get(key);
            const window = current && now - current.start < this.windowMs ? current : { start: now, count: 0 };
            this.windows.set(key, window);
            return window;
        });
        counters.forEach((window) => window.count++);
        return counters.every((window) => window.count <= limit);
    }

    private forget(now: number): void {
        if (this.windows.size < 10_000) {
            return;
        }
        for (const [key, window] of this.windows) {
            if (now - window.start >= this.windowMs) {
                this.windows.delete(key);
            }
        }
    }
}
