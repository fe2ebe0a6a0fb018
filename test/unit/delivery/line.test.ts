// The runtime's delivery line, with a manual clock and fake attempts.
import { AttemptEnd, DeliveryLine, LineDeps, LineJob } from '../../../services/delivery/line';

function harness(due: LineJob[] = []) {
    let clock = 1_000_000;
    const scheduled: Array<{ job: LineJob; at: number }> = [];
    const attempts: LineJob[] = [];
    let release: (() => void) | undefined;
    let end: AttemptEnd = 'finished';
    const deps: LineDeps = {
        isDue: async (job) => due.some((d) => d.rid === job.rid && d.kind === job.kind),
        attempt: async (job, handOver) => {
            attempts.push(job);
            if (job.rid === 'slow') {
                await new Promise<void>((resolve) => (release = resolve));
            }
            if (job.rid === 'hands-over') {
                await handOver();
            }
            return end;
        },
        schedule: async (job, when) => {
            scheduled.push({ job, at: when.getTime() - clock });
        },
        now: () => clock,
    };
    return {
        deps,
        scheduled,
        attempts,
        release: () => release?.(),
        endWith: (value: AttemptEnd) => (end = value),
        advance: (ms: number) => (clock += ms),
    };
}

describe('the delivery line', () => {
    test("a room's due email goes before its PDF; the PDF is scheduled when the email is done", async () => {
        const h = harness([{ rid: 'r', kind: 'email' }]);
        await new DeliveryLine().run({ rid: 'r', kind: 'pdf' }, h.deps);
        expect(h.attempts).toEqual([{ rid: 'r', kind: 'email' }]);
        expect(h.scheduled).toEqual([{ job: { rid: 'r', kind: 'pdf' }, at: 0 }]);
    });

    test('a job that finds the line busy waits, with a fallback job 30 s later; it is scheduled at the hand-over', async () => {
        const h = harness();
        const line = new DeliveryLine();
        const slow = line.run({ rid: 'slow', kind: 'pdf' }, h.deps);
        await new Promise((resolve) => setImmediate(resolve));
        await line.run({ rid: 'b', kind: 'pdf' }, h.deps);
        await line.run({ rid: 'c', kind: 'email' }, h.deps);
        expect(h.scheduled.map((s) => [s.job.rid, s.at])).toEqual([
            ['b', 30_000],
            ['c', 30_000],
        ]);
        h.release();
        await slow;
        // Emails first.
        expect(h.scheduled[2]).toEqual({ job: { rid: 'c', kind: 'email' }, at: 0 });
    });

    test('a job already running is not run twice; a run older than two minutes no longer holds the line', async () => {
        const h = harness();
        const line = new DeliveryLine();
        const slow = line.run({ rid: 'slow', kind: 'email' }, h.deps);
        await new Promise((resolve) => setImmediate(resolve));
        await line.run({ rid: 'slow', kind: 'email' }, h.deps);
        expect(h.attempts).toHaveLength(1);
        h.advance(2 * 60_000 + 1);
        expect(line.isRunning(undefined, h.deps.now())).toBe(false);
        h.release();
        await slow;
    });

    test('more parts: the request waits in line and is scheduled at once; after a stand-back, a new attempt comes 1–4 s later', async () => {
        const h = harness();
        h.endWith('more-parts');
        await new DeliveryLine().run({ rid: 'long', kind: 'pdf' }, h.deps);
        expect(h.scheduled).toEqual([{ job: { rid: 'long', kind: 'pdf' }, at: 0 }]);
        h.endWith('retry-soon');
        await new DeliveryLine().run({ rid: 'contended', kind: 'email' }, h.deps);
        const retry = h.scheduled[1];
        expect(retry.job.rid).toBe('contended');
        expect(retry.at).toBeGreaterThanOrEqual(1_000);
        expect(retry.at).toBeLessThanOrEqual(4_000);
    });

    test('an email that hands over early frees the line for the next job while it is still sending', async () => {
        const h = harness();
        const line = new DeliveryLine();
        await line.run({ rid: 'hands-over', kind: 'email' }, h.deps);
        expect(line.isRunning()).toBe(false);
    });
});
