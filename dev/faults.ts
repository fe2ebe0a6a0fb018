// Fault injection for tests: make a bridge fail or hang for its next N calls.
// With `after`, the fault waits until that bridge has succeeded once (the email or upload
// bridges report their successes), so a persistence fault can hit the write that follows a send.
export type FaultTarget = 'email' | 'upload' | 'persistence';
export type FaultMode = 'fail' | 'hang';
/** Bridges that report a success, so that a fault can wait for one. */
export type SuccessSource = 'email' | 'upload';

export const FAULT_TARGETS: FaultTarget[] = ['email', 'upload', 'persistence'];
export const FAULT_MODES: FaultMode[] = ['fail', 'hang'];
export const SUCCESS_SOURCES: SuccessSource[] = ['email', 'upload'];

export interface FaultOptions {
    mode?: FaultMode;
    /** How many calls fail (default 1). */
    count?: number;
    /** How long a hang lasts before the call fails, in ms (default 60 s). */
    hangMs?: number;
    /** Arm only once this bridge has succeeded. */
    after?: SuccessSource;
}

interface Fault {
    mode: FaultMode;
    remaining: number;
    hangMs: number;
    waitingFor?: SuccessSource;
}

export class Faults {
    private readonly armed = new Map<FaultTarget, Fault>();
    private readonly hits = new Map<FaultTarget, number>();

    public arm(target: FaultTarget, options: FaultOptions = {}): void {
        this.armed.set(target, { mode: options.mode || 'fail', remaining: options.count ?? 1, hangMs: options.hangMs ?? 60_000, waitingFor: options.after });
    }

    public clear(): void {
        this.armed.clear();
    }

    public injected(target: FaultTarget): number {
        return this.hits.get(target) || 0;
    }

    /** Called by a bridge after its work succeeded: faults waiting for it become live. */
    public succeeded(source: SuccessSource): void {
        for (const fault of this.armed.values()) {
            if (fault.waitingFor === source) {
                fault.waitingFor = undefined;
            }
        }
    }

    /** Called by a bridge before it does its work. */
    public async hit(target: FaultTarget): Promise<void> {
        const fault = this.armed.get(target);
        if (!fault || fault.waitingFor || fault.remaining <= 0) {
            return;
        }
        fault.remaining--;
        this.hits.set(target, this.injected(target) + 1);
        if (fault.mode === 'hang') {
            await new Promise((resolve) => setTimeout(resolve, fault.hangMs));
        }
        throw new Error(`injected ${target} fault`);
    }
}
