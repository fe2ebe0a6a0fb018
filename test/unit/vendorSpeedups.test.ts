// build/speedups: the vendor bundle's faster pdfmake/pdfkit methods change no byte of a PDF.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { generateConversation, loadTranslator, toTranscript } from '../../bench/corpus';
import { buildVendor } from '../../build/vendor';
import { basicPdfFormat, buildPdfDefinition } from '../../lib/pdf/renderPdf';
import { loadVendor } from '../../lib/pdf/vendor';

interface Pdfmake {
    createPdf(definition: object): { getBuffer(): Promise<Uint8Array> };
}

test('a conversation in several scripts, with images and system messages, in an LTR and an RTL language: the same bytes with and without the speedups', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vendor-plain-'));
    try {
        const plainFile = path.join(dir, 'pdfmake.js');
        await buildVendor({ withSpeedups: false, target: plainFile });
        // eslint-disable-next-line @typescript-eslint/no-var-requires
        const plain = require(plainFile).pdfmake as Pdfmake;
        const patched = loadVendor().pdfmake as unknown as Pdfmake;

        const translator = loadTranslator();
        const pdfOf = (pdfmake: Pdfmake, language: string) => {
            const transcript = toTranscript(generateConversation({ messages: 400, seed: 7, images: true }), translator, language);
            const definition = buildPdfDefinition(transcript, translator.labels(language), basicPdfFormat(language, 'UTC'));
            // A fixed creation date: pdfkit derives the file's ID from it.
            return pdfmake.createPdf({ ...definition, info: { ...(definition.info as object), creationDate: new Date(1700000000000) } }).getBuffer();
        };
        for (const language of ['en', 'ar']) {
            const withSpeedups = Buffer.from(await pdfOf(patched, language));
            const without = Buffer.from(await pdfOf(plain, language));
            expect(withSpeedups.length).toBeGreaterThan(100000);
            expect(withSpeedups.equals(without)).toBe(true);
        }
    } finally {
        fs.rmSync(dir, { recursive: true, force: true });
    }
}, 180000);
