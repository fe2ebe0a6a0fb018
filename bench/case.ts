// One benchmark case in a fresh process, so that its peak memory is its own:
//   node --expose-gc --import tsx bench/case.ts --renderer ours-pdf --messages 1000 --images 1 --runs 5 --warmup 1 --seed 42
// Prints one line: RESULT {json}. The first (cold) render is untimed warm-up unless --warmup 0.
// --cpu-profile <file>: writes a V8 CPU profile of the last render only (not of the set-up).
import * as fs from 'fs';
import { Session } from 'inspector';
import { performance } from 'perf_hooks';
import { renderEmail } from '../lib/email/renderEmail';
import { renderPdf } from '../lib/pdf/renderPdf';
import { loadVendor } from '../lib/pdf/vendor';
import { boundFormat } from '../lib/transcript/format';
import { baselineFonts } from './baselines/common';
import { renderWithPdfkit } from './baselines/pdfkit';
import { renderWithReactPdf } from './baselines/reactPdf';
import { generateConversation, loadTranslator, toTranscript } from './corpus';

export const RENDERERS = ['ours-email', 'ours-pdf', 'pdfkit', 'react-pdf'] as const;
export type RendererName = (typeof RENDERERS)[number];

export interface CaseResult {
    renderer: RendererName;
    messages: number;
    images: boolean;
    runs: number;
    warmup: number;
    /** Timed runs, ms. */
    timesMs: number[];
    medianMs: number;
    /** The first render in the process (vendor/fonts loading included), ms. */
    coldMs: number;
    /** Process peak RSS (maxRSS) after the first render / at the end, bytes. */
    peakRssFirst: number;
    peakRss: number;
    /** RSS before rendering: transcript built, renderer modules loaded. */
    idleRss: number;
    /** Output size in bytes (email: HTML + text parts). */
    outputBytes: number;
    htmlBytes?: number;
    pages?: number;
    embeddedImages: number;
}

function arg(name: string, fallback?: string): string {
    const i = process.argv.indexOf(`--${name}`);
    const value = i >= 0 ? process.argv[i + 1] : fallback;
    if (value === undefined) {
        throw new Error(`missing --${name}`);
    }
    return value;
}

const maxRss = () => process.resourceUsage().maxRSS * 1024;

export function median(values: number[]): number {
    if (!values.length) {
        return NaN;
    }
    const sorted = [...values].sort((a, b) => a - b);
    const mid = sorted.length >> 1;
    return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function countPages(pdf: Buffer): number {
    return (pdf.toString('latin1').match(/\/Type\s*\/Page(?![a-zA-Z])/g) || []).length;
}

async function main(): Promise<void> {
    const renderer = arg('renderer') as RendererName;
    if (!RENDERERS.includes(renderer)) {
        throw new Error(`--renderer must be one of ${RENDERERS.join(', ')}`);
    }
    const messages = Number(arg('messages'));
    const images = arg('images', '1') === '1';
    const runs = Number(arg('runs', '3'));
    const warmup = Number(arg('warmup', '1'));
    const seed = Number(arg('seed', '42'));
    const save = process.argv.includes('--save') ? arg('save') : undefined;
    const profileTo = process.argv.includes('--cpu-profile') ? arg('cpu-profile') : undefined;

    const translator = loadTranslator();
    const transcript = toTranscript(generateConversation({ messages, seed, images }), translator);
    const labels = translator.labels(transcript.language);
    const format = boundFormat(transcript.language, transcript.timeZone);
    const input = { labels, format };

    let render: () => Promise<Buffer | { html: string; text: string }>;
    if (renderer === 'ours-email') {
        render = async () => renderEmail(transcript, translator);
    } else if (renderer === 'ours-pdf') {
        loadVendor();
        render = async () => Buffer.from(await renderPdf(transcript, labels, format));
    } else {
        const fonts = baselineFonts(transcript.language);
        render = renderer === 'pdfkit' ? () => renderWithPdfkit(transcript, input, fonts) : () => renderWithReactPdf(transcript, input, fonts, { experimentalPagination: arg('react-pdf-pagination', 'default') === 'experimental' });
    }

    const gc = (global as { gc?: () => void }).gc || (() => undefined);
    gc();
    const idleRss = process.memoryUsage().rss;
    const timesMs: number[] = [];
    let coldMs = 0;
    let peakRssFirst = 0;
    let output: Buffer | { html: string; text: string } = Buffer.alloc(0);
    const session = profileTo ? new Session() : undefined;
    const post = (method: string) =>
        new Promise<{ profile?: unknown }>((resolve, reject) =>
            (session as unknown as { post(m: string, cb: (error: Error | null, result: { profile?: unknown }) => void): void }).post(method, (error, result) => (error ? reject(error) : resolve(result))),
        );
    session?.connect();
    for (let i = 0; i < warmup + runs; i++) {
        output = Buffer.alloc(0); // let the previous output go before the next render
        gc();
        const profiling = session && i === warmup + runs - 1;
        if (profiling) {
            await post('Profiler.enable');
            await post('Profiler.start');
        }
        const start = performance.now();
        output = await render();
        const ms = performance.now() - start;
        if (profiling) {
            fs.writeFileSync(profileTo!, JSON.stringify((await post('Profiler.stop')).profile));
        }
        if (i === 0) {
            coldMs = ms;
            peakRssFirst = maxRss();
        }
        if (i >= warmup) {
            timesMs.push(ms);
        }
    }
    const embeddedImages = Math.min(200, transcript.messages.reduce((n, m) => n + m.images.filter((im) => im.data).length, 0));
    const result: CaseResult = {
        renderer,
        messages,
        images,
        runs,
        warmup,
        timesMs: timesMs.map((t) => Math.round(t * 10) / 10),
        medianMs: Math.round(median(timesMs) * 10) / 10,
        coldMs: Math.round(coldMs * 10) / 10,
        peakRssFirst,
        peakRss: maxRss(),
        idleRss,
        outputBytes: 0,
        embeddedImages,
    };
    if (Buffer.isBuffer(output)) {
        result.outputBytes = output.length;
        result.pages = countPages(output);
        if (save) {
            fs.writeFileSync(save, output);
        }
    } else {
        result.htmlBytes = Buffer.byteLength(output.html);
        result.outputBytes = result.htmlBytes + Buffer.byteLength(output.text);
        if (save) {
            fs.writeFileSync(save, output.html);
        }
    }
    process.stdout.write(`RESULT ${JSON.stringify(result)}\n`);
}

if (require.main === module) {
    main().catch((error) => {
        console.error(error?.stack || error);
        process.exit(1);
    });
}
