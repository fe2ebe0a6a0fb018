// Redaction cost: the bench conversation (bench/corpus.ts, same seed) with personal data in 1 % of
// its messages (a card number, an IBAN, an email address or a phone number in turn), redacted as the
// app does it (lib/redaction, vendor/redaction.js) with the default settings and with every detector on.
//   npx tsx bench/redaction.ts --sizes 10000,50000 [--runs 5] [--seed 42] [--pdf]
// --pdf also renders the redacted transcript's PDF once, for the ratio. `npm run bench` runs it in a
// fresh process per size (--json prints one RESULT line) and puts it next to its PDF times.
import { performance } from 'perf_hooks';
import { renderPdf } from '../lib/pdf/renderPdf';
import { createRedactor, redactionLabels, RedactionSettings, redactTranscript } from '../lib/redaction/redact';
import { RedactionCounts } from '../lib/redaction/types';
import { loadRedactionVendor } from '../lib/redaction/vendor';
import { boundFormat } from '../lib/transcript/format';
import { generateConversation, loadTranslator, SyntheticMessage, toTranscript } from './corpus';

export interface RedactionBenchResult {
    messages: number;
    /** Messages that carry personal data. */
    withData: number;
    defaultsMs: number;
    allDetectorsMs: number;
    counts: RedactionCounts;
    pdfMs?: number;
}

const PERSONAL_DATA = ['my card is 4242 4242 4242 4242 thanks', 'IBAN DE89 3704 0044 0532 0130 00 please', 'write to vera.private@example.org', 'call me at +49 30 901820'];
const SHARE = 100; // one message in a hundred

/** The bench conversation with personal data appended to every 100th message. */
export function withPersonalData(messages: SyntheticMessage[]): SyntheticMessage[] {
    return messages.map((m, i) => (i % SHARE === 37 && !m.t ? { ...m, text: `${m.text} ${PERSONAL_DATA[Math.floor(i / SHARE) % PERSONAL_DATA.length]}` } : m));
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1];

export async function measureRedaction(messages: number, seed: number, runs: number, pdf: boolean): Promise<RedactionBenchResult> {
    const translator = loadTranslator();
    const plain = generateConversation({ messages, seed, images: true });
    const conversation = withPersonalData(plain);
    const transcript = toTranscript(conversation, translator);
    const vendor = loadRedactionVendor();
    const t = (key: string, params?: Record<string, string | number>) => translator.t('en', key, params);
    const labels = redactionLabels(t);
    const defaults: RedactionSettings = { cards: true, ibans: true, emails: false, phones: false, customPatterns: '', scope: 'emails_and_pdfs' };
    const all: RedactionSettings = { ...defaults, emails: true, phones: true, customPatterns: 'Order: ORD-\\d{6}' };
    const time = (settings: RedactionSettings) => {
        const times: number[] = [];
        let counts: RedactionCounts = {};
        for (let i = 0; i < runs + 1; i++) {
            const start = performance.now();
            // As the app does per transcript: settings read into a redactor, then the model redacted.
            const redacted = redactTranscript(transcript, createRedactor(settings, labels, vendor, 'US'));
            const ms = performance.now() - start;
            counts = redacted.redaction!.counts;
            if (i > 0) {
                times.push(ms);
            }
        }
        return { ms: median(times), counts };
    };
    const defaultsRun = time(defaults);
    const allRun = time(all);
    const result: RedactionBenchResult = {
        messages,
        withData: conversation.filter((m, i) => m !== plain[i]).length,
        defaultsMs: defaultsRun.ms,
        allDetectorsMs: allRun.ms,
        counts: allRun.counts,
    };
    if (pdf) {
        const redacted = redactTranscript(transcript, createRedactor(defaults, labels, vendor, 'US'));
        const start = performance.now();
        await renderPdf(redacted, translator.labels('en'), boundFormat('en', transcript.timeZone));
        result.pdfMs = performance.now() - start;
    }
    return result;
}

function arg(name: string, fallback: string): string {
    const i = process.argv.indexOf(`--${name}`);
    return i >= 0 && process.argv[i + 1] && !process.argv[i + 1].startsWith('--') ? process.argv[i + 1] : fallback;
}

async function main(): Promise<void> {
    const sizes = arg('sizes', '10000,50000').split(',').map(Number);
    const runs = Number(arg('runs', '5'));
    const seed = Number(arg('seed', '42'));
    const pdf = process.argv.includes('--pdf');
    for (const n of sizes) {
        const r = await measureRedaction(n, seed, runs, pdf);
        if (process.argv.includes('--json')) {
            console.log(`RESULT ${JSON.stringify(r)}`);
        } else {
            const share = r.pdfMs ? ` = ${((100 * r.defaultsMs) / r.pdfMs).toFixed(1)} % / ${((100 * r.allDetectorsMs) / r.pdfMs).toFixed(1)} % of PDF ${Math.round(r.pdfMs)} ms` : '';
            console.log(`${n} messages (${r.withData} with personal data): redaction ${r.defaultsMs.toFixed(1)} ms (defaults), ${r.allDetectorsMs.toFixed(1)} ms (every detector)${share}; spans ${JSON.stringify(r.counts)}`);
        }
    }
}

if (require.main === module) {
    main().catch((error) => {
        console.error(error);
        process.exit(1);
    });
}
