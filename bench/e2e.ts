// End to end in the real engine: a local workspace (dev/main.ts: the Apps-Engine with the packaged
// zip, the app in a Deno subprocess) gets a room of N messages, an email transcript request, then
// POST livechat/room.closeByUser {generateTranscriptPdf: true}; we time from the close until both
// the email and the PDF are delivered (their deliveredAt), sample the memory of the Deno process,
// and read the bridge/app-call figures from GET /dev/metrics.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { EmailField, emailModalViewId, PANEL_ACTIONS_BLOCK, PANEL_BUTTON, PanelAction, panelViewId } from '../lib/ui/ids';
import { DemoUser, descendants, TestWorkspace } from '../test/integration/workspace';
import { generateConversation, STARTED_AT, SyntheticMessage } from './corpus';

export interface EndToEndResult {
    messages: number;
    images: boolean;
    /** The app setting "Include system messages": on, the app must read the conversation whole. */
    systemMessages: boolean;
    /** An experiment, not a setting a workspace has: the Deno process's V8 old space capped at this many MB. */
    heapCapMb?: number;
    seedMs: number;
    /** Answer time of POST livechat/room.closeByUser. */
    closeCallMs: number;
    emailMs: number;
    pdfMs: number;
    /** From the close until both are delivered. */
    bothMs: number;
    emailStatus: string;
    pdfStatus: string;
    /** All PDF files together, and how many parts the PDF went out in. */
    pdfBytes?: number;
    pdfParts: number;
    /** Deno subprocess: RSS just before the close, kernel peak (VmHWM) and highest sampled VmRSS, bytes. */
    denoRssBeforeClose: number;
    denoPeakRss: number;
    denoMaxSampledRss: number;
    /** The workspace's Node process (engine + bridges). */
    hostPeakRss: number;
    denoRestarts: number;
    /** Bridge calls that read the room's messages, the messages they returned and the host's time building them. */
    messageReads: { livechat: { calls: number; messages: number; ms: number }; rooms: { calls: number; messages: number; ms: number } };
    /** Calls from the engine into the app (Deno), by method; failed: errors and timeouts (30 s); lastMs: the durations of the last 20. */
    appCalls: Record<string, { calls: number; failed: number; totalMs: number; maxMs: number; lastMs: number[] }>;
    slowestAppCall: { method: string; ms: number };
    /** Latency of other calls made while the delivery ran (see Probe). */
    probe: Record<ProbeName, ProbeFigures>;
    /** Run without the probe (--e2e-no-probe). */
    noProbe?: boolean;
    /** The packaged zip that ran (APP_ZIP), when not this tree's. */
    appZip?: string;
}

export type ProbeName = 'GET livechat/transcript/:rid' | '/transcript status' | 'close of another room' | 'UI: panel button' | 'UI: panel action' | 'UI: email modal submit';

export const PROBE_NAMES: ProbeName[] = ['GET livechat/transcript/:rid', '/transcript status', 'close of another room', 'UI: panel button', 'UI: panel action', 'UI: email modal submit'];

export interface ProbeFigures {
    calls: number;
    p50: number;
    p95: number;
    max: number;
    failed: number;
    /** The 5 slowest calls: when they started (ms after the close) and how long they took. */
    slowest: Array<{ at: number; ms: number }>;
}

/** VmRSS and VmHWM of a process, bytes (0 when it is gone). */
function memoryOf(pid: number): { rss: number; hwm: number } {
    try {
        const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
        const kb = (field: string) => Number((new RegExp(`^${field}:\\s+(\\d+)`, 'm').exec(status) || [])[1] || 0) * 1024;
        return { rss: kb('VmRSS'), hwm: kb('VmHWM') };
    } catch {
        return { rss: 0, hwm: 0 };
    }
}

/** Samples the Deno subprocess(es) and their Node parent every `everyMs`. */
class MemorySampler {
    public denoPeak = 0;
    public denoMaxRss = 0;
    public denoFirstRss = 0;
    public hostPeak = 0;
    private readonly denoPids = new Set<number>();
    private timer?: NodeJS.Timeout;
    private lastScan = 0;
    private current: { deno: number[]; host: number[] } = { deno: [], host: [] };

    constructor(private readonly root: number) {}

    public start(everyMs = 50): void {
        this.sample();
        this.timer = setInterval(() => this.sample(), everyMs);
    }

    public stop(): void {
        this.sample();
        clearInterval(this.timer);
    }

    /** The command line of the Deno process sampled last. */
    public denoCommandLine(): string {
        const pid = this.current.deno[0];
        return pid ? fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ') : '';
    }

    public get restarts(): number {
        return Math.max(0, this.denoPids.size - 1);
    }

    private scan(): void {
        const tree = descendants(this.root);
        const deno = tree.filter((p) => p.comm === 'deno');
        this.current = { deno: deno.map((p) => p.pid), host: [...new Set(deno.map((p) => p.ppid))] };
        deno.forEach((p) => this.denoPids.add(p.pid));
        this.lastScan = Date.now();
    }

    private sample(): void {
        if (!this.current.deno.length || Date.now() - this.lastScan > 1000) {
            this.scan();
        }
        for (const pid of this.current.deno) {
            const m = memoryOf(pid);
            this.denoFirstRss ||= m.rss;
            this.denoPeak = Math.max(this.denoPeak, m.hwm);
            this.denoMaxRss = Math.max(this.denoMaxRss, m.rss);
        }
        for (const pid of this.current.host) {
            this.hostPeak = Math.max(this.hostPeak, memoryOf(pid).hwm);
        }
    }
}

function devMessage(m: SyntheticMessage) {
    return {
        from: m.from,
        text: m.text,
        at: m.at,
        ...(m.t ? { t: m.t } : {}),
        ...(m.image ? { file: { name: m.image.name, type: m.image.type, base64: m.image.data.toString('base64') } } : {}),
    };
}

const denoFolder = () => path.dirname(require.resolve('@deno/linux-x64-glibc/package.json'));

/**
 * A `deno` that runs the real one with V8's old space capped, first on PATH: the engine starts
 * `deno` from PATH with fixed flags and passes it no environment of ours.
 */
function cappedDeno(capMb: number): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'capped-deno-'));
    const real = path.join(denoFolder(), 'deno');
    fs.writeFileSync(path.join(dir, 'deno'), `#!/bin/sh\ncommand="$1"\nshift\nexec "${real}" "$command" --v8-flags=--max-old-space-size=${capMb} "$@"\n`, { mode: 0o755 });
    return dir;
}

/**
 * The workspace running `appZip` (default: this tree's dist/), its Deno old space capped when asked;
 * `wrapper` is the capped deno's folder, removed by the caller.
 */
async function startWorkspace(heapCapMb?: number, appZip?: string): Promise<{ ws: TestWorkspace; wrapper?: string }> {
    const ws = new TestWorkspace();
    const wrapper = heapCapMb ? cappedDeno(heapCapMb) : undefined;
    const { PATH: pathBefore, APP_ZIP: zipBefore } = process.env;
    if (wrapper) {
        // The real deno's folder goes right after: the workspace only adds it to PATH when it is missing.
        process.env.PATH = [wrapper, denoFolder(), pathBefore].join(path.delimiter);
    }
    if (appZip) {
        process.env.APP_ZIP = appZip;
    }
    try {
        await ws.start();
    } finally {
        process.env.PATH = pathBefore;
        if (zipBefore === undefined) {
            delete process.env.APP_ZIP;
        } else {
            process.env.APP_ZIP = zipBefore;
        }
    }
    return { ws, wrapper };
}

/** The q-th quantile of sorted values (nearest rank). */
function quantile(sorted: number[], q: number): number {
    return sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] : NaN;
}

/**
 * What a user of the workspace meets while a long transcript is delivered: every 250 ms a manager
 * asks for another room's transcript (GET livechat/transcript/:rid) and an agent types
 * `/transcript status` in another room; every second an agent closes another room.
 */
class Probe {
    private readonly times = Object.fromEntries(PROBE_NAMES.map((name) => [name, []])) as unknown as Record<ProbeName, Array<{ at: number; ms: number }>>;
    private since = 0;
    private readonly failures = Object.fromEntries(PROBE_NAMES.map((name) => [name, 0])) as unknown as Record<ProbeName, number>;
    private running = false;
    private loops: Array<Promise<void>> = [];

    constructor(
        private readonly ws: TestWorkspace,
        private readonly users: Record<string, DemoUser>,
        private readonly otherRoom: string,
        private readonly roomsToClose: string[],
    ) {}

    /** Starts calling; `since` is the close, which call times are counted from. */
    public start(since: number): void {
        this.running = true;
        this.since = since;
        const { ws, users, otherRoom } = this;
        this.loops = [
            this.every(250, 'GET livechat/transcript/:rid', async () => (await ws.api('GET', `livechat/transcript/${otherRoom}`, { user: users.manager })).status === 200),
            this.every(250, '/transcript status', async () => {
                const answer = await ws.request('POST', '/dev/slash', { body: { userId: users.agent.id, roomId: otherRoom, command: '/transcript status' } });
                return answer.status === 200 && answer.body?.notifications?.length === 1;
            }),
            this.every(1000, 'close of another room', async () => {
                const rid = this.roomsToClose.shift();
                return rid ? (await ws.api('POST', 'livechat/room.closeByUser', { user: users.agent, body: { rid } })).status === 200 : undefined;
            }),
            // The Transcript panel as a Rocket.Chat client drives it: an answer after its 5 s (TRIGGER_TIMEOUT) counts as failed.
            this.every(1000, 'UI: panel button', () => this.ui('ui/buttons/click', { actionId: PANEL_BUTTON })),
            this.every(1000, 'UI: panel action', () => this.ui('ui/block-action', { viewId: panelViewId(otherRoom), blockId: PANEL_ACTIONS_BLOCK, actionId: PanelAction.Refresh, value: otherRoom })),
            this.every(1000, 'UI: email modal submit', () =>
                // The order the probe's room already has, again: answered as the first time.
                this.ui('ui/view-submit', { viewId: emailModalViewId(otherRoom), state: { [EmailField.OtherAddress]: { [EmailField.OtherAddress]: 'kim@example.com' }, [EmailField.Subject]: { [EmailField.Subject]: 'Another conversation' } } }),
            ),
        ];
    }

    public async stop(): Promise<Record<ProbeName, ProbeFigures>> {
        this.running = false;
        await Promise.all(this.loops);
        const figures = {} as Record<ProbeName, ProbeFigures>;
        for (const name of Object.keys(this.times) as ProbeName[]) {
            const sorted = this.times[name].map((t) => t.ms).sort((a, b) => a - b);
            const slowest = [...this.times[name]].sort((a, b) => b.ms - a.ms).slice(0, 5);
            figures[name] = { calls: sorted.length, p50: quantile(sorted, 0.5), p95: quantile(sorted, 0.95), max: sorted[sorted.length - 1] ?? NaN, failed: this.failures[name], slowest };
        }
        return figures;
    }

    /** One UI interaction of the manager in the probe's room; true when answered in time and without an error. */
    private async ui(route: string, body: Record<string, unknown>): Promise<boolean> {
        const answer = await this.ws.request('POST', `/dev/${route}`, { body: { userId: this.users.manager.id, roomId: this.otherRoom, ...body } });
        return answer.status === 200 && !answer.body?.timedOut && answer.body?.response?.success !== false;
    }

    /** Calls `call` every `everyMs` (or as soon as the last one answered, when it took longer); `call` answers undefined when it had nothing to do. */
    private async every(everyMs: number, name: ProbeName, call: () => Promise<boolean | undefined>): Promise<void> {
        while (this.running) {
            const start = Date.now();
            const ok = await call().catch(() => false);
            if (ok !== undefined) {
                this.times[name].push({ at: start - this.since, ms: Date.now() - start });
            }
            if (ok === false) {
                this.failures[name]++;
            }
            await new Promise((resolve) => setTimeout(resolve, Math.max(0, everyMs - (Date.now() - start))));
        }
    }
}

export async function runEndToEnd(options: {
    messages: number;
    seed: number;
    images: boolean;
    systemMessages?: boolean;
    heapCapMb?: number;
    timeoutMs?: number;
    appZip?: string;
    /** Without the probe's calls: the delivery alone (answering other calls takes time too). */
    noProbe?: boolean;
    log?: (line: string) => void;
}): Promise<EndToEndResult> {
    const log = options.log || (() => undefined);
    const appZip = options.appZip || process.env.APP_ZIP;
    const { ws, wrapper } = await startWorkspace(options.heapCapMb, appZip);
    // TestWorkspace keeps its child private; the benchmark only needs its pid to find the Deno process.
    const root = (ws as unknown as { child: { pid: number } }).child.pid;
    const sampler = new MemorySampler(root);
    try {
        const users: Record<string, DemoUser> = await ws.users();
        const visitorId = ((await ws.snapshot()) as { visitors: Array<{ id: string }> }).visitors[0].id;
        const seedStart = Date.now();
        const { room } = await ws.dev('POST', 'rooms', { visitorId, agentId: users.agent.id, createdAt: new Date(STARTED_AT - 60_000).toISOString() });
        const conversation = generateConversation({ messages: options.messages, seed: options.seed, images: options.images });
        for (let i = 0; i < conversation.length; i += 500) {
            await ws.dev('POST', `rooms/${room.id}/messages`, { messages: conversation.slice(i, i + 500).map(devMessage) });
        }
        const seedMs = Date.now() - seedStart;
        log(`  e2e ${options.messages}: seeded in ${seedMs} ms${appZip ? ` (${appZip})` : ''}`);
        // The probe's rooms: one with an email request to ask about, and rooms to close one a second.
        const probeRoom = async () => {
            const { room: other } = await ws.dev('POST', 'rooms', { visitorId, agentId: users.agent.id });
            await ws.dev('POST', `rooms/${other.id}/messages`, { messages: [{ from: 'visitor', text: 'Hello' }, { from: 'agent', text: 'Hi, how can I help?' }] });
            return other.id as string;
        };
        const otherRoom = await probeRoom();
        const roomsToClose: string[] = [];
        while (roomsToClose.length < Math.min(120, Math.ceil(options.messages / 200))) {
            roomsToClose.push(await probeRoom());
        }
        const otherRequest = await ws.api('POST', `livechat/transcript/${otherRoom}`, { user: users.manager, body: { email: 'kim@example.com', subject: 'Another conversation' } });
        if (otherRequest.status !== 200) {
            throw new Error(`the probe's email request failed: ${otherRequest.status} ${otherRequest.text}`);
        }
        const probe = new Probe(ws, users, otherRoom, roomsToClose);
        await ws.dev('POST', 'settings/app', { id: 'transcript_include_system_messages', value: !!options.systemMessages });
        const requested = await ws.api('POST', `livechat/transcript/${room.id}`, { user: users.manager, body: { email: 'vera@example.com', subject: 'Your conversation' } });
        if (requested.status !== 200) {
            throw new Error(`email request failed: ${requested.status} ${requested.text}`);
        }
        sampler.start();
        if (options.heapCapMb && !sampler.denoCommandLine().includes(`--max-old-space-size=${options.heapCapMb}`)) {
            throw new Error(`the app's Deno process runs without the heap cap: ${sampler.denoCommandLine()}`);
        }
        const closedAt = Date.now();
        const closed = await ws.api('POST', 'livechat/room.closeByUser', { user: users.agent, body: { rid: room.id, comment: 'Solved', generateTranscriptPdf: true } });
        const closeCallMs = Date.now() - closedAt;
        if (!options.noProbe) {
            probe.start(closedAt);
        }
        if (closed.status !== 200) {
            throw new Error(`close failed: ${closed.status} ${closed.text}`);
        }
        const deadline = closedAt + (options.timeoutMs || 180_000);
        let transcript: { status?: string; deliveredAt?: string; pdf?: { status?: string; deliveredAt?: string; fileId?: string; parts?: Array<{ fileId: string }> } } = {};
        const settled = (s?: string) => s === 'sent' || s === 'failed';
        for (;;) {
            const answer = await ws.api('GET', `livechat/transcript/${room.id}`, { user: users.manager });
            transcript = answer.body?.transcript || {};
            if (settled(transcript.status) && settled(transcript.pdf?.status)) {
                break;
            }
            if (Date.now() > deadline) {
                log(`  e2e ${options.messages}: timed out; email ${transcript.status}, pdf ${transcript.pdf?.status}`);
                break;
            }
            await new Promise((resolve) => setTimeout(resolve, 100));
        }
        sampler.stop();
        const probeFigures = await probe.stop();
        const since = (iso?: string) => (iso ? Date.parse(iso) - closedAt : NaN);
        const metrics = await ws.dev('GET', 'metrics');
        const { uploads } = await ws.dev('GET', 'uploads');
        const pdfFileIds = (transcript.pdf?.parts || []).map((p) => p.fileId);
        const pdfUploads = uploads.filter((u: { id: string }) => pdfFileIds.includes(u.id));
        const slowest = Object.entries(metrics.appCalls as EndToEndResult['appCalls']).sort((a, b) => b[1].maxMs - a[1].maxMs)[0];
        const emailMs = since(transcript.deliveredAt);
        const pdfMs = since(transcript.pdf?.deliveredAt);
        return {
            messages: options.messages,
            images: options.images,
            systemMessages: !!options.systemMessages,
            ...(options.heapCapMb ? { heapCapMb: options.heapCapMb } : {}),
            seedMs,
            closeCallMs,
            emailMs,
            pdfMs,
            bothMs: Math.max(emailMs, pdfMs),
            emailStatus: transcript.status || 'none',
            pdfStatus: transcript.pdf?.status || 'none',
            pdfBytes: pdfUploads.length ? pdfUploads.reduce((sum: number, u: { size: number }) => sum + u.size, 0) : undefined,
            pdfParts: pdfFileIds.length,
            denoRssBeforeClose: sampler.denoFirstRss,
            denoPeakRss: sampler.denoPeak,
            denoMaxSampledRss: sampler.denoMaxRss,
            hostPeakRss: sampler.hostPeak,
            denoRestarts: sampler.restarts,
            messageReads: metrics.messageReads,
            appCalls: metrics.appCalls,
            slowestAppCall: slowest ? { method: slowest[0], ms: slowest[1].maxMs } : { method: '', ms: 0 },
            probe: probeFigures,
            ...(options.noProbe ? { noProbe: true } : {}),
            ...(appZip ? { appZip } : {}),
        };
    } finally {
        sampler.stop();
        await ws.stop();
        fs.rmSync(ws.dataDir, { recursive: true, force: true });
        if (wrapper) {
            fs.rmSync(wrapper, { recursive: true, force: true });
        }
    }
}

if (require.main === module) {
    const n = Number(process.argv[2] || 1000);
    runEndToEnd({ messages: n, seed: 42, images: true, log: console.log })
        .then((r) => console.log(JSON.stringify(r, null, 2)))
        .catch((e) => {
            console.error(e);
            process.exit(1);
        });
}
