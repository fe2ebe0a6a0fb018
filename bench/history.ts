// `npm run bench -- --history [N]`: what a long delivery history costs. The workspace's database
// gets N delivered transcript requests of the last 60 days (default 200,000; half emails, half
// PDFs) written straight into the app persistence table, as services/requestStore.ts writes a
// finished request (the request and its listing for retention), before the workspace starts; the
// same is run against an empty history. Measured: one run
// of the sweep (its duration and the persistence records it read, from GET /dev/metrics), the
// Deno process's RSS, the p95 of another call (GET livechat/transcript/:rid) while the sweep runs,
// and close → email of a 100-message room closed while the sweep runs.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { JsonStore } from '../dev/store';
import { DemoUser, TestWorkspace } from '../test/integration/workspace';

const ROOT = path.join(__dirname, '..');
const APP_ID: string = JSON.parse(fs.readFileSync(path.join(ROOT, 'app.json'), 'utf8')).id;
const SWEEP = `transcript-sweep_${APP_ID}`;
/** The history spans this many days: inside the default retention, so nothing is removed meanwhile. */
const HISTORY_DAYS = 60;
/** The sweep is over once its reads stopped for this long. */
const QUIET_MS = 3000;

export interface HistoryResult {
    records: number;
    seedMs: number;
    /** From the sweep's start until its persistence reads stopped. */
    sweepMs: number;
    /** How the engine's call into the sweep ended: its own duration, or its failure (a call times out after 30 s). */
    sweepCall: string;
    /** Persistence records returned to the app during the sweep, by kind of call. */
    reads: Record<string, { calls: number; records: number }>;
    denoRssBefore: number;
    denoPeakRss: number;
    probe: { calls: number; p50: number; p95: number; max: number; failed: number };
    closeToEmailMs: number;
}

/** Writes `count` delivered requests as RequestStore does: the request, its listing under the day it finished; the takeover done. */
function seedHistory(dataDir: string, count: number): void {
    const store = new JsonStore(path.join(dataDir, 'db'));
    const requestedBy = { _id: 'history-agent', username: 'history', name: 'History Agent', utcOffset: 0 };
    const now = Date.now();
    try {
        store.transaction(() => {
            for (let i = 0; i < count; i++) {
                const rid = `history-room-${Math.floor(i / 2)}`;
                const kind = i % 2 ? 'pdf' : 'email';
                const at = new Date(now - ((count - i) * HISTORY_DAYS * 86_400_000) / count).toISOString();
                const data = {
                    rid,
                    kind,
                    status: 'sent',
                    ...(kind === 'email' ? { email: `guest${i}@example.com`, subject: 'Your conversation' } : { fileId: `file-${i}`, fileName: `Transcript_Acme_${i}.pdf` }),
                    requestedAt: at,
                    requestedBy,
                    attempts: 1,
                    deliveredAt: at,
                    sha256: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
                };
                const associations = [
                    { model: 'misc', id: 'transcript-request' },
                    { model: 'room', id: rid },
                    { model: 'misc', id: `transcript-${kind}` },
                ];
                store.persistence.insert(`history-${i}`, APP_ID, associations, data);
                const key = `${rid}:${kind}:${at}`;
                const listing = [
                    { model: 'misc', id: 'transcript-finished' },
                    { model: 'misc', id: `transcript-finished-${at.slice(0, 10)}` },
                    { model: 'room', id: rid },
                    { model: 'misc', id: `transcript-${kind}` },
                    { model: 'misc', id: `transcript-of-${key}` },
                ];
                store.persistence.insert(`history-listing-${i}`, APP_ID, listing, { rid, kind, key, finishedAt: at });
            }
            const meta = (name: string) => [
                { model: 'misc', id: 'transcript-meta' },
                { model: 'misc', id: `transcript-meta-${name}` },
            ];
            store.persistence.insert('history-taken-over', APP_ID, meta('storage-v2'), { at: new Date(now).toISOString(), records: 0 });
            store.persistence.insert('history-retention', APP_ID, meta('retention'), { nextDay: new Date(now - HISTORY_DAYS * 86_400_000).toISOString().slice(0, 10) });
            // The sweep's recurring job, not due: the bench runs it when everything is in place.
            store
                .sql("INSERT INTO jobs (id, app_id, processor_id, type, next_run_at, interval_seconds, created_at) VALUES ('history-sweep', ?, ?, 'single', ?, 60, ?)")
                .run(APP_ID, SWEEP, now + 3600_000, now);
        });
    } finally {
        store.close();
    }
}

const quantile = (sorted: number[], q: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] : NaN);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function runHistory(records: number, log: (line: string) => void = () => undefined): Promise<HistoryResult> {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-history-'));
    const seedStart = Date.now();
    seedHistory(dataDir, records);
    const seedMs = Date.now() - seedStart;
    log(`  history ${records}: seeded in ${seedMs} ms`);
    const ws = new TestWorkspace({ dataDir });
    await ws.start();
    log(`  history ${records}: workspace started`);
    try {
        const users: Record<string, DemoUser> = await ws.users();
        const visitorId = (await ws.snapshot() as { visitors: Array<{ id: string }> }).visitors[0].id;
        // A room with a request to ask about meanwhile, and a 100-message room to close during the sweep.
        const newRoom = async (messages: number) => {
            const { room } = await ws.dev('POST', 'rooms', { visitorId, agentId: users.agent.id });
            const list = Array.from({ length: messages }, (_, i) => ({ from: i % 2 ? 'agent' : 'visitor', text: `Message ${i + 1} of the conversation` }));
            await ws.dev('POST', `rooms/${room.id}/messages`, { messages: list });
            return room.id as string;
        };
        const requestEmail = async (rid: string, email: string) => {
            const answer = await ws.api('POST', `livechat/transcript/${rid}`, { user: users.manager, body: { email, subject: 'Your conversation' } });
            if (answer.status !== 200) {
                throw new Error(`email request failed: ${answer.status} ${answer.text}`);
            }
        };
        const asked = await newRoom(2);
        await requestEmail(asked, 'kim@example.com');
        const closed = await newRoom(100);
        await requestEmail(closed, 'vera@example.com');
        const denoRssBefore = ws.appProcessRss();
        const readsBefore = (await ws.dev('GET', 'metrics')).persistenceReads as HistoryResult['reads'];

        // The sweep, another call every 250 ms, the Deno process's memory every 100 ms.
        const sweepStart = Date.now();
        let sweepCall = 'running';
        let sweepAnswered = 0;
        const sweep = ws
            .request('POST', '/dev/jobs/run', { body: { processor: 'transcript-sweep' } })
            .finally(() => (sweepAnswered = Date.now()))
            .then((answer) => (sweepCall = answer.status !== 200 ? `failed: ${answer.text}` : answer.body.error ? `failed after ${answer.body.ms} ms: ${answer.body.error}` : `${answer.body.ms} ms`))
            .catch((error) => (sweepCall = `failed: ${error.message}`));
        let sampling = true;
        let probing = true;
        let denoPeakRss = denoRssBefore;
        const sampler = (async () => {
            while (sampling) {
                denoPeakRss = Math.max(denoPeakRss, ws.appProcessRss());
                await sleep(100);
            }
        })();
        const probeTimes: number[] = [];
        let probeFailed = 0;
        const probe = (async () => {
            while (probing) {
                const start = Date.now();
                const answer = await ws.api('GET', `livechat/transcript/${asked}`, { user: users.manager }).catch(() => undefined);
                probeTimes.push(Date.now() - start);
                if (answer?.status !== 200) {
                    probeFailed++;
                }
                await sleep(Math.max(0, 250 - (Date.now() - start)));
            }
        })();
        await sleep(1000);
        const closedAt = Date.now();
        await ws.dev('POST', `rooms/${closed}/close`, { userId: users.agent.id });
        let closeToEmailMs = NaN;
        const emailed = (async () => {
            for (;;) {
                const transcript = (await ws.api('GET', `livechat/transcript/${closed}`, { user: users.manager })).body?.transcript;
                if (transcript?.status === 'sent' || transcript?.status === 'failed') {
                    closeToEmailMs = Date.parse(transcript.deliveredAt) - closedAt;
                    return;
                }
                if (Date.now() - closedAt > 300_000) {
                    return;
                }
                await sleep(100);
            }
        })();

        await emailed;
        log(`  history ${records}: close → email ${closeToEmailMs} ms`);
        while (sweepCall === 'running') {
            await sleep(250);
        }
        // The other calls stop; the sweep is over once the app's persistence reads stopped too (after a
        // timed-out call the app goes on).
        probing = false;
        await probe;
        const readCalls = async () => Object.values((await ws.dev('GET', 'metrics')).persistenceReads as HistoryResult['reads']).reduce((sum, r) => sum + r.calls, 0);
        let lastCalls = await readCalls();
        let sweepEnd = sweepAnswered;
        for (;;) {
            const calls = await readCalls();
            if (calls !== lastCalls) {
                lastCalls = calls;
                sweepEnd = Date.now();
            } else if (Date.now() - sweepEnd > QUIET_MS) {
                break;
            }
            await sleep(250);
        }
        sampling = false;
        await Promise.all([sweep, sampler]);
        const readsAfter = (await ws.dev('GET', 'metrics')).persistenceReads as HistoryResult['reads'];
        const reads = Object.fromEntries(
            Object.entries(readsAfter).map(([kind, r]) => [kind, { calls: r.calls - (readsBefore[kind]?.calls || 0), records: r.records - (readsBefore[kind]?.records || 0) }]),
        );
        const sorted = [...probeTimes].sort((a, b) => a - b);
        return {
            records,
            seedMs,
            sweepMs: sweepEnd - sweepStart,
            sweepCall,
            reads,
            denoRssBefore,
            denoPeakRss,
            probe: { calls: sorted.length, p50: quantile(sorted, 0.5), p95: quantile(sorted, 0.95), max: sorted[sorted.length - 1] ?? NaN, failed: probeFailed },
            closeToEmailMs,
        };
    } finally {
        await ws.stop();
        fs.rmSync(dataDir, { recursive: true, force: true });
    }
}

export function historyMarkdown(results: HistoryResult[]): string {
    const mb = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MB`;
    const count = (n: number) => n.toLocaleString('en-US');
    const readCells = (r: HistoryResult) =>
        Object.entries(r.reads)
            .map(([kind, x]) => `${kind} ${count(x.calls)} / ${count(x.records)}`)
            .join(', ') || 'none';
    return [
        '### Delivery history (sweep over N delivered requests seeded in app persistence)',
        '| History | Sweep | Sweep call | Records read (calls / records) | Deno RSS before / peak | GET livechat/transcript/:rid during the sweep p50 / p95 / max (failed) | Close → email, 100 messages |',
        '|---:|---:|---|---|---:|---:|---:|',
        ...results.map(
            (r) =>
                `| ${count(r.records)} | ${r.sweepMs} ms | ${r.sweepCall} | ${readCells(r)} | ${mb(r.denoRssBefore)} / ${mb(r.denoPeakRss)} | ${r.probe.p50} / ${r.probe.p95} / ${r.probe.max} ms (${r.probe.failed}) | ${r.closeToEmailMs} ms |`,
        ),
    ].join('\n');
}

/** Against an empty history, then with `records`. */
export async function runHistoryBench(records: number, log: (line: string) => void): Promise<HistoryResult[]> {
    const results: HistoryResult[] = [];
    for (const n of [0, records]) {
        const result = await runHistory(n, log);
        log(`  history ${n}: sweep ${result.sweepMs} ms (${result.sweepCall}), close → email ${result.closeToEmailMs} ms, probe p95 ${result.probe.p95} ms`);
        results.push(result);
    }
    return results;
}
