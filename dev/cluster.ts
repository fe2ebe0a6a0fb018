// `npm start -- --instances N`: the local workspace as a Rocket.Chat cluster. N processes, each a
// whole workspace (its own Apps-Engine and Deno runtime, HTTP server on PORT+k) over the one
// database of the data folder (dev/store.ts), as Rocket.Chat's instances run the app each over
// one MongoDB. Instance 0 starts first and installs or updates the app; the others start once it
// is up. An instance that dies (kill -9 of its process tree) is started again after a pause.
// SIGINT or SIGTERM to the launcher stops them all.
import { ChildProcess, spawn } from 'child_process';
import * as net from 'net';

/** Set in an instance's environment: its number in the cluster. */
export const INSTANCE_ENV = 'WORKSPACE_INSTANCE';
const RESTART_DELAY_MS = 2000;

export function instanceCount(): number {
    const index = process.argv.indexOf('--instances');
    const count = index >= 0 ? Number(process.argv[index + 1]) : 1;
    if (!Number.isInteger(count) || count < 1 || count > 16) {
        throw new Error('--instances takes a whole number from 1 to 16');
    }
    return count;
}

interface Instance {
    index: number;
    port: number;
    child?: ChildProcess;
    pid?: number;
    ready: boolean;
    starts: number;
}

export interface ClusterOptions {
    dataDir: string;
    /** Instance k listens on basePort + k; 0 picks free ports once, kept across restarts. */
    basePort: number;
    instances: number;
    /** The launcher's own arguments, passed on to each instance. */
    args: string[];
}

export async function runCluster(options: ClusterOptions): Promise<void> {
    const ports = options.basePort ? Array.from({ length: options.instances }, (_, k) => options.basePort + k) : await freePorts(options.instances);
    const instances: Instance[] = ports.map((port, index) => ({ index, port, ready: false, starts: 0 }));
    let stopping = false;
    let appId = '';

    const start = (instance: Instance): Promise<void> =>
        new Promise((resolve, reject) => {
            instance.starts++;
            instance.ready = false;
            const args = [...process.execArgv, process.argv[1], ...withoutClusterFlags(options.args), '--data', options.dataDir];
            const env: NodeJS.ProcessEnv = {
                ...process.env,
                PORT: String(instance.port),
                [INSTANCE_ENV]: String(instance.index),
                CLUSTER_FIRST_START: instance.index === 0 && instance.starts === 1 ? '1' : '0',
            };
            const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
            instance.child = child;
            instance.pid = child.pid;
            const prefix = `[i${instance.index}] `;
            let pending = '';
            const onData = (chunk: Buffer) => {
                pending += chunk.toString();
                const lines = pending.split('\n');
                pending = lines.pop() || '';
                for (const line of lines) {
                    const ready = /^READY (\{.*\})$/.exec(line);
                    if (!ready) {
                        process.stdout.write(`${prefix}${line}\n`);
                        continue;
                    }
                    appId = JSON.parse(ready[1]).appId;
                    instance.ready = true;
                    resolve();
                }
            };
            child.stdout!.on('data', onData);
            child.stderr!.on('data', onData);
            child.on('exit', (code, signal) => {
                instance.child = undefined;
                if (stopping) {
                    return;
                }
                const wasReady = instance.ready;
                process.stdout.write(`[cluster] instance ${instance.index} (pid ${instance.pid}) exited (${signal || code}); starting it again in ${RESTART_DELAY_MS} ms\n`);
                if (!wasReady && instance.starts === 1) {
                    reject(new Error(`instance ${instance.index} failed to start`));
                    return;
                }
                setTimeout(() => {
                    if (!stopping) {
                        start(instance)
                            .then(() => process.stdout.write(`RESTARTED ${JSON.stringify({ instance: instance.index, port: instance.port, pid: instance.pid })}\n`))
                            .catch((error) => process.stdout.write(`[cluster] instance ${instance.index} did not restart: ${error.message}\n`));
                    }
                }, RESTART_DELAY_MS);
            });
        });

    const stopAll = () => {
        stopping = true;
        const alive = instances.filter((i) => i.child);
        if (alive.length === 0) {
            process.exit(0);
        }
        let left = alive.length;
        for (const instance of alive) {
            instance.child!.once('exit', () => --left === 0 && process.exit(0));
            instance.child!.kill('SIGTERM');
        }
        setTimeout(() => {
            alive.forEach((i) => i.child?.kill('SIGKILL'));
            process.exit(0);
        }, 10_000).unref();
    };
    process.on('SIGINT', stopAll);
    process.on('SIGTERM', stopAll);

    try {
        // Instance 0 installs or updates the app alone; the others then load what it installed.
        await start(instances[0]);
        await Promise.all(instances.slice(1).map(start));
    } catch (error) {
        stopping = true;
        instances.forEach((i) => i.child?.kill('SIGKILL'));
        throw error;
    }

    console.log(`Cluster of ${instances.length} instances over ${options.dataDir}:`);
    for (const instance of instances) {
        console.log(`  instance ${instance.index}: http://127.0.0.1:${instance.port} (pid ${instance.pid})`);
    }
    console.log(`READY ${JSON.stringify({ port: ports[0], ports, pids: instances.map((i) => i.pid), appId })}`);
}

/** Passes everything but --instances N (and --reset, done once by the launcher) to the instances. */
function withoutClusterFlags(args: string[]): string[] {
    const out: string[] = [];
    for (let i = 0; i < args.length; i++) {
        if (args[i] === '--instances' || args[i] === '--data') {
            i++;
        } else if (args[i] !== '--reset') {
            out.push(args[i]);
        }
    }
    return out;
}

/** Free ports chosen once by the system. */
async function freePorts(count: number): Promise<number[]> {
    const servers = await Promise.all(
        Array.from(
            { length: count },
            () =>
                new Promise<net.Server>((resolve) => {
                    const server = net.createServer();
                    server.listen(0, '127.0.0.1', () => resolve(server));
                }),
        ),
    );
    const ports = servers.map((s) => (s.address() as net.AddressInfo).port);
    await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
    return ports;
}
