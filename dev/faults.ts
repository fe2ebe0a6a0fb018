// Fault injection for tests: make a bridge fail or hang for its next N calls.
export type FaultTarget = 'email' | 'upload' | 'persistence';

interface Fault {
    mode: 'fail' | 'hang';
    remaining: number;
    /** How long a hang lasts, in ms. */
    hangMs: number;
}

export class Faults {
    private readonly armed = new Map<FaultTarget, Fault>();
    private readonly hits = new Map<FaultTarget, number>();

    public arm(target: FaultTarget, mode: Fault['mode'], count: number, hangMs = 60_000): void {
        this.armed.set(target, { mode, remaining: count, hangMs });
    }

    public clear(): void {
        this.armed.clear();
    }

    public injected(target: FaultTarget): number {
        return this.hits.get(target) || 0;
    }

    /** Called by a bridge before it does its work. */
    public async hit(target: FaultTarget): Promise<void> {
        const fault = this.armed.get(target);
        if (!fault || fault.remaining <= 0) {
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
