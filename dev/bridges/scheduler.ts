import * as os from 'os';
import { IOnetimeSchedule, IProcessor, IRecurringSchedule, StartupType } from 'apps-engine-server/definition/scheduler';
import { SchedulerBridge } from 'apps-engine-server/server/bridges/SchedulerBridge';
import { JsonStore, fromJson, toJson } from '../store';
import { newId } from '../workspace';

/** A job as GET /dev/jobs shows it. `runAt` is Agenda's nextRunAt (none once a one-time job has started). */
export interface StoredJob {
    id: string;
    appId: string;
    processorId: string;
    /** Agenda's job types: 'normal' (scheduleOnce, one row per call) or 'single' (recurring, one row per processor). */
    type: 'normal' | 'single';
    runAt?: Date;
    /** Seconds between runs of a recurring job. */
    intervalSeconds?: number;
    data?: object;
    lockedAt?: Date;
    lockedBy?: string;
    lastRunAt?: Date;
    lastFinishedAt?: Date;
    failedAt?: Date;
    failReason?: string;
}

interface JobRow {
    id: string;
    app_id: string;
    processor_id: string;
    type: 'normal' | 'single';
    next_run_at: number | null;
    interval_seconds: number | null;
    data: string | null;
    locked_at: number | null;
    locked_by: string | null;
    last_run_at: number | null;
    last_finished_at: number | null;
    failed_at: number | null;
    fail_reason: string | null;
}

const UNIT_SECONDS: Record<string, number> = { second: 1, minute: 60, hour: 3600, day: 86400, week: 604800 };

/** Agenda's default lock lifetime: a job locked longer than this is taken to have died with its instance. */
const DEFAULT_LOCK_LIFETIME_MS = 10 * 60_000;

/** "5 minutes", "1 hour", or a number of seconds. */
export function intervalToSeconds(interval: string | number): number {
    if (typeof interval === 'number') {
        return interval;
    }
    const match = /^\s*(\d+(?:\.\d+)?)\s*(second|minute|hour|day|week)s?\s*$/i.exec(interval);
    if (!match) {
        throw new Error(`Unsupported interval "${interval}"`);
    }
    return Number(match[1]) * UNIT_SECONDS[match[2].toLowerCase()];
}

/**
 * Rocket.Chat's scheduler (apps/meteor/app/apps/server/bridges/scheduler.ts): Agenda over the
 * `rocketchat_apps_scheduler` collection with `defaultConcurrency: 1`, here over the `jobs` table of
 * the shared database. Every instance of a cluster polls it; an instance runs a due job only after
 * locking its row in one atomic UPDATE (unlocked and due, or locked longer ago than the lock
 * lifetime: the instance that held it is taken to be dead and the job runs again). At most one job
 * per processor runs at a time in an instance. A one-time job is removed once its processor
 * resolved; one that failed stays with failedAt and is not run again. A recurring job is one row
 * per processor, its next run set when it starts.
 */
export class LocalSchedulerBridge extends SchedulerBridge {
    /** The engine hands bridges processors already bound to the app: they take only the job context. */
    private readonly processors = new Map<string, { appId: string; run: (jobContext: object) => Promise<void> }>();
    /** Processors with a job running in this instance. */
    private readonly running = new Set<string>();
    private timer?: NodeJS.Timeout;
    /** While paused, due jobs wait (as when the workspace's job queue is busy or down); they run once resumed. */
    public paused = false;

    constructor(
        private readonly store: JsonStore,
        private readonly tickMs = 200,
        private readonly lockLifetimeMs = Number(process.env.SCHEDULER_LOCK_LIFETIME_MS) || DEFAULT_LOCK_LIFETIME_MS,
        /** Agenda's lockedBy: this process. */
        public readonly instanceName = `${os.hostname()}:${process.pid}`,
    ) {
        super();
    }

    public start(): void {
        this.timer = setInterval(() => void this.runDueJobs(), this.tickMs);
    }

    public stop(): void {
        clearInterval(this.timer);
    }

    public jobs(): StoredJob[] {
        return (this.store.sql('SELECT * FROM jobs ORDER BY created_at, rowid').all() as JobRow[]).map(toJob);
    }

    /** The registered processor `name` (the engine suffixes ids with the app id). */
    public processorId(name: string): string | undefined {
        return [...this.processors.keys()].find((id) => id === name || id.startsWith(`${name}_`));
    }

    /**
     * Runs a processor now in this instance, past the job's lock (dev route): what happens when a
     * run outlives the lock lifetime and another instance starts the job again, so a test can run
     * the sweep on every instance at once. The job's row is left as it is. Not run when the
     * processor already runs here (concurrency 1); `error`: why the run failed.
     */
    public async runNow(processorId: string): Promise<{ ran: boolean; error?: string }> {
        if (!this.processors.has(processorId) || this.running.has(processorId)) {
            return { ran: false };
        }
        const row = this.store.sql("SELECT * FROM jobs WHERE processor_id = ? AND type = 'single'").get(processorId) as JobRow | undefined;
        const error = await this.run(processorId, row, false);
        return { ran: true, ...(error ? { error } : {}) };
    }

    protected async registerProcessors(processors: IProcessor[], appId: string): Promise<string[]> {
        for (const processor of processors) {
            this.processors.set(processor.id, { appId, run: processor.processor as unknown as (jobContext: object) => Promise<void> });
            const startup = processor.startupSetting;
            if (startup?.type === StartupType.RECURRING) {
                await this.scheduleRecurring({ id: processor.id, interval: startup.interval, skipImmediate: startup.skipImmediate, data: startup.data }, appId);
            } else if (startup?.type === StartupType.ONETIME && !this.store.sql("SELECT 1 FROM jobs WHERE processor_id = ? AND type = 'normal'").get(processor.id)) {
                await this.scheduleOnce({ id: processor.id, when: startup.when, data: startup.data }, appId);
            }
        }
        return processors.map((p) => p.id);
    }

    protected async scheduleOnce(job: IOnetimeSchedule, appId: string): Promise<string> {
        const runAt = parseWhen(job.when);
        const id = newId();
        this.store
            .sql("INSERT INTO jobs (id, app_id, processor_id, type, next_run_at, data, created_at) VALUES (?, ?, ?, 'normal', ?, ?, ?)")
            .run(id, appId, job.id, runAt.getTime(), job.data ? toJson(job.data) : null, Date.now());
        if (runAt.getTime() <= Date.now()) {
            // As Rocket.Chat's Agenda does, a job due before the next scan runs right away.
            setImmediate(() => void this.runDueJobs());
        }
        return id;
    }

    /** Agenda's every(): upserts the processor's one row; a next run already due or past is kept, as Agenda's save of a 'single' job does. */
    protected async scheduleRecurring(job: IRecurringSchedule, appId: string): Promise<string> {
        const intervalSeconds = intervalToSeconds(job.interval);
        const now = Date.now();
        const runAt = now + (job.skipImmediate ? intervalSeconds * 1000 : 0);
        const row = this.store
            .sql(
                `INSERT INTO jobs (id, app_id, processor_id, type, next_run_at, interval_seconds, data, created_at) VALUES (?, ?, ?, 'single', ?, ?, ?, ?)
                 ON CONFLICT (app_id, processor_id) WHERE type = 'single' DO UPDATE SET
                   interval_seconds = excluded.interval_seconds, data = excluded.data,
                   next_run_at = CASE WHEN excluded.next_run_at <= ? AND next_run_at IS NOT NULL THEN next_run_at ELSE excluded.next_run_at END
                 RETURNING id`,
            )
            .get(newId(), appId, job.id, runAt, intervalSeconds, job.data ? toJson(job.data) : null, now, now) as { id: string };
        return row.id;
    }

    /** By job id, or by processor id (Agenda's cancel by name), as Rocket.Chat does. */
    protected async cancelJob(jobId: string): Promise<void> {
        this.store.sql('DELETE FROM jobs WHERE id = ? OR processor_id = ?').run(jobId, jobId);
    }

    protected async cancelAllJobs(appId: string): Promise<void> {
        this.store.sql('DELETE FROM jobs WHERE app_id = ?').run(appId);
    }

    private async runDueJobs(): Promise<void> {
        if (this.paused) {
            return;
        }
        for (const processorId of this.processors.keys()) {
            if (this.running.has(processorId)) {
                continue;
            }
            const job = this.lockNextDue(processorId);
            if (job) {
                void this.run(processorId, job);
            }
        }
    }

    /** Locks the processor's next due job for this instance: due and unlocked, or locked longer ago than the lock lifetime. */
    private lockNextDue(processorId: string): JobRow | undefined {
        const now = Date.now();
        const candidate = this.store
            .sql(
                `SELECT id FROM jobs WHERE processor_id = ? AND failed_at IS NULL AND
                   ((locked_at IS NULL AND next_run_at <= ?) OR locked_at <= ?)
                 ORDER BY next_run_at LIMIT 1`,
            )
            .pluck()
            .get(processorId, now, now - this.lockLifetimeMs) as string | undefined;
        return candidate ? this.lock(candidate) : undefined;
    }

    /**
     * The compare-and-set on the row: only one instance's UPDATE matches. At its start a recurring
     * job gets its next run and a one-time job none, as Agenda computes nextRunAt when a job starts.
     */
    private lock(id: string): JobRow | undefined {
        const now = Date.now();
        return this.store
            .sql(
                `UPDATE jobs SET locked_at = ?, locked_by = ?, last_run_at = ?,
                   next_run_at = CASE WHEN type = 'single' THEN ? + interval_seconds * 1000 ELSE NULL END
                 WHERE id = ? AND failed_at IS NULL AND
                   ((locked_at IS NULL AND next_run_at <= ?) OR locked_at <= ?)
                 RETURNING *`,
            )
            .get(now, this.instanceName, now, now, id, now, now - this.lockLifetimeMs) as JobRow | undefined;
    }

    /** Runs the processor for a job it locked (`locked`), or past its lock (runNow: the row is not written). Returns why it failed. */
    private async run(processorId: string, job: JobRow | undefined, locked = true): Promise<string | undefined> {
        const processor = this.processors.get(processorId)!;
        this.running.add(processorId);
        try {
            const data = job?.data ? fromJson<object>(job.data) : {};
            await processor.run({ ...data, jobId: job?.id });
            if (!job || !locked) {
                return undefined;
            }
            if (job.type === 'normal') {
                // Rocket.Chat removes a one-time job once its processor resolved.
                this.store.sql('DELETE FROM jobs WHERE id = ?').run(job.id);
            } else {
                this.store.sql('UPDATE jobs SET locked_at = NULL, locked_by = NULL, last_finished_at = ? WHERE id = ?').run(Date.now(), job.id);
            }
            return undefined;
        } catch (error) {
            const reason = String((error as Error)?.message || error);
            console.error(`[scheduler] job ${processorId} failed:`, reason);
            if (job && locked) {
                const now = Date.now();
                // Agenda keeps a failed job with failedAt; a one-time one has no next run, a recurring one keeps its own.
                this.store
                    .sql('UPDATE jobs SET locked_at = NULL, locked_by = NULL, last_finished_at = ?, failed_at = CASE WHEN type = \'normal\' THEN ? ELSE NULL END, fail_reason = ? WHERE id = ?')
                    .run(now, now, reason, job.id);
            }
            return reason;
        } finally {
            this.running.delete(processorId);
        }
    }
}

function toJob(row: JobRow): StoredJob {
    const date = (ms: number | null) => (ms === null ? undefined : new Date(ms));
    return {
        id: row.id,
        appId: row.app_id,
        processorId: row.processor_id,
        type: row.type,
        runAt: date(row.next_run_at),
        intervalSeconds: row.interval_seconds ?? undefined,
        data: row.data ? fromJson<object>(row.data) : undefined,
        lockedAt: date(row.locked_at),
        lockedBy: row.locked_by ?? undefined,
        lastRunAt: date(row.last_run_at),
        lastFinishedAt: date(row.last_finished_at),
        failedAt: date(row.failed_at),
        failReason: row.fail_reason ?? undefined,
    };
}

function parseWhen(when: string | Date): Date {
    if (when instanceof Date) {
        return when;
    }
    const relative = /^\s*in\s+(.+)$/i.exec(when);
    if (relative) {
        return new Date(Date.now() + intervalToSeconds(relative[1]) * 1000);
    }
    const date = new Date(when);
    if (Number.isNaN(date.getTime())) {
        throw new Error(`Unsupported schedule time "${when}"`);
    }
    return date;
}
