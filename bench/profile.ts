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
    if (!url) {
        return '(native)';
    }
    const file = url.replace(/^file:\/\//, '');
    if (file.endsWith('bench/results/.build/case.js')) {
        return 'lib/ + bench/ (bundled case.js)';
    }
    if (file.endsWith('vendor/pdfmake.js')) {
        return 'vendor/pdfmake.js (pdfmake, pdfkit, fontkit, linebreak, bidi-js)';
    }
    const nm = file.lastIndexOf('node_modules/');
    if (nm >= 0) {
        return file.slice(nm + 'node_modules/'.length);
    }
    return path.relative(path.join(__dirname, '..'), file) || file;
}

export function summariseProfile(file: string, top = 20): ProfileSummary {
    const profile = JSON.parse(fs.readFileSync(file, 'utf8')) as CpuProfile;
    const byId = new Map(profile.nodes.map((n) => [n.id, n]));
    const selfUs = new Map<number, number>();
    profile.samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) || 0) + (profile.timeDeltas[i] || 0)));
    const totalUs = profile.endTime - profile.startTime;
    const fnTotals = new Map<string, { name: string; where: string; us: number }>();
    const fileTotals = new Map<string, number>();
    for (const [id, us] of selfUs) {
        const { callFrame } = byId.get(id)!;
        const name = callFrame.functionName || '(anonymous)';
        const where = callFrame.url ? `${shortUrl(callFrame.url)}:${callFrame.lineNumber + 1}:${callFrame.columnNumber + 1}` : '';
        const key = `${name}@${where}`;
        const entry = fnTotals.get(key) || { name, where, us: 0 };
        entry.us += us;
        fnTotals.set(key, entry);
        const fileKey = callFrame.url ? shortUrl(callFrame.url) : name; // (garbage collector), (program), (idle)
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
