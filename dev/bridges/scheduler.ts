import { IOnetimeSchedule, IProcessor, IRecurringSchedule, StartupType } from 'apps-engine-server/definition/scheduler';
import { SchedulerBridge } from 'apps-engine-server/server/bridges/SchedulerBridge';
import { JsonStore } from '../store';
import { newId } from '../workspace';

interface StoredJob {
    id: string;
    appId: string;
    processorId: string;
    runAt: Date;
    /** Seconds between runs of a recurring job. */
    intervalSeconds?: number;
    data?: object;
}

const UNIT_SECONDS: Record<string, number> = { second: 1, minute: 60, hour: 3600, day: 86400, week: 604800 };

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
 * Jobs are kept in the data folder and really run at their time: a job scheduled before a
 * restart runs after it, once its app has registered the processor again.
 */
export class LocalSchedulerBridge extends SchedulerBridge {
    /** The engine hands bridges processors already bound to the app: they take only the job context. */
    private readonly processors = new Map<string, (jobContext: object) => Promise<void>>();
    private readonly running = new Set<string>();
    private timer?: NodeJS.Timeout;
    /** While paused, due jobs wait (as when the workspace's job queue is busy or down); they run once resumed. */
    public paused = false;

    constructor(private readonly store: JsonStore, private readonly tickMs = 200) {
        super();
    }

    public start(): void {
        this.timer = setInterval(() => void this.runDueJobs(), this.tickMs);
    }

    public stop(): void {
        clearInterval(this.timer);
    }

    public jobs(): StoredJob[] {
        return Object.values(this.store.collection<StoredJob>('jobs'));
    }

    protected async registerProcessors(processors: IProcessor[], appId: string): Promise<string[]> {
        for (const processor of processors) {
            this.processors.set(processor.id, processor.processor as unknown as (jobContext: object) => Promise<void>);
            const startup = processor.startupSetting;
            if (startup?.type === StartupType.RECURRING) {
                this.cancelByProcessor(processor.id);
                await this.scheduleRecurring({ id: processor.id, interval: startup.interval, skipImmediate: startup.skipImmediate, data: startup.data }, appId);
            } else if (startup?.type === StartupType.ONETIME) {
                await this.scheduleOnce({ id: processor.id, when: startup.when, data: startup.data }, appId);
            }
        }
        return processors.map((p) => p.id);
    }

    protected async scheduleOnce(job: IOnetimeSchedule, appId: string): Promise<string> {
        const runAt = parseWhen(job.when);
        const id = this.save({ appId, processorId: job.id, runAt, data: job.data });
        if (runAt.getTime() <= Date.now()) {
            // As Rocket.Chat's Agenda does, a job due before the next scan runs right away.
            setImmediate(() => void this.runDueJobs());
        }
        return id;
    }

    protected async scheduleRecurring(job: IRecurringSchedule, appId: string): Promise<string> {
        const intervalSeconds = intervalToSeconds(job.interval);
        const runAt = new Date(Date.now() + (job.skipImmediate ? intervalSeconds * 1000 : 0));
        return this.save({ appId, processorId: job.id, runAt, intervalSeconds, data: job.data });
    }

    protected async cancelJob(jobId: string): Promise<void> {
        this.cancelByProcessor(jobId);
        this.store.delete('jobs', jobId);
    }

    protected async cancelAllJobs(appId: string): Promise<void> {
        for (const job of this.jobs().filter((j) => j.appId === appId)) {
            delete this.store.collection('jobs')[job.id];
        }
        this.store.save('jobs');
    }

    private save(job: Omit<StoredJob, 'id'>): string {
        const id = newId();
        this.store.put('jobs', id, { id, ...job });
        return id;
    }

    private cancelByProcessor(processorId: string): void {
        const jobs = this.store.collection<StoredJob>('jobs');
        for (const job of Object.values(jobs).filter((j) => j.processorId === processorId)) {
            delete jobs[job.id];
        }
        this.store.save('jobs');
    }

    private async runDueJobs(): Promise<void> {
        if (this.paused) {
            return;
        }
        const now = Date.now();
        for (const job of this.jobs()) {
            const processor = this.processors.get(job.processorId);
            if (!processor || this.running.has(job.id) || job.runAt.getTime() > now) {
                continue;
            }
            if (job.intervalSeconds) {
                this.store.put('jobs', job.id, { ...job, runAt: new Date(now + job.intervalSeconds * 1000) });
            } else {
                this.store.delete('jobs', job.id);
            }
            this.running.add(job.id);
            processor({ ...(job.data || {}), jobId: job.id })
                .catch((error) => console.error(`[scheduler] job ${job.processorId} failed:`, error?.message || error))
                .finally(() => this.running.delete(job.id));
        }
    }
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
