// Fault injection for tests: make a bridge fail or hang for its next N calls, or delay each call.
// With `after`, the fault waits until that bridge has succeeded once (the email or upload
// bridges report their successes), so a persistence fault can hit the write that follows a send.
// Faults live in the shared database (dev/store.ts): one armed on any instance of a cluster hits
// the calls of every instance, and a count is shared (decremented atomically).
import { JsonStore } from './store';

export type FaultTarget = 'email' | 'upload' | 'persistence';
export type FaultMode = 'fail' | 'hang' | 'latency';
/** Bridges that report a success, so that a fault can wait for one. */
export type SuccessSource = 'email' | 'upload';

export const FAULT_TARGETS: FaultTarget[] = ['email', 'upload', 'persistence'];
export const FAULT_MODES: FaultMode[] = ['fail', 'hang', 'latency'];
export const SUCCESS_SOURCES: SuccessSource[] = ['email', 'upload'];

export interface FaultOptions {
    mode?: FaultMode;
    /** How many calls fail (default 1). A latency fault delays every call until cleared. */
    count?: number;
    /** How long a hang lasts before the call fails, in ms (default 60 s). */
    hangMs?: number;
    /** Latency: each call waits a random time in [minMs, maxMs]. */
    minMs?: number;
    maxMs?: number;
    /** Arm only once this bridge has succeeded. */
    after?: SuccessSource;
}

interface FaultConfig {
    mode: FaultMode;
    hangMs: number;
    minMs: number;
    maxMs: number;
}

export class Faults {
    constructor(private readonly store: JsonStore) {}

    public arm(target: FaultTarget, options: FaultOptions = {}): void {
        const config: FaultConfig = { mode: options.mode || 'fail', hangMs: options.hangMs ?? 60_000, minMs: options.minMs ?? 0, maxMs: options.maxMs ?? options.minMs ?? 0 };
        this.store
            .sql('INSERT OR REPLACE INTO faults (target, config, remaining, waiting_for) VALUES (?, ?, ?, ?)')
            .run(target, JSON.stringify(config), options.count ?? 1, options.after ?? null);
    }

    public clear(): void {
        this.store.sql('DELETE FROM faults').run();
    }

    /** Faults injected so far, by every instance. */
    public injected(target: FaultTarget): number {
        return (this.store.sql('SELECT hits FROM fault_hits WHERE target = ?').pluck().get(target) as number | undefined) || 0;
    }

    /** Called by a bridge after its work succeeded: faults waiting for it become live. */
    public succeeded(source: SuccessSource): void {
        this.store.sql('UPDATE faults SET waiting_for = NULL WHERE waiting_for = ?').run(source);
    }

    /** Called by a bridge before it does its work. */
    public async hit(target: FaultTarget): Promise<void> {
        const row = this.store.sql('SELECT config FROM faults WHERE target = ? AND waiting_for IS NULL').pluck().get(target) as string | undefined;
        if (!row) {
            return;
        }
        const config = JSON.parse(row) as FaultConfig;
        if (config.mode === 'latency') {
            await sleep(config.minMs + Math.random() * Math.max(config.maxMs - config.minMs, 0));
            return;
        }
        // Takes one of the remaining failures, if another instance has not taken the last one.
        const taken = this.store.sql('UPDATE faults SET remaining = remaining - 1 WHERE target = ? AND waiting_for IS NULL AND remaining > 0').run(target).changes > 0;
        if (!taken) {
            return;
        }
        this.store.sql('INSERT INTO fault_hits (target, hits) VALUES (?, 1) ON CONFLICT (target) DO UPDATE SET hits = hits + 1').run(target);
        if (config.mode === 'hang') {
            await sleep(config.hangMs);
        }
        throw new Error(`injected ${target} fault`);
    }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
