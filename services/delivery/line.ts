// The delivery line of this app runtime: one attempt at a time, because reading and rendering a
// long conversation is the app's largest use of memory and time. Each Rocket.Chat instance runs
// its own runtime and line; what keeps two instances from sending the same step is the claim
// (lib/delivery/claims.ts), not this line.
import { channelOf, TranscriptKind } from '../../lib/delivery/requests';
import { KeptConversation } from '../conversation';

export interface LineJob {
    rid: string;
    kind: TranscriptKind;
}

/** How an attempt ended: the line decides what comes next. */
export type AttemptEnd = 'finished' | 'more-parts' | 'retry-soon' | 'left';

export interface LineDeps {
    isDue(job: LineJob): Promise<boolean>;
    attempt(job: LineJob, handOver: () => Promise<void>): Promise<AttemptEnd>;
    schedule(job: LineJob, when: Date): Promise<void>;
    now(): number;
}

/** An attempt older than this (a bridge call that never answered) no longer holds the line. */
const STALE_RUN_MS = 2 * 60_000;
/** A job that finds the line busy waits in it, and a job this much later takes it up if the hand-over is lost. */
const BUSY_FALLBACK_MS = 30_000;
/** After two attempts both stood back before sending, a new attempt comes this much later, at random. */
const RETRY_SOON_MS = { min: 1_000, max: 4_000 };

const keyOf = (job: LineJob) => `${job.rid}:${job.kind}`;

export class DeliveryLine {
    /** A conversation read for the room's email, kept for its PDF, which comes next. */
    public readonly kept = new KeptConversation();
    private running?: { key: string; since: number };
    private readonly waiting = new Map<string, LineJob>();

    public isRunning(job?: LineJob, now = Date.now()): boolean {
        return !!this.running && now - this.running.since < STALE_RUN_MS && (!job || this.running.key === keyOf(job));
    }

    /** Runs the job's attempt when the line is free; emails first: a room's due email goes before its PDF. */
    public async run(job: LineJob, deps: LineDeps): Promise<void> {
        if (job.kind === 'pdf' && (await deps.isDue({ rid: job.rid, kind: 'email' }))) {
            this.waiting.set(keyOf(job), job);
            return this.run({ rid: job.rid, kind: 'email' }, deps);
        }
        if (this.isRunning(job, deps.now())) {
            return;
        }
        if (this.isRunning(undefined, deps.now())) {
            this.waiting.set(keyOf(job), job);
            await deps.schedule(job, new Date(deps.now() + BUSY_FALLBACK_MS)).catch(() => undefined);
            return;
        }
        const mine = { key: keyOf(job), since: deps.now() };
        this.running = mine;
        this.waiting.delete(mine.key);
        const handOver = () => this.handOver(mine, deps);
        try {
            const end = await deps.attempt(job, handOver);
            if (end === 'more-parts') {
                this.waiting.set(mine.key, job);
            } else if (end === 'retry-soon') {
                const delay = RETRY_SOON_MS.min + Math.random() * (RETRY_SOON_MS.max - RETRY_SOON_MS.min);
                await deps.schedule(job, new Date(deps.now() + delay)).catch(() => undefined);
            }
        } catch {
            // Persistence failed: the request is still open work, and a later sweep takes it up.
        } finally {
            await handOver();
        }
    }

    /**
     * Frees the line and schedules the next job in it. Called when the attempt ends, or earlier by an
     * email that only waits for the workspace to send it: the room's PDF renders meanwhile. Once only.
     */
    private async handOver(mine: { key: string; since: number }, deps: LineDeps): Promise<void> {
        if (this.running !== mine) {
            return;
        }
        this.running = undefined;
        const jobs = [...this.waiting.values()];
        const next = jobs.find((job) => channelOf(job.kind) === 'email') || jobs[0];
        if (next) {
            this.waiting.delete(keyOf(next));
            await deps.schedule(next, new Date(deps.now())).catch(() => undefined);
        }
    }
}
