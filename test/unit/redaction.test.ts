// Redaction: the detectors against the labelled corpus (test/redaction/corpus.ts), replacements,
// custom patterns, and which parts of a transcript are redacted.
import * as fs from 'fs';
import * as path from 'path';
import { countryCode } from '../../lib/redaction/country';
import { foldDigits } from '../../lib/redaction/digits';
import { createRedactor, RedactionLabels, RedactionSettings, redactTranscript } from '../../lib/redaction/redact';
import { parseCustomPatterns } from '../../lib/redaction/patterns';
import { loadRedactionVendor, RedactionVendor } from '../../lib/redaction/vendor';
import { Transcript } from '../../lib/transcript/types';
import { CORPUS_COUNTRY, Kind, redactionCorpus } from '../redaction/corpus';

const VENDOR = path.join(__dirname, '..', '..', 'vendor', 'redaction.js');
let vendor: RedactionVendor;

beforeAll(async () => {
    // The vendor bundle is generated (gitignored): build it when missing.
    if (!fs.existsSync(VENDOR)) {
        // eslint-disable-next-line @typescript-eslint/no-var-requires
        await require('../../build/vendor').buildRedactionVendor();
    }
    vendor = loadRedactionVendor();
}, 120000);

const labels: RedactionLabels = {
    card: (last4) => `[card ending ${last4}]`,
    iban: (country, last4) => `[IBAN ${country}…${last4}]`,
    email: '[email]',
    phone: '[phone]',
    custom: '[redacted]',
};
const NONE: RedactionSettings = { cards: false, ibans: false, emails: false, phones: false, customPatterns: '', scope: 'emails_and_pdfs' };
const ONLY: Record<Kind, RedactionSettings> = {
    card: { ...NONE, cards: true },
    iban: { ...NONE, ibans: true },
    email: { ...NONE, emails: true },
    phone: { ...NONE, phones: true },
};
const ALL: RedactionSettings = { ...NONE, cards: true, ibans: true, emails: true, phones: true };

describe('the labelled corpus', () => {
    const corpus = redactionCorpus();
    const kinds: Kind[] = ['card', 'iban', 'email', 'phone'];

    test('has at least 500 positives and 1,000 negatives', () => {
        expect(corpus.positives.length).toBeGreaterThanOrEqual(500);
        expect(corpus.negatives.length).toBeGreaterThanOrEqual(1000);
    });

    test('recall 100 % and no false positives, for each detector', () => {
        const rows: string[] = ['| detector | positives | found | recall | negatives | false positives |', '|---|---:|---:|---:|---:|---:|'];
        const misses: Record<string, string[]> = {};
        for (const kind of kinds) {
            const redactor = createRedactor(ONLY[kind], labels, vendor, CORPUS_COUNTRY);
            const positives = corpus.positives.filter((p) => p.kind === kind);
            const found = positives.filter((p) => redactor.redact(p.text).spans.some((s) => s.start <= p.start && s.end >= p.end));
            const negatives = corpus.negatives.filter((n) => n.forKinds.includes(kind));
            const falsePositives = negatives.filter((n) => redactor.redact(n.text).spans.length > 0);
            misses[kind] = [...positives.filter((p) => !found.includes(p)).map((p) => `missed: ${p.label}: ${p.text}`), ...falsePositives.map((n) => `false positive: ${n.label}: ${n.text}`)];
            rows.push(`| ${kind} | ${positives.length} | ${found.length} | ${((100 * found.length) / positives.length).toFixed(1)} % | ${negatives.length} | ${falsePositives.length} |`);
        }
        console.log(`Redaction corpus (seed 16):\n${rows.join('\n')}`);
        expect(misses).toEqual({ card: [], iban: [], email: [], phone: [] });
    });

    test('a card number or IBAN keeps its last four, in ASCII, and nothing more of it', () => {
        const redactor = createRedactor(ALL, labels, vendor, CORPUS_COUNTRY);
        for (const p of corpus.positives.filter((x) => x.kind === 'card' || x.kind === 'iban')) {
            const { text } = redactor.redact(p.text);
            const expected = p.kind === 'card' ? `[card ending ${p.last4}]` : `[IBAN ${foldDigits(p.text.slice(p.start, p.start + 2)).toUpperCase()}…${p.last4}]`;
            expect(text).toBe(p.text.slice(0, p.start) + expected + p.text.slice(p.end));
        }
    });
});

describe('detectors', () => {
    const redact = (text: string, settings: RedactionSettings = ALL) => createRedactor(settings, labels, vendor, 'US').redact(text).text;

    test('card numbers inside longer runs of digits and next to a CVC', () => {
        expect(redact('4242 4242 4242 4242 123')).toBe('[card ending 4242] 123');
        expect(redact('Order 12/4242 4242 4242 4242')).toBe('Order 12/[card ending 4242]');
        // Not from the middle of a longer block: that is a tracking number.
        expect(redact('USPS 9400 2366 6378 4476 8237 30')).toBe('USPS 9400 2366 6378 4476 8237 30');
        expect(redact('4242424242424242/12/27')).toBe('[card ending 4242]/12/27');
    });

    test('a number split over two messages or written with mixed separators is not found', () => {
        expect(redact('4242 4242')).toBe('4242 4242');
        expect(redact('4242-4242 4242.4242')).toBe('4242-4242 4242.4242');
    });

    test('earlier kinds win overlaps: a card number is not also a phone number', () => {
        const { spans } = createRedactor(ALL, labels, vendor, 'US').redact('pay with 4111111111111111 now');
        expect(spans.map((s) => s.kind)).toEqual(['card']);
    });

    test('digits of other scripts fold to ASCII position for position', () => {
        const text = 'رقم ٤٢٤٢ ۴۲۴۲ ４２４２';
        expect(foldDigits(text)).toBe('رقم 4242 4242 4242');
        expect(foldDigits(text).length).toBe(text.length);
    });

    test('emails: only addresses with a domain', () => {
        expect(redact('mail vera@example.com, or ping @vera at user@localhost')).toBe('mail [email], or ping @vera at user@localhost');
    });

    test('a long text of near misses is left alone', () => {
        const text = '1234 '.repeat(1000) + 'a@'.repeat(1000) + 'DE00 '.repeat(1000);
        expect(redact(text)).toBe(text);
    });
});

describe('custom patterns', () => {
    test('labelled and unlabelled patterns apply; invalid and catastrophic ones are refused with the reason', () => {
        const { patterns, refused } = parseCustomPatterns(['Order: ORD-\\d{6}', 'patient \\d{5}', '([a-z', '(a+)+$', '', '  '].join('\n'), vendor);
        expect(patterns.map((p) => [p.label, p.regExp.source])).toEqual([
            ['Order', 'ORD-\\d{6}'],
            [undefined, 'patient \\d{5}'],
        ]);
        expect(refused.map((r) => r.pattern)).toEqual(['([a-z', '(a+)+$']);
        expect(refused[0].reason).toMatch(/not a valid regular expression/);
        expect(refused[1].reason).toMatch(/backtrack/);
    });

    test('a redactor applies the accepted patterns and reports the refused ones', () => {
        const redactor = createRedactor({ ...NONE, customPatterns: 'Order: ORD-\\d{6}\n(a+)+$\nx*' }, labels, vendor);
        expect(redactor.redact('see ORD-123456 and aaaa!').text).toBe('see [Order] and aaaa!');
        expect(redactor.refused.map((r) => r.pattern)).toEqual(['(a+)+$']);
        // A pattern that matches the empty string only redacts what it actually matches.
        expect(redactor.redact('axxb').text).toBe('a[redacted]b');
    });

    test('custom patterns see other scripts\' digits as ASCII', () => {
        const redactor = createRedactor({ ...NONE, customPatterns: 'ID: \\bID-\\d{4}\\b' }, labels, vendor);
        expect(redactor.redact('رقم ID-١٢٣٤ هنا').text).toBe('رقم [ID] هنا');
    });
});

describe('redactTranscript', () => {
    const card = '4242 4242 4242 4242';
    const transcript: Transcript = {
        language: 'en',
        timeZone: 'UTC',
        header: {
            siteName: 'Acme',
            title: 'Transcript',
            visitorName: 'Vera',
            visitorEmail: 'vera@example.com',
            startedAt: 0,
            closeComment: `refunded ${card}`,
            tags: ['billing', `card ${card}`],
            survey: { Feedback: `my card ${card} works`, Rating: '5' },
        },
        messages: [
            {
                id: 'm1',
                sender: { name: 'Vera', role: 'visitor' },
                at: 0,
                text: `card ${card}, mail vera@example.com`,
                system: false,
                quotes: [{ author: 'Vera', text: `quoted ${card}` }],
                images: [{ name: `scan ${card}.png`, mimeType: 'image/png' }],
                files: [{ name: `statement DE89370400440532013000.pdf`, url: 'https://x/y' }],
            },
        ],
    };

    test('every free-text field is redacted; names and the recipient stay; counts per kind', () => {
        const redacted = redactTranscript(transcript, createRedactor(ALL, labels, vendor, 'US'));
        const json = JSON.stringify({ header: redacted.header, messages: redacted.messages });
        expect(json).not.toContain(card);
        expect(json).not.toContain('DE89370400440532013000');
        expect(redacted.header.visitorEmail).toBe('vera@example.com');
        expect(redacted.messages[0].text).toBe('card [card ending 4242], mail [email]');
        expect(redacted.header.survey).toEqual({ Feedback: 'my card [card ending 4242] works', Rating: '5' });
        expect(redacted.messages[0].files[0]).toEqual({ name: 'statement [IBAN DE…3000].pdf', url: 'https://x/y' });
        expect(redacted.redaction?.counts).toEqual({ card: 6, iban: 1, email: 1, phone: 0 });
        // The model it came from is unchanged.
        expect(transcript.messages[0].text).toContain(card);
    });

    test('with nothing enabled the counts are empty and the text is the same', () => {
        const redacted = redactTranscript(transcript, createRedactor(NONE, labels, vendor));
        expect(redacted.messages).toEqual(transcript.messages);
        expect(redacted.redaction?.counts).toEqual({});
    });
});

describe("the workspace's country", () => {
    test.each([
        ['unitedStates', 'US'],
        ['germany', 'DE'],
        ['brazil', 'BR'],
        ['koreaRepublicOf', 'KR'],
        ['russianFederation', 'RU'],
        ['bosniaAndHerzegovina', 'BA'],
        ['saoTomeAndPrincipe', 'ST'],
        ['reunion', 'RE'],
        ['turkey', 'TR'],
        ['swaziland', 'SZ'],
        ['DE', 'DE'],
        ['worldwide', undefined],
        ['', undefined],
    ])('%s -> %s', (key, code) => {
        expect(countryCode(key, vendor.phoneCountries)).toBe(code);
    });
});
