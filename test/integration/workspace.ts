// Starts the local workspace (`dev/main.ts`) as a child process on a free port with its own
// data folder, exactly as `npm start` does, and talks to it over HTTP.
import { ChildProcess, spawn } from 'child_process';
import * as http from 'http';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const ROOT = path.join(__dirname, '..', '..');

export interface DemoUser {
    id: string;
    username: string;
    roles: string[];
    authToken: string;
}

export interface HttpAnswer<T = any> {
    status: number;
    body: T;
    text: string;
}

export interface StartOptions {
    dataDir?: string;
    withheldPermissions?: string[];
    /** More arguments for dev/main.ts (e.g. `--instances 3`). */
    args?: string[];
    /** More environment for it. */
    env?: Record<string, string>;
}

export class TestWorkspace {
    /**
     * The workspaces this test file started with every permission granted: after each test of
     * test/integration none of them may have logged a permission denial (setup.ts).
     */
    public static readonly fullyPermitted = new Set<TestWorkspace>();

    public appId = '';
    public port = 0;
    public output = '';
    public readonly dataDir: string;
    private child?: ChildProcess;

    constructor(private readonly options: StartOptions = {}) {
        this.dataDir = options.dataDir || fs.mkdtempSync(path.join(os.tmpdir(), 'transcripts-ws-'));
    }

    public async start(): Promise<void> {
        const from = this.output.length;
        const env: NodeJS.ProcessEnv = { ...process.env, PORT: '0', NODE_ENV: 'development', WITHHOLD_PERMISSIONS: (this.options.withheldPermissions || []).join(','), ...this.options.env };
        const args = [path.join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), path.join(ROOT, 'dev', 'main.ts'), '--data', this.dataDir, ...(this.options.args || [])];
        this.child = spawn(process.execPath, args, { cwd: ROOT, env });
        const ready = new Promise<void>((resolve, reject) => {
            const onData = (chunk: Buffer) => {
                this.output += chunk.toString();
                const match = /READY (\{.*\})/.exec(this.output.slice(from));
                if (match) {
                    const info = JSON.parse(match[1]);
                    this.port = info.port;
                    this.appId = info.appId;
                    resolve();
                }
            };
            this.child!.stdout!.on('data', onData);
            this.child!.stderr!.on('data', onData);
            this.child!.on('exit', (code) => reject(new Error(`workspace exited with ${code}:\n${this.output}`)));
        });
        await ready;
        if (!this.options.withheldPermissions?.length) {
            TestWorkspace.fullyPermitted.add(this);
        }
        await this.firstSweep();
    }

    /**
     * The app's recurring sweep runs once at start and, on a fresh data folder, takes over older
     * records, writing its marker: a test that expects a call to change nothing must not see that
     * write land in between. Waits for the marker (a restart finds it at once); gives up quietly.
     */
    private async firstSweep(timeoutMs = 30_000): Promise<void> {
        if (this.options.withheldPermissions?.includes('persistence')) {
            return;
        }
        const deadline = Date.now() + timeoutMs;
        while (Date.now() < deadline) {
            const state = await this.dev('GET', 'state');
            if (JSON.stringify(state.persistence || {}).includes('transcript-meta-storage-v2')) {
                return;
            }
            await new Promise((resolve) => setTimeout(resolve, 200));
        }
    }

    /** Stops the workspace; the data folder stays for a restart. */
    public async stop(): Promise<void> {
        const child = this.child;
        if (!child || child.exitCode !== null) {
            return;
        }
        await new Promise<void>((resolve) => {
            const kill = setTimeout(() => child.kill('SIGKILL'), 5000);
            child.once('exit', () => {
                clearTimeout(kill);
                resolve();
            });
            child.kill('SIGTERM');
        });
    }

    public async restart(): Promise<void> {
        await this.stop();
        await this.start();
    }

    /** Resident memory of the app's Deno process (a descendant of the workspace process), bytes. */
    public appProcessRss(): number {
        const deno = descendants(this.child?.pid || 0).find((p) => p.comm === 'deno');
        if (!deno) {
            throw new Error('no Deno process under the workspace');
        }
        const status = fs.readFileSync(`/proc/${deno.pid}/status`, 'utf8');
        return Number((/^VmRSS:\s+(\d+)/m.exec(status) || [])[1] || 0) * 1024;
    }

    public permissionDenials(): string[] {
        return this.output.split('\n').filter((line) => line.includes('lacks the following permissions'));
    }

    public url(pathname: string): string {
        return `http://127.0.0.1:${this.port}${pathname}`;
    }

    public async request<T = any>(method: string, pathname: string, options: { body?: unknown; raw?: string; user?: DemoUser; headers?: Record<string, string> } = {}): Promise<HttpAnswer<T>> {
        const headers: Record<string, string> = { ...(options.headers || {}) };
        if (options.user) {
            headers['X-User-Id'] = options.user.id;
            headers['X-Auth-Token'] = options.user.authToken;
        }
        let body: string | undefined = options.raw;
        if (options.body !== undefined) {
            body = JSON.stringify(options.body);
        }
        if (body !== undefined) {
            headers['Content-Type'] = 'application/json';
            // Node sends a GET or DELETE body without a length unless told.
            headers['Content-Length'] = String(Buffer.byteLength(body));
        }
        const response = await httpRequest(this.url(pathname), method, headers, body);
        const text = response.body;
        let parsed: any;
        try {
            parsed = JSON.parse(text);
        } catch {
            parsed = undefined;
        }
        return { status: response.status, body: parsed, text };
    }

    /** An app endpoint under /api/apps/public/<appId>/. */
    public api<T = any>(method: string, subPath: string, options: { body?: unknown; raw?: string; user?: DemoUser } = {}): Promise<HttpAnswer<T>> {
        return this.request<T>(method, `/api/apps/public/${this.appId}/${subPath}`, options);
    }

    public async dev<T = any>(method: string, subPath: string, body?: unknown): Promise<T> {
        const answer = await this.request<T>(method, `/dev/${subPath}`, { body });
        if (answer.status >= 400) {
            throw new Error(`dev ${method} ${subPath}: ${answer.status} ${answer.text}`);
        }
        return answer.body;
    }

    public async users(): Promise<Record<string, DemoUser>> {
        const state = await this.dev('GET', 'state');
        return Object.fromEntries(state.users.filter((u: DemoUser) => u.authToken).map((u: DemoUser) => [u.username, u]));
    }

    public snapshot(): Promise<unknown> {
        return this.dev('GET', 'state');
    }

    /** Runs a call that must change nothing, and checks the workspace's state is the same afterwards. */
    public async expectUnchanged<T>(call: () => Promise<T>): Promise<T> {
        const before = await this.snapshot();
        const result = await call();
        expect(await this.snapshot()).toEqual(before);
        return result;
    }

    /** Polls until `check` returns a truthy value. */
    public async waitFor<T>(check: () => Promise<T | undefined | false>, timeoutMs = 20_000, what = 'condition'): Promise<T> {
        const deadline = Date.now() + timeoutMs;
        for (;;) {
            const value = await check();
            if (value) {
                return value;
            }
            if (Date.now() > deadline) {
                throw new Error(`timed out waiting for ${what}`);
            }
            await new Promise((resolve) => setTimeout(resolve, 200));
        }
    }
}

export interface ProcessInfo {
    pid: number;
    ppid: number;
    comm: string;
}

/** Every process below `root`, read from /proc (Linux). */
export function descendants(root: number): ProcessInfo[] {
    const all = fs
        .readdirSync('/proc')
        .filter((entry) => /^\d+$/.test(entry))
        .flatMap((entry) => {
            try {
                const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
                const close = stat.lastIndexOf(')');
                return [{ pid: Number(entry), comm: stat.slice(stat.indexOf('(') + 1, close), ppid: Number(stat.slice(close + 2).split(' ')[1]) }];
            } catch {
                return [];
            }
        });
    const found: ProcessInfo[] = [];
    let frontier = [root];
    while (frontier.length) {
        const children = all.filter((p) => frontier.includes(p.ppid));
        found.push(...children);
        frontier = children.map((c) => c.pid);
    }
    return found;
}

function httpRequest(url: string, method: string, headers: Record<string, string>, body?: string): Promise<{ status: number; body: string }> {
    return new Promise((resolve, reject) => {
        const req = http.request(url, { method, headers, agent: false }, (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (chunk: Buffer) => chunks.push(chunk));
            res.on('end', () => resolve({ status: res.statusCode || 0, body: Buffer.concat(chunks).toString('utf8') }));
        });
        req.on('error', reject);
        req.end(body);
    });
}
