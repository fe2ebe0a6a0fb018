// `npm run bench [-- flags]`: how fast and how lean transcripts are, side by side with raw pdfkit
// and @react-pdf/renderer, and end to end in the real engine. Prints markdown tables and writes the
// raw figures to bench/results/<date>.json (and latest.json). See docs/benchmark.md.
//
// Flags (each also as an environment variable BENCH_<NAME>, e.g. BENCH_SIZES=100,1000):
//   --quick                 100 and 1,000 messages, fewer runs, @react-pdf at 100 only, end to end at 1,000
//   --sizes 100,1000,10000  conversation sizes for the renderer cases
//   --with-50k              add 50,000 messages, also end to end (@react-pdf is never run there; see --react-pdf-max)
//   --runs N                timed runs per case (default by size: 7/5/3/1), after --warmup N (default 1)
//   --renderers a,b         of ours-email, ours-pdf, pdfkit, react-pdf (default all)
//   --images on|off|both    attachment variants (default both; @react-pdf: images on only)
//   --deno                  also run our renderers in Deno (the app's runtime), from the same bundle
//   --react-pdf-max N       largest size @react-pdf is run at (default 1000: at 1,000 it needs ~1 GB and minutes)
//   --react-pdf-runs N      timed runs for @react-pdf at 1,000+ messages (default 1, no warm-up)
//   --e2e-sizes 1000,10000  end-to-end sizes; --no-e2e to skip, --e2e-only for nothing else
//   --e2e-baseline REF      also run end to end the app as of git commit REF (e.g. e4bd188), built into bench/results/.build,
//                           right after this tree's run of the same size: A/B on the same machine state
//   --e2e-repeat N          end-to-end runs per size and version (default 1), alternating this tree and the baseline
//   --e2e-no-probe          end to end without the probe of other calls (the delivery alone: answering them costs time too)
//   --e2e-system-messages   also run end to end with "Include system messages" on (the app then reads conversations whole)
//   --e2e-heap-cap 128,160  also run end to end with the Deno process's V8 old space capped at these MB: an
//                           experiment (no workspace can set it) that shows how much of the peak is uncollected garbage
//   --profile [N]           CPU-profile our PDF renderer at N messages (default the largest size) and list top functions
//   --timeout S             per-case limit in seconds (default 1800)
//   --react-pdf-timeout S   limit for an @react-pdf case (default --timeout); a case that hits it still bounds the ratio
//   --react-pdf-pagination experimental   @react-pdf's opt-in newer page breaking (Rocket.Chat core uses the default)
//   --seed S                PRNG seed (default 42)
//   --no-redaction          skip the redaction cost (bench/redaction.ts) at the sizes of 10,000 messages and up
//   --history [N]           only the delivery-history case (bench/history.ts): the sweep over N delivered
//                           requests seeded in app persistence (default 200,000), beside an empty history
import { ChildProcess, execFileSync, spawn, spawnSync } from 'child_process';
import { build } from 'esbuild';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { CaseResult, RendererName } from './case';
import { EndToEndResult, PROBE_NAMES, ProbeFigures, ProbeName, runEndToEnd } from './e2e';
import { historyMarkdown, runHistoryBench } from './history';
import { profileMarkdown, ProfileSummary, summariseProfile } from './profile';
import type { RedactionBenchResult } from './redaction';

const ROOT = path.join(__dirname, '..');
const RESULTS = path.join(ROOT, 'bench', 'results');
const BUILD = path.join(RESULTS, '.build');
const ALL_RENDERERS: RendererName[] = ['ours-email', 'ours-pdf', 'pdfkit', 'react-pdf'];
const MB = 1024 * 1024;

// ---------------------------------------------------------------- options

function flag(name: string): string | undefined {
    const i = process.argv.indexOf(`--${name}`);
    if (i >= 0) {
        const next = process.argv[i + 1];
        return next === undefined || next.startsWith('--') ? 'true' : next;
    }
    return process.env[`BENCH_${name.toUpperCase().replace(/-/g, '_')}`];
}

const list = (value: string | undefined, fallback: number[]) => (value ? value.split(',').map((v) => Number(v.trim())) : fallback);

interface Options {
    quick: boolean;
    sizes: number[];
    runs?: number;
    warmup: number;
    renderers: RendererName[];
    images: boolean[];
    reactPdfMax: number;
    reactPdfRuns: number;
    e2eSizes: number[];
    e2eSystemMessages: boolean;
    /** A git commit whose app is run end to end beside this tree's. */
    e2eBaseline?: string;
    e2eRepeat: number;
    e2eNoProbe: boolean;
    /** Also run the end-to-end sizes with the Deno process's V8 old space capped at these MB (an experiment). */
    e2eHeapCaps: number[];
    profileSize?: number;
    timeoutS: number;
    reactPdfTimeoutS: number;
    deno: boolean;
    reactPdfPagination: 'default' | 'experimental';
    seed: number;
}

function options(): Options {
    const quick = flag('quick') === 'true' || flag('quick') === '1';
    const sizes = list(flag('sizes'), quick ? [100, 1000] : [100, 1000, 10000]);
    if (flag('with-50k') && !sizes.includes(50000)) {
        sizes.push(50000);
    }
    const images = flag('images') || 'both';
    const profile = flag('profile');
    const e2eOnly = !!flag('e2e-only');
    return {
        quick,
        sizes: e2eOnly ? [] : sizes,
        runs: flag('runs') ? Number(flag('runs')) : undefined,
        warmup: flag('warmup') ? Number(flag('warmup')) : 1,
        renderers: flag('renderers') ? (flag('renderers')!.split(',') as RendererName[]) : ALL_RENDERERS,
        images: images === 'on' ? [true] : images === 'off' ? [false] : [true, false],
        reactPdfMax: Number(flag('react-pdf-max') || (quick ? 100 : 1000)),
        reactPdfRuns: Number(flag('react-pdf-runs') || 1),
        e2eSizes: flag('no-e2e') ? [] : list(flag('e2e-sizes'), quick ? [1000] : flag('with-50k') ? [1000, 10000, 50000] : [1000, 10000]),
        e2eSystemMessages: !!flag('e2e-system-messages'),
        e2eBaseline: flag('e2e-baseline'),
        e2eRepeat: Number(flag('e2e-repeat') || 1),
        e2eNoProbe: !!flag('e2e-no-probe'),
        e2eHeapCaps: list(flag('e2e-heap-cap'), []),
        profileSize: profile ? (profile === 'true' ? Math.max(...sizes) : Number(profile)) : undefined,
        timeoutS: Number(flag('timeout') || 1800),
        reactPdfTimeoutS: Number(flag('react-pdf-timeout') || flag('timeout') || 1800),
        deno: !!flag('deno'),
        reactPdfPagination: flag('react-pdf-pagination') === 'experimental' ? 'experimental' : 'default',
        seed: Number(flag('seed') || 42),
    };
}

/** Timed runs by size: several for small conversations, fewer for big ones. */
function runsFor(opts: Options, renderer: RendererName, n: number): { runs: number; warmup: number } {
    if (renderer === 'react-pdf' && n >= 1000) {
        return { runs: opts.runs ?? opts.reactPdfRuns, warmup: 0 };
    }
    const byDefault = opts.quick ? (n <= 100 ? 3 : 2) : n <= 100 ? 7 : n <= 1000 ? 5 : n <= 10000 ? 3 : 1;
    return { runs: opts.runs ?? byDefault, warmup: opts.warmup };
}

// ---------------------------------------------------------------- cases in fresh processes

/**
 * bench/case.ts bundled with lib/ so that cases run in plain node, without a TypeScript loader in
 * the measured process (tsx alone adds ~40 MB RSS). The vendor bundle and the comparison renderers
 * stay separate files, loaded only by the cases that use them.
 */
async function buildCase(): Promise<string> {
    const outfile = path.join(BUILD, 'case.cjs'); // .cjs: Deno runs it as CommonJS too
    const vendor = path.join(ROOT, 'vendor', 'pdfmake.js');
    await build({
        entryPoints: [path.join(ROOT, 'bench', 'case.ts')],
        bundle: true,
        platform: 'node',
        format: 'cjs',
        target: 'node18',
        outfile,
        external: ['pdfkit', 'react', '@react-pdf/renderer'],
        plugins: [{ name: 'vendor-external', setup: (b) => b.onResolve({ filter: /vendor\/pdfmake$/ }, () => ({ path: vendor, external: true })) }],
        logLevel: 'warning',
    });
    return outfile;
}

/**
 * The baseline's node_modules: this tree's, except that `@rocket.chat/apps-engine` is the version
 * the baseline's package.json names when this tree has it installed under an alias (before the app
 * compiled against the 1.46.0 definitions, it compiled against the server's, apps-engine-server).
 */
function linkNodeModules(dir: string): void {
    const modules = path.join(ROOT, 'node_modules');
    const wanted = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')).devDependencies?.['@rocket.chat/apps-engine'];
    const versionOf = (pkg: string) => JSON.parse(fs.readFileSync(path.join(modules, pkg, 'package.json'), 'utf8')).version;
    const alias = fs.readdirSync(modules).find((name) => name.startsWith('apps-engine') && versionOf(name) === wanted);
    if (!wanted || versionOf('@rocket.chat/apps-engine') === wanted || !alias) {
        fs.symlinkSync(modules, path.join(dir, 'node_modules'), 'dir');
        return;
    }
    const own = path.join(dir, 'node_modules');
    for (const name of fs.readdirSync(modules)) {
        if (name !== '@rocket.chat') {
            fs.mkdirSync(own, { recursive: true });
            fs.symlinkSync(path.join(modules, name), path.join(own, name), 'dir');
        }
    }
    fs.mkdirSync(path.join(own, '@rocket.chat'));
    for (const name of fs.readdirSync(path.join(modules, '@rocket.chat'))) {
        const target = name === 'apps-engine' ? path.join(modules, alias) : path.join(modules, '@rocket.chat', name);
        fs.symlinkSync(target, path.join(own, '@rocket.chat', name), 'dir');
    }
}

/** The packaged app as of git commit `ref`, built once into bench/results/.build/baseline-<ref>/dist. */
function buildBaseline(ref: string, log: (line: string) => void): string {
    const commit = execFileSync('git', ['rev-parse', '--short', ref], { cwd: ROOT, encoding: 'utf8' }).trim();
    const dir = path.join(BUILD, `baseline-${commit}`);
    const dist = path.join(dir, 'dist');
    const zipOf = () => (fs.existsSync(dist) ? fs.readdirSync(dist).find((f) => f.endsWith('.zip')) : undefined);
    if (!zipOf()) {
        log(`bench: building the app as of ${commit} into ${path.relative(ROOT, dir)}`);
        fs.rmSync(dir, { recursive: true, force: true });
        fs.mkdirSync(dir, { recursive: true });
        const archive = path.join(BUILD, `baseline-${commit}.tar`);
        execFileSync('git', ['archive', '--output', archive, commit], { cwd: ROOT });
        execFileSync('tar', ['-xf', archive, '-C', dir]);
        fs.rmSync(archive);
        linkNodeModules(dir);
        execFileSync(process.execPath, [path.join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), path.join(dir, 'build', 'package.ts'), 'package'], { cwd: dir, stdio: 'ignore' });
    }
    const zip = zipOf();
    if (!zip) {
        throw new Error(`could not package the app as of ${commit}`);
    }
    return path.join(dist, zip);
}

interface CaseOutcome {
    result?: CaseResult;
    error?: string;
    wallMs: number;
}

/** The Deno binary the Apps-Engine runs apps with (from @deno/linux-x64-glibc). */
function denoBinary(): string {
    return path.join(path.dirname(require.resolve('@deno/linux-x64-glibc/package.json')), 'deno');
}

function runCase(script: string, args: string[], timeoutS: number, runtime: Runtime = 'node'): Promise<CaseOutcome> {
    const started = Date.now();
    return new Promise((resolve) => {
        const [command, ...prefix] = runtime === 'deno' ? [denoBinary(), 'run', '-A', '--v8-flags=--expose-gc'] : [process.execPath, '--expose-gc'];
        const child: ChildProcess = spawn(command, [...prefix, script, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
        let stdout = '';
        let stderr = '';
        child.stdout!.on('data', (c: Buffer) => (stdout += c.toString()));
        child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
        let timedOut = false;
        const timer = setTimeout(() => {
            timedOut = true;
            child.kill('SIGKILL');
        }, timeoutS * 1000);
        child.on('exit', (code, signal) => {
            clearTimeout(timer);
            const wallMs = Date.now() - started;
            const line = stdout.split('\n').find((l) => l.startsWith('RESULT '));
            if (line) {
                resolve({ result: JSON.parse(line.slice(7)), wallMs });
                return;
            }
            const reason = timedOut
                ? `timeout (> ${timeoutS} s)`
                : /heap out of memory|Allocation failed/i.test(stderr)
                  ? 'out of memory'
                  : `failed (${signal || code}): ${stderr.trim().split('\n').slice(-3).join(' | ').slice(0, 300)}`;
            resolve({ error: reason, wallMs });
        });
    });
}

type Runtime = 'node' | 'deno';

interface CaseRecord {
    renderer: RendererName;
    runtime: Runtime;
    messages: number;
    images: boolean;
    result?: CaseResult;
    error?: string;
    skipped?: string;
}

// ---------------------------------------------------------------- formatting

const ms = (v?: number) => (v === undefined || !Number.isFinite(v) ? '–' : v >= 10000 ? `${(v / 1000).toFixed(1)} s` : `${Math.round(v)} ms`);
const mb = (v?: number) => (v === undefined || !v ? '–' : `${Math.round(v / MB)} MB`);
const size = (v?: number) => (v === undefined ? '–' : v >= MB ? `${(v / MB).toFixed(1)} MB` : `${Math.round(v / 1024)} KB`);
const ratio = (a?: number, b?: number) => (a && b ? `${(a / b).toFixed(2)}×` : '–');
const count = (n: number) => n.toLocaleString('en-US');

function table(header: string[], rows: string[][], align: string[]): string {
    return [`| ${header.join(' | ')} |`, `|${align.map((a) => (a === 'r' ? '---:' : '---')).join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
}

function cell(record: CaseRecord | undefined, pick: (r: CaseResult) => string): string {
    if (!record) {
        return '–';
    }
    if (record.result) {
        return pick(record.result);
    }
    return record.error ? `**${record.error.split(':')[0]}**` : record.skipped ? `(${record.skipped})` : '–';
}

function timeCell(r: CaseResult): string {
    return r.runs > 0 ? `${ms(r.medianMs)}${r.runs > 1 ? '' : ' (1 run)'}` : `${ms(r.coldMs)} (cold)`;
}

/** Median time of a case, or its cold time when only a cold run was made. */
const timeOf = (r?: CaseResult) => (r ? (r.runs > 0 ? r.medianMs : r.coldMs) : undefined);

function rendererTables(records: CaseRecord[], opts: Options): string {
    const find = (renderer: RendererName, n: number, images: boolean, runtime: Runtime = 'node') =>
        records.find((r) => r.renderer === renderer && r.runtime === runtime && r.messages === n && r.images === images);
    const deno = records.some((r) => r.runtime === 'deno');
    const variants = opts.sizes.flatMap((n) => opts.images.map((images) => ({ n, images })));
    const label = (v: { n: number; images: boolean }) => [count(v.n), v.images ? `${Math.floor(v.n / 100)}` : '0'];
    const peak = (x: CaseResult) => `${mb(x.peakRssFirst)} (${mb(x.peakRssFirst - x.idleRss)} over idle)`;
    const out: string[] = [];
    out.push('### Email HTML (renderEmail)', '');
    out.push(
        table(
            ['Messages', 'Images', 'Median time', 'Peak RSS', ...(deno ? ['Time in Deno', 'Peak RSS in Deno'] : []), 'HTML size'],
            variants.map((v) => {
                const r = find('ours-email', v.n, v.images);
                const d = find('ours-email', v.n, v.images, 'deno');
                return [...label(v), cell(r, timeCell), cell(r, (x) => mb(x.peakRssFirst)), ...(deno ? [cell(d, timeCell), cell(d, (x) => mb(x.peakRssFirst))] : []), cell(r, (x) => size(x.htmlBytes))];
            }),
            ['r', 'r', 'r', 'r', ...(deno ? ['r', 'r'] : []), 'r'],
        ),
    );
    out.push('', '### PDF: time (median) and ratios', '');
    out.push(
        table(
            ['Messages', 'Images', 'Ours (pdfmake)', ...(deno ? ['Ours in Deno'] : []), 'Raw pdfkit', '@react-pdf', 'Ours / pdfkit', '@react-pdf / ours', 'Pages ours / pdfkit / react-pdf'],
            variants.map((v) => {
                const ours = find('ours-pdf', v.n, v.images);
                const kit = find('pdfkit', v.n, v.images);
                const react = find('react-pdf', v.n, v.images);
                const pages = [ours, kit, react].map((r) => (r?.result?.pages !== undefined ? String(r.result.pages) : '–')).join(' / ');
                return [
                    ...label(v),
                    cell(ours, timeCell),
                    ...(deno ? [cell(find('ours-pdf', v.n, v.images, 'deno'), timeCell)] : []),
                    cell(kit, timeCell),
                    cell(react, timeCell),
                    ratio(timeOf(ours?.result), timeOf(kit?.result)),
                    ratio(timeOf(react?.result), timeOf(ours?.result)),
                    pages,
                ];
            }),
            ['r', 'r', 'r', ...(deno ? ['r'] : []), 'r', 'r', 'r', 'r', 'r'],
        ),
    );
    out.push('', '### PDF: peak RSS of the rendering process and output size', '');
    out.push(
        table(
            ['Messages', 'Images', 'Peak RSS ours', ...(deno ? ['Ours in Deno'] : []), 'pdfkit', '@react-pdf', 'Size ours', 'pdfkit', '@react-pdf'],
            variants.map((v) => {
                const [ours, kit, react] = (['ours-pdf', 'pdfkit', 'react-pdf'] as RendererName[]).map((r) => find(r, v.n, v.images));
                return [
                    ...label(v),
                    cell(ours, peak),
                    ...(deno ? [cell(find('ours-pdf', v.n, v.images, 'deno'), peak)] : []),
                    ...[kit, react].map((r) => cell(r, peak)),
                    ...[ours, kit, react].map((r) => cell(r, (x) => size(x.outputBytes))),
                ];
            }),
            ['r', 'r', 'r', ...(deno ? ['r'] : []), 'r', 'r', 'r', 'r', 'r'],
        ),
    );
    return out.join('\n');
}

/** The calls into the app that took over a second, slowest first (a call waits while the single-threaded app renders). */
function slowCalls(r: EndToEndResult): string {
    const slow = Object.entries(r.appCalls)
        .filter(([, c]) => c.maxMs >= 1000)
        .sort((a, b) => b[1].maxMs - a[1].maxMs)
        .slice(0, 3)
        .map(([method, c]) => `${method} ${ms(c.maxMs)}${c.failed ? ` (**${c.failed} failed/timed out**)` : ''}`);
    return slow.join('; ') || `${r.slowestAppCall.method} ${ms(r.slowestAppCall.ms)}`;
}

/** `version`: "this tree", or the baseline commit. */
type EndToEndOutcome = (EndToEndResult | { messages: number; systemMessages: boolean; heapCapMb?: number; error: string }) & { version: string };

function e2eTable(results: EndToEndOutcome[]): string {
    const label = (r: EndToEndOutcome) =>
        `${count(r.messages)}${r.systemMessages ? ', system messages on' : ''}${r.heapCapMb ? `, V8 old space capped at ${r.heapCapMb} MB (experiment)` : ''}${r.version === THIS_TREE ? '' : ` (${r.version})`}`;
    return table(
        ['Messages', 'Close → email', 'Close → PDF', 'Close → both', 'Delivery jobs (app calls)', 'Deno peak RSS', 'Host peak RSS', 'Message reads (calls / messages)', 'App calls over 1 s (longest)'],
        results.map((r) =>
            'error' in r
                ? [label(r), `**${r.error}**`, '', '', '', '', '', '', '']
                : [
                      label(r),
                      `${ms(r.emailMs)}${r.emailStatus === 'sent' ? '' : ` (${r.emailStatus})`}`,
                      `${ms(r.pdfMs)}${r.pdfParts > 1 ? ` (${r.pdfParts} parts)` : ''}${r.pdfStatus === 'sent' ? '' : ` (${r.pdfStatus})`}`,
                      ms(r.bothMs),
                      (r.appCalls['scheduler:transcript-delivery']?.lastMs || []).map(ms).join(' + ') || '–',
                      `${mb(r.denoPeakRss)} (${mb(r.denoRssBeforeClose)} before)${r.denoRestarts ? ` (${r.denoRestarts} restart)` : ''}`,
                      mb(r.hostPeakRss),
                      `${r.messageReads.livechat.calls + r.messageReads.rooms.calls} / ${count(r.messageReads.livechat.messages + r.messageReads.rooms.messages)}`,
                      slowCalls(r),
                  ],
        ),
        ['r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'l'],
    );
}

const THIS_TREE = 'this tree';
const PROBES: ProbeName[] = PROBE_NAMES;

/** Other calls answered while the delivery ran: p50 / p95 / max per probe, each run on a row. */
function latencyTable(results: EndToEndOutcome[]): string {
    const done = results.filter((r): r is EndToEndResult & { version: string } => !('error' in r) && !r.systemMessages && !r.heapCapMb && !r.noProbe);
    const figures = (f: ProbeFigures) => (f.calls ? `${ms(f.p50)} / ${ms(f.p95)} / ${ms(f.max)}${f.failed ? ` (**${f.failed} failed**)` : ''}` : '–');
    return table(
        ['Messages', 'Version', ...PROBES.map((p) => `${p} p50 / p95 / max`), 'Close → PDF', 'Deno peak RSS'],
        done.map((r) => [count(r.messages), r.version, ...PROBES.map((p) => (r.probe?.[p] ? figures(r.probe[p]) : '–')), ms(r.pdfMs), mb(r.denoPeakRss)]),
        ['r', 'l', ...PROBES.map(() => 'r'), 'r', 'r'],
    );
}

const medianOf = (values: number[]) => {
    const sorted = values.filter(Number.isFinite).sort((a, b) => a - b);
    return sorted.length ? (sorted.length % 2 ? sorted[sorted.length >> 1] : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2) : NaN;
};

/** The responsiveness targets of issue 17, judged on this tree's runs (their worst), against the baseline when it ran. */
function responsivenessTargets(all: EndToEndOutcome[]): Target[] {
    const out: Target[] = [];
    const runs = (version: string, n: number) => all.filter((r): r is EndToEndResult & { version: string } => r.version === version && r.messages === n && !('error' in r) && !r.systemMessages && !r.heapCapMb);
    const baseline = all.find((r) => r.version !== THIS_TREE)?.version;
    for (const n of [...new Set(all.map((r) => r.messages))].filter((m) => m >= 10000)) {
        const ours = runs(THIS_TREE, n);
        if (!ours.length) {
            continue;
        }
        const probed = ours.filter((r) => !r.noProbe);
        const worst = (pick: (f: ProbeFigures) => number) => Math.max(...probed.flatMap((r) => PROBES.map((p) => (r.probe[p]?.calls ? pick(r.probe[p]) : 0))));
        if (probed.length) {
            const p95 = worst((f) => f.p95);
            const max = worst((f) => f.max);
            out.push({
                target: `Other calls during a ${count(n)}-message delivery: p95 ≤ 300 ms, max ≤ 1 s`,
                measured: `worst p95 ${ms(p95)}, worst max ${ms(max)} over ${probed.length} run(s)`,
                verdict: p95 <= 300 && max <= 1000 ? 'met' : 'missed',
            });
        }
        const base = baseline ? runs(baseline, n) : [];
        if (base.length) {
            for (const [what, pick] of [
                ['Close → PDF', (r: EndToEndResult) => r.pdfMs],
                ['Deno peak', (r: EndToEndResult) => r.denoPeakRss],
            ] as Array<[string, (r: EndToEndResult) => number]>) {
                const a = medianOf(ours.map(pick));
                const b = medianOf(base.map(pick));
                const show = what === 'Deno peak' ? mb : ms;
                out.push({
                    target: `${what} at ${count(n)} not worse than ${baseline} by more than 10 %${ours.every((r) => r.noProbe) ? ' (no probe)' : ''}`,
                    measured: `${show(a)} against ${show(b)} (medians of ${ours.length} / ${base.length} runs): ${a <= b ? '' : '+'}${Math.round(((a - b) / b) * 100)} %`,
                    verdict: a <= b * 1.1 ? 'met' : 'missed',
                });
            }
        }
    }
    const tenK = runs(THIS_TREE, 10000);
    if (tenK.length) {
        const both = medianOf(tenK.map((r) => r.bothMs));
        out.push({ target: '10,000 messages, email and PDF: both delivered ≤ 6 s from close', measured: `median ${ms(both)} of ${tenK.length} run(s)`, verdict: both <= 6000 ? 'met' : 'missed' });
    }
    return out;
}

interface Target {
    target: string;
    measured: string;
    verdict: 'met' | 'missed' | 'not measured';
}

function targets(records: CaseRecord[], all: EndToEndOutcome[]): Target[] {
    // The targets are judged with the app's default settings, in the engine as a workspace runs it.
    const e2e = all.filter((r) => !r.systemMessages && !r.heapCapMb);
    const find = (renderer: RendererName, n: number, runtime: Runtime = 'node') => records.find((r) => r.renderer === renderer && r.runtime === runtime && r.messages === n && r.images)?.result;
    const out: Target[] = [];
    const ours10k = find('ours-pdf', 10000);
    const kit10k = find('pdfkit', 10000);
    const react10k = records.find((r) => r.renderer === 'react-pdf' && r.runtime === 'node' && r.messages === 10000 && r.images);
    if (ours10k && react10k) {
        const react = react10k.result;
        const limit = /^timeout \(> (\d+) s\)/.exec(react10k.error || '');
        out.push({
            target: '10,000-message PDF ≥ 3× faster than @react-pdf',
            measured: react
                ? `@react-pdf / ours = ${ratio(timeOf(react), timeOf(ours10k))}`
                : limit
                  ? `@react-pdf did not finish in ${limit[1]} s: @react-pdf / ours > ${((Number(limit[1]) * 1000) / timeOf(ours10k)!).toFixed(1)}×`
                  : `@react-pdf: ${react10k.error || react10k.skipped}; ours ${ms(timeOf(ours10k))}`,
            verdict: react
                ? timeOf(react)! / timeOf(ours10k)! >= 3
                    ? 'met'
                    : 'missed'
                : limit
                  ? (Number(limit[1]) * 1000) / timeOf(ours10k)! >= 3
                      ? 'met'
                      : 'not measured'
                  : react10k.error
                    ? 'met'
                    : 'not measured',
        });
    } else {
        out.push({ target: '10,000-message PDF ≥ 3× faster than @react-pdf', measured: 'not run at 10,000 (--react-pdf-max 10000)', verdict: 'not measured' });
    }
    if (ours10k && kit10k) {
        const r = timeOf(ours10k)! / timeOf(kit10k)!;
        out.push({ target: '10,000-message PDF ≤ 2× raw pdfkit', measured: `ours / pdfkit = ${r.toFixed(2)}× (${ms(timeOf(ours10k))} vs ${ms(timeOf(kit10k))})`, verdict: r <= 2 ? 'met' : 'missed' });
    } else {
        out.push({ target: '10,000-message PDF ≤ 2× raw pdfkit', measured: 'not run', verdict: 'not measured' });
    }
    const peaks = [find('ours-pdf', 10000), find('ours-email', 10000), find('ours-pdf', 10000, 'deno'), find('ours-email', 10000, 'deno')].filter(Boolean) as CaseResult[];
    const e2e10k = e2e.find((r) => r.messages === 10000 && !('error' in r)) as EndToEndResult | undefined;
    if (peaks.length || e2e10k) {
        const worst = Math.max(...peaks.map((p) => p.peakRssFirst), e2e10k ? e2e10k.denoPeakRss : 0);
        const runtimeOf = (p: CaseResult) => (records.find((r) => r.result === p)?.runtime === 'deno' ? ' in Deno' : '');
        const parts = [...peaks.map((p) => `${p.renderer}${runtimeOf(p)} ${mb(p.peakRssFirst)}`), ...(e2e10k ? [`app (Deno) end to end ${mb(e2e10k.denoPeakRss)}`] : [])];
        out.push({ target: 'Peak memory for 10,000 messages ≤ 400 MB', measured: parts.join(', '), verdict: worst <= 400 * MB ? 'met' : 'missed' });
    } else {
        out.push({ target: 'Peak memory for 10,000 messages ≤ 400 MB', measured: 'not run', verdict: 'not measured' });
    }
    // The app delivers 50,000 messages as PDF parts (lib/transcript/parts), so the verdict is the app's
    // end to end; one 50,000-message document rendered alone is shown beside it.
    const big = records.filter((r) => r.messages === 50000 && r.images && (r.renderer === 'ours-pdf' || r.renderer === 'ours-email'));
    const e2e50k = e2e.find((r) => r.messages === 50000);
    const where = (r: CaseRecord) => `${r.renderer}${r.runtime === 'deno' ? ' in Deno' : ''} as one document`;
    const alone = big.map((r) => `${where(r)} ${r.result ? `${mb(r.result.peakRssFirst)} in ${ms(timeOf(r.result))}` : r.error}`);
    if (e2e50k && !('error' in e2e50k)) {
        const delivered = e2e50k.emailStatus === 'sent' && e2e50k.pdfStatus === 'sent';
        out.push({
            target: '50,000 messages render and deliver with peak < 512 MB',
            measured: [`app end to end: email and ${e2e50k.pdfParts} PDF parts ${delivered ? 'delivered' : 'NOT delivered'} in ${ms(e2e50k.bothMs)}, Deno peak ${mb(e2e50k.denoPeakRss)}`, ...alone].join('; '),
            verdict: delivered && e2e50k.denoPeakRss < 512 * MB ? 'met' : 'missed',
        });
    } else {
        out.push({ target: '50,000 messages render and deliver with peak < 512 MB', measured: [e2e50k ? `end to end: ${(e2e50k as { error: string }).error}` : 'end to end not run (--with-50k)', ...alone].join('; '), verdict: e2e50k ? 'missed' : 'not measured' });
    }
    if (e2e10k) {
        out.push({ target: 'End to end for 10,000 ≤ 10 s', measured: `close → both delivered ${ms(e2e10k.bothMs)}`, verdict: e2e10k.bothMs <= 10000 ? 'met' : 'missed' });
        out.push({
            target: 'No single app call near 30 s',
            measured: `slowest ${e2e10k.slowestAppCall.method} ${ms(e2e10k.slowestAppCall.ms)}`,
            verdict: e2e10k.slowestAppCall.ms < 20000 && !Object.values(e2e10k.appCalls).some((c) => c.failed) ? 'met' : 'missed',
        });
    } else {
        out.push({ target: 'End to end for 10,000 ≤ 10 s; no app call near 30 s', measured: 'not run', verdict: 'not measured' });
    }
    return out;
}

function machine() {
    const cpus = os.cpus();
    return {
        cpus: cpus.length,
        cpuModel: cpus[0]?.model,
        memoryGB: Math.round(os.totalmem() / 1024 ** 3),
        node: process.version,
        platform: `${os.type()} ${os.release()} ${os.arch()}`,
        loadAverage: os.loadavg().map((l) => Math.round(l * 100) / 100),
    };
}

// ---------------------------------------------------------------- redaction

/** bench/redaction.ts at one size, in a fresh process. */
function measureRedaction(messages: number, seed: number, log: (line: string) => void): RedactionBenchResult | { messages: number; error: string } {
    const tsx = path.join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs');
    const child = spawnSync(process.execPath, [tsx, path.join(ROOT, 'bench', 'redaction.ts'), '--sizes', String(messages), '--seed', String(seed), '--json'], { cwd: ROOT, encoding: 'utf8', maxBuffer: 16 * MB });
    const line = /RESULT (\{.*\})/.exec(child.stdout || '');
    if (!line) {
        log(`redaction ${messages}: ${(child.stderr || '').split('\n')[0] || `exit ${child.status}`}`);
        return { messages, error: (child.stderr || '').split('\n')[0] || `exit ${child.status}` };
    }
    const result = JSON.parse(line[1]) as RedactionBenchResult;
    log(`redaction ${messages}: defaults ${ms(result.defaultsMs)}, every detector ${ms(result.allDetectorsMs)}`);
    return result;
}

function redactionTable(results: Array<RedactionBenchResult | { messages: number; error: string }>, records: CaseRecord[]): string {
    const rows = results.map((r) => {
        if ('error' in r) {
            return [count(r.messages), r.error, '', '', ''];
        }
        const pdf = timeOf(records.find((c) => c.renderer === 'ours-pdf' && c.runtime === 'node' && c.messages === r.messages && c.images)?.result);
        const share = (v: number) => (pdf ? `${((100 * v) / pdf).toFixed(1)} %` : '–');
        return [count(r.messages), `${r.defaultsMs.toFixed(1)} ms`, `${r.allDetectorsMs.toFixed(1)} ms`, ms(pdf), `${share(r.defaultsMs)} / ${share(r.allDetectorsMs)}`];
    });
    return table(['Messages', 'Redaction, defaults (cards, IBANs)', 'Redaction, every detector + 1 pattern', 'Our PDF (images on)', 'Share of PDF time'], rows, ['r', 'r', 'r', 'r', 'r']);
}

// ---------------------------------------------------------------- main

async function main(): Promise<void> {
    const opts = options();
    const startedAt = new Date();
    const before = machine();
    fs.mkdirSync(BUILD, { recursive: true });
    const log = (line: string) => process.stderr.write(`${line}\n`);
    log(`bench: ${before.cpus} × ${before.cpuModel}, node ${before.node}, load ${before.loadAverage.join(' ')}`);
    const history = flag('history');
    if (history) {
        const results = await runHistoryBench(history === 'true' ? 200_000 : Number(history), log);
        const markdown = historyMarkdown(results);
        console.log(markdown);
        const file = path.join(RESULTS, `history-${startedAt.toISOString().replace(/[:.]/g, '-')}.json`);
        fs.writeFileSync(file, JSON.stringify({ startedAt: startedAt.toISOString(), machine: before, results, markdown }, null, 2));
        log(`wrote ${path.relative(ROOT, file)}`);
        return;
    }

    const records: CaseRecord[] = [];
    const script = opts.sizes.length || opts.profileSize ? await buildCase() : '';
    for (const n of opts.sizes) {
        for (const images of opts.images) {
            const plan: Array<[RendererName, Runtime]> = opts.renderers.flatMap((r): Array<[RendererName, Runtime]> => (opts.deno && r.startsWith('ours-') ? [[r, 'node'], [r, 'deno']] : [[r, 'node']]));
            for (const [renderer, runtime] of plan) {
                const record: CaseRecord = { renderer, runtime, messages: n, images };
                records.push(record);
                if (renderer === 'react-pdf' && (n > opts.reactPdfMax || !images)) {
                    record.skipped = n > opts.reactPdfMax ? `not run above ${count(opts.reactPdfMax)}` : 'images-on variant only';
                    continue;
                }
                const { runs, warmup } = runsFor(opts, renderer, n);
                const args = ['--renderer', renderer, '--messages', String(n), '--images', images ? '1' : '0', '--runs', String(runs), '--warmup', String(warmup), '--seed', String(opts.seed), '--react-pdf-pagination', opts.reactPdfPagination];
                const outcome = await runCase(script, args, renderer === 'react-pdf' ? opts.reactPdfTimeoutS : opts.timeoutS, runtime);
                record.result = outcome.result;
                record.error = outcome.error;
                const r = outcome.result;
                log(
                    `${(runtime === 'deno' ? `${renderer}@deno` : renderer).padEnd(15)} ${String(n).padStart(6)} msgs ${images ? 'img  ' : 'noimg'} ` +
                        (r ? `median ${ms(timeOf(r))} (cold ${ms(r.coldMs)}, ${r.runs} runs) peak ${mb(r.peakRssFirst)} (after all runs ${mb(r.peakRss)}) out ${size(r.outputBytes)}` : outcome.error) +
                        ` [${ms(outcome.wallMs)} wall]`,
                );
            }
        }
    }

    let profile: { messages: number; summary: ProfileSummary } | undefined;
    if (opts.profileSize) {
        // One warm render profiled (after a cold one), in a fresh process.
        const file = path.join(RESULTS, `ours-pdf-${opts.profileSize}.cpuprofile`);
        const args = ['--renderer', 'ours-pdf', '--messages', String(opts.profileSize), '--images', '1', '--runs', '1', '--warmup', '1', '--seed', String(opts.seed), '--cpu-profile', file];
        const outcome = await runCase(script, args, opts.timeoutS);
        if (outcome.result && fs.existsSync(file)) {
            profile = { messages: opts.profileSize, summary: summariseProfile(file, 25) };
            log(`profile: bench/results/${path.basename(file)} (open in Chrome DevTools or speedscope)`);
        } else {
            log(`profile failed: ${outcome.error}`);
        }
    }

    const redaction = flag('no-redaction') ? [] : opts.sizes.filter((n) => n >= 10000).map((n) => measureRedaction(n, opts.seed, log));

    const e2e: EndToEndOutcome[] = [];
    const variants = [
        ...(opts.e2eSystemMessages ? [false, true] : [false]).map((systemMessages) => ({ systemMessages, heapCapMb: undefined })),
        ...opts.e2eHeapCaps.map((heapCapMb) => ({ systemMessages: false, heapCapMb })),
    ];
    const versions: Array<{ version: string; appZip?: string }> = [{ version: THIS_TREE }];
    if (opts.e2eBaseline && opts.e2eSizes.length) {
        const appZip = buildBaseline(opts.e2eBaseline, log);
        versions.push({ version: path.basename(path.dirname(path.dirname(appZip))).replace(/^baseline-/, ''), appZip });
    }
    for (const { systemMessages, heapCapMb } of variants) {
        for (const n of opts.e2eSizes) {
            for (let run = 0; run < opts.e2eRepeat; run++) {
                // The versions back to back, so that both meet the same load on a shared machine.
                for (const { version, appZip } of systemMessages || heapCapMb ? versions.slice(0, 1) : versions) {
                    const name = `e2e ${n}${systemMessages ? ' (system messages on)' : ''}${heapCapMb ? ` (V8 old space capped at ${heapCapMb} MB)` : ''} [${version}]`;
                    try {
                        const r = await runEndToEnd({ messages: n, seed: opts.seed, images: true, systemMessages, heapCapMb, timeoutMs: opts.timeoutS * 1000, appZip, noProbe: opts.e2eNoProbe, log });
                        e2e.push({ ...r, version });
                        const probes = opts.e2eNoProbe ? 'no probe' : PROBES.map((p) => `${p} p95 ${ms(r.probe[p].p95)} max ${ms(r.probe[p].max)}`).join('; ');
                        log(`${name}: email ${ms(r.emailMs)}, pdf ${ms(r.pdfMs)}, deno peak ${mb(r.denoPeakRss)}, slowest call ${r.slowestAppCall.method} ${ms(r.slowestAppCall.ms)}; ${probes}; load ${os.loadavg()[0].toFixed(1)}`);
                    } catch (error) {
                        e2e.push({ messages: n, systemMessages, heapCapMb, error: (error as Error).message.split('\n')[0], version });
                        log(`${name}: ${(error as Error).message}`);
                    }
                }
            }
        }
    }

    const after = machine();
    const checks = [...targets(records, e2e.filter((r) => r.version === THIS_TREE)), ...responsivenessTargets(e2e)];
    const lines: string[] = [];
    lines.push(
        `Machine: ${before.cpus} × ${before.cpuModel}, ${before.memoryGB} GB, Node ${before.node}, ${before.platform}; ` +
            `load average ${before.loadAverage[0]} at start, ${after.loadAverage[0]} at end; ${startedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC. ` +
            `Seed ${opts.seed}. Each case runs in a fresh process (Node; Deno for the "in Deno" columns): times are medians of the timed runs after ${opts.warmup} warm-up render(s); ` +
            `peak RSS is the process's maxRSS by the end of its first render (runtime, modules, transcript and one render), "over idle" subtracts the RSS before rendering. ` +
            (opts.reactPdfPagination === 'experimental'
                ? '@react-pdf runs with its opt-in experimental pagination (Rocket.Chat core does not use it).'
                : '@react-pdf runs with its default pagination, as in Rocket.Chat core.'),
        '',
    );
    if (records.length) {
        lines.push(rendererTables(records, opts), '');
    }
    if (redaction.length) {
        lines.push('### Redaction (1 % of messages with personal data; Node)', '', redactionTable(redaction, records), '');
    }
    if (e2e.length) {
        lines.push('### End to end in the local workspace (real Apps-Engine, app in Deno)', '', e2eTable(e2e), '');
        lines.push(
            '### Other calls while the delivery runs (ms; every 250 ms GET livechat/transcript/:rid of another room and /transcript status, every second a close of another room and, as a Rocket.Chat client, the Transcript panel’s button, its Refresh action and the email modal’s submit; a UI answer after the client’s 5 s counts as failed)',
            '',
            latencyTable(e2e),
            '',
        );
    }
    lines.push('### Targets', '', table(['Target', 'Measured', ''], checks.map((c) => [c.target, c.measured, c.verdict]), ['l', 'l', 'l']), '');
    if (profile) {
        lines.push(`### Where our PDF time goes (one warm render of ${count(profile.messages)} messages, V8 CPU profile)`, '', profileMarkdown({ ...profile.summary, functions: profile.summary.functions.slice(0, 15) }), '');
    }
    const markdown = lines.join('\n');
    console.log(markdown);

    const stamp = startedAt.toISOString().replace(/[:.]/g, '-');
    const json = { startedAt: startedAt.toISOString(), machine: { ...before, loadAverageAtEnd: after.loadAverage }, options: opts, cases: records, e2e, targets: checks, profile, redaction, markdown };
    fs.writeFileSync(path.join(RESULTS, `${stamp}.json`), JSON.stringify(json, null, 2));
    fs.writeFileSync(path.join(RESULTS, 'latest.json'), JSON.stringify(json, null, 2));
    log(`wrote bench/results/${stamp}.json and bench/results/latest.json`);
}

main().catch((error) => {
    console.error(error);
    process.exit(1);
});
