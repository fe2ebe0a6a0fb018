// Summarises a V8 .cpuprofile (node --cpu-prof): the functions with the most self time, and the
// same rolled up per package/file. `tsx bench/profile.ts <file.cpuprofile> [top]`
import * as fs from 'fs';
import * as path from 'path';

interface ProfileNode {
    id: number;
    callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
    children?: number[];
}

interface CpuProfile {
    nodes: ProfileNode[];
    samples: number[];
    timeDeltas: number[];
    startTime: number;
    endTime: number;
}

export interface ProfileLine {
    name: string;
    where: string;
    selfMs: number;
    share: number;
}

export interface ProfileSummary {
    totalMs: number;
    functions: ProfileLine[];
    files: ProfileLine[];
}

/** A short location: the package (and file) or the path relative to the project. */
function shortUrl(url: string): string {
    const file = url.replace(/^file:\/\//, '');
    const nm = file.lastIndexOf('node_modules/');
    if (nm >= 0) {
        return file.slice(nm + 'node_modules/'.length);
    }
    return path.relative(path.join(__dirname, '..'), file) || file;
}

/** What a file holds, for the per-file roll-up. */
function fileLabel(url: string): string {
    const short = shortUrl(url);
    if (short.endsWith('bench/results/.build/case.js')) {
        return 'lib/ + bench/ (bundled into case.js)';
    }
    if (short === 'vendor/pdfmake.js') {
        return 'vendor/pdfmake.js (pdfmake, pdfkit, fontkit, linebreak, bidi-js)';
    }
    return short;
}

/**
 * Self time per function and per file. Native frames (no url: zlib's writeSync, Buffer writes) count
 * for the file of the nearest JavaScript caller in the roll-up; the profiler's own stop call is left out.
 */
export function summariseProfile(file: string, top = 20): ProfileSummary {
    const profile = JSON.parse(fs.readFileSync(file, 'utf8')) as CpuProfile;
    const byId = new Map(profile.nodes.map((n) => [n.id, n]));
    const parent = new Map<number, number>();
    for (const n of profile.nodes) {
        for (const c of n.children || []) {
            parent.set(c, n.id);
        }
    }
    /** The nearest url at or above a node, and whether the node runs under node:inspector. */
    const context = new Map<number, { url: string; caller: string; profiler: boolean }>();
    const contextOf = (id: number): { url: string; caller: string; profiler: boolean } => {
        const known = context.get(id);
        if (known) {
            return known;
        }
        const frame = byId.get(id)!.callFrame;
        const up = parent.has(id) ? contextOf(parent.get(id)!) : { url: '', caller: '', profiler: false };
        const own = frame.url ? { url: frame.url, caller: frame.functionName || '(anonymous)', profiler: up.profiler || frame.url === 'node:inspector' } : up;
        context.set(id, own);
        return own;
    };
    const selfUs = new Map<number, number>();
    profile.samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) || 0) + (profile.timeDeltas[i] || 0)));
    let totalUs = 0;
    const fnTotals = new Map<string, { name: string; where: string; us: number }>();
    const fileTotals = new Map<string, number>();
    for (const [id, us] of selfUs) {
        const { callFrame } = byId.get(id)!;
        const ctx = contextOf(id);
        if (ctx.profiler || callFrame.functionName === '(idle)') {
            continue;
        }
        totalUs += us;
        const name = callFrame.functionName || '(anonymous)';
        const where = callFrame.url ? `${shortUrl(callFrame.url)}:${callFrame.lineNumber + 1}:${callFrame.columnNumber + 1}` : ctx.url ? `native, from ${ctx.caller} (${shortUrl(ctx.url)})` : '';
        const key = `${name}@${where}`;
        const entry = fnTotals.get(key) || { name, where, us: 0 };
        entry.us += us;
        fnTotals.set(key, entry);
        const fileKey = ctx.url ? fileLabel(ctx.url) : name; // (garbage collector), (program)
        fileTotals.set(fileKey, (fileTotals.get(fileKey) || 0) + us);
    }
    const line = (name: string, where: string, us: number): ProfileLine => ({ name, where, selfMs: Math.round(us / 100) / 10, share: Math.round((us / totalUs) * 1000) / 10 });
    return {
        totalMs: Math.round(totalUs / 1000),
        functions: [...fnTotals.values()].sort((a, b) => b.us - a.us).slice(0, top).map((e) => line(e.name, e.where, e.us)),
        files: [...fileTotals.entries()].sort((a, b) => b[1] - a[1]).slice(0, Math.ceil(top / 2)).map(([name, us]) => line(name, '', us)),
    };
}

export function profileMarkdown(summary: ProfileSummary): string {
    const rows = [`Profile: ${summary.totalMs} ms sampled`, '', '| self ms | % | function | where |', '|---:|---:|---|---|'];
    for (const f of summary.functions) {
        rows.push(`| ${f.selfMs} | ${f.share} | \`${f.name}\` | ${f.where} |`);
    }
    rows.push('', '| self ms | % | file / package |', '|---:|---:|---|');
    for (const f of summary.files) {
        rows.push(`| ${f.selfMs} | ${f.share} | ${f.name} |`);
    }
    return rows.join('\n');
}

if (require.main === module) {
    const [file, top] = process.argv.slice(2);
    if (!file) {
        console.error('usage: tsx bench/profile.ts <file.cpuprofile> [top]');
        process.exit(2);
    }
    console.log(profileMarkdown(summariseProfile(file, Number(top) || 20)));
}
