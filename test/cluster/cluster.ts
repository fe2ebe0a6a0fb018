// Starts the local workspace as a cluster (`dev/main.ts --instances N`, see dev/cluster.ts) and
// talks to each instance over HTTP with a TestWorkspace client of its port.
import { descendants, TestWorkspace } from '../integration/workspace';

export interface ClusterOptions {
    instances: number;
    /** The scheduler's lock lifetime (SCHEDULER_LOCK_LIFETIME_MS): how long a dead instance's job stays locked. */
    lockLifetimeMs?: number;
}

export class TestCluster {
    /** The launcher (its output holds every instance's, prefixed `[iK]`). */
    public readonly launcher: TestWorkspace;
    /** A client per instance: `instances[k].api(...)`, `.dev(...)`. */
    public instances: TestWorkspace[] = [];
    public pids: number[] = [];

    constructor(options: ClusterOptions) {
        this.launcher = new TestWorkspace({
            args: ['--instances', String(options.instances)],
            env: { SCHEDULER_LOCK_LIFETIME_MS: String(options.lockLifetimeMs ?? 600_000) },
        });
    }

    public get appId(): string {
        return this.launcher.appId;
    }

    public async start(): Promise<void> {
        await this.launcher.start();
        const info = JSON.parse(/^READY (\{.*\})$/m.exec(this.launcher.output)![1]) as { ports: number[]; pids: number[]; appId: string };
        this.pids = info.pids;
        this.instances = info.ports.map((port) => {
            const client = new TestWorkspace({ dataDir: this.launcher.dataDir });
            client.port = port;
            client.appId = info.appId;
            return client;
        });
    }

    public stop(): Promise<void> {
        return this.launcher.stop();
    }

    /** kill -9 of instance k's process tree (its Node process, its Deno runtime, ...), as a crashed server. Returns the pid killed. */
    public kill(k: number): number {
        const pid = this.pids[k];
        for (const victim of [pid, ...descendants(pid).map((p) => p.pid)]) {
            try {
                process.kill(victim, 'SIGKILL');
            } catch {
                // Already gone.
            }
        }
        return pid;
    }

    /** Waits until the launcher started instance k again after a kill; its new pid is in `pids`. */
    public async waitForRestart(k: number, timeoutMs = 90_000): Promise<number> {
        const killed = this.pids[k];
        return this.launcher.waitFor(
            async () => {
                const restarts = [...this.launcher.output.matchAll(/^RESTARTED (\{.*\})$/gm)].map((m) => JSON.parse(m[1]) as { instance: number; pid: number });
                const restart = restarts.reverse().find((r) => r.instance === k && r.pid !== killed);
                if (restart) {
                    this.pids[k] = restart.pid;
                }
                return restart?.pid;
            },
            timeoutMs,
            `instance ${k} to restart`,
        );
    }

    /** Agenda's lockedBy of instance k's scheduler. */
    public lockOwner(k: number): RegExp {
        return new RegExp(`:${this.pids[k]}$`);
    }
}
