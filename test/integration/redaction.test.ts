// Issue 16: card numbers and other personal data are redacted from email and PDF transcripts,
// never from the stored messages; GET shows how many spans of each kind, never the values.
import { charactersOf } from './eml';
import { startedWorkspace, Visitor } from './fixtures';

// eslint-disable-next-line @typescript-eslint/no-var-requires
const pdfParse: (data: Buffer) => Promise<{ text: string }> = require('pdf-parse/lib/pdf-parse.js');

/**
 * Engines before 1.60 send with each answer the log of whichever call started last, so a line a long
 * job logs while other calls come and go can be lost (docs/compatibility.md). 1.60 and later keep a log per call.
 */
const [engineMajor, engineMinor] = (process.env.APPS_ENGINE || '1.62.0').split('.').map(Number);
const jobLogsArrive = engineMajor > 1 || engineMinor >= 60;

const { ws, users, demoVisitor, openRoom, requestEmail, waitForEmail, download } = startedWorkspace(() => ({ visitor: demo }));
let demo: Visitor;

beforeAll(async () => {
    demo = await demoVisitor();
    await ws.dev('POST', 'settings/server', { id: 'Country', value: 'unitedStates' });
});

const VISA = '4242 4242 4242 4242';
const MASTERCARD = '5555-5555-5555-4444';
const AMEX_ARABIC = '٣٧٨٢ ٨٢٢٤٦٣ ١٠٠٠٥'; // 3782 822463 10005 in Arabic-Indic digits
const IBAN = 'DE89 3704 0044 0532 0130 00';
const EMAIL = 'vera.private@example.org';
const PHONE = '(415) 555-2671';
const PHONE_INTL = '+49 30 901820';

const MESSAGES = [
    { from: 'visitor', text: `My card is ${VISA}, the old one was ${MASTERCARD}.` },
    { from: 'visitor', text: `بطاقتي الأخرى ${AMEX_ARABIC} شكرا` },
    { from: 'agent', text: `Refund to IBAN ${IBAN}?` },
    { from: 'visitor', text: `Yes. Mail ${EMAIL} or call ${PHONE} / ${PHONE_INTL}. Order ORD-123456.` },
];

/** Digits only, so a value split over lines or groups in the PDF text is still found. */
const digitsOf = (text: string) => text.replace(/[٠-٩]/g, (d) => String(d.charCodeAt(0) - 0x0660)).replace(/\D/g, '');
const FULL_VALUES = [digitsOf(VISA), digitsOf(MASTERCARD), digitsOf(AMEX_ARABIC), 'DE89370400440532013000'];

async function closedRoomWithTranscripts(subject: string): Promise<string> {
    const { rid } = await openRoom({ messages: MESSAGES });
    await requestEmail(rid, subject, 'vera@example.com');
    // Closed through the app: the comment of a close in Rocket.Chat's own UI is not readable by apps.
    const closed = await ws.api('POST', 'livechat/room.closeByUser', { user: users.agent, body: { rid, comment: `Refunded card ${VISA}`, tags: ['billing', `iban ${IBAN}`] } });
    expect(closed.body).toEqual({ success: true });
    expect((await ws.api('POST', `omnichannel/${rid}/request-transcript`, { user: users.manager })).status).toBe(200);
    return rid;
}

async function delivered(rid: string, subject: string) {
    const transcript = await ws.waitFor(async () => {
        const answer = await ws.api('GET', `livechat/transcript/${rid}`, { user: users.manager });
        const t = answer.body.transcript;
        return t?.status === 'sent' && t.pdf?.status === 'sent' && t;
    }, 60_000, 'email and PDF');
    const { eml } = await waitForEmail(subject);
    const pdfText = (await pdfParse(await download(transcript.pdf.fileId))).text;
    return { transcript, eml, pdfText };
}

function expectNoFullCardOrIban(text: string): void {
    const digits = digitsOf(text);
    for (const value of FULL_VALUES.slice(0, 3)) {
        expect(digits).not.toContain(value);
    }
    expect(text.replace(/\s/g, '')).not.toContain(FULL_VALUES[3]);
}

describe('redaction', () => {
    test('defaults: card numbers and IBANs are redacted in the email (both parts) and the PDF, keeping the last four; stored messages unchanged; GET shows counts', async () => {
        const rid = await closedRoomWithTranscripts('Redaction defaults');
        const { transcript, eml, pdfText } = await delivered(rid, 'Redaction defaults');
        for (const text of [eml.text, charactersOf(eml.html), pdfText]) {
            expectNoFullCardOrIban(text);
        }
        for (const text of [eml.text, charactersOf(eml.html)]) {
            for (const label of ['[card ending 4242]', '[card ending 4444]', '[card ending 0005]', '[IBAN DE…3000]']) {
                expect(text).toContain(label);
            }
            // Off by default: emails and phone numbers stay.
            expect(text).toContain(EMAIL);
            expect(text).toContain(PHONE_INTL);
        }
        for (const label of ['card ending 4242', 'card ending 4444', 'card ending 0005', '3000']) {
            expect(pdfText).toContain(label);
        }
        // The closing comment and the tags too: 3 cards in messages + 1 in the comment; 1 IBAN in a message + 1 in a tag.
        expect(transcript.redactions).toEqual({ iban: 2, card: 4 });
        expect(transcript.pdf.redactions).toEqual({ iban: 2, card: 4 });
        // Counts only, not even a last four; hashes and ids left out (a SHA-256 in hex holds "4242" once in a thousand).
        const RANDOM_FIELDS = ['sha256', 'fileId', '_id'];
        expect(JSON.stringify(transcript, (key, value) => (RANDOM_FIELDS.includes(key) ? undefined : value))).not.toContain('4242');
        const { notifications } = await ws.dev('POST', 'slash', { userId: users.manager.id, roomId: rid, command: 'transcript status' });
        const status = notifications.map((n: any) => n.text).join('\n');
        expect(status).toContain('redacted: IBANs 2, card numbers 4');
        expect(status).not.toContain('4242');
        const stored = await ws.dev('GET', `rooms/${rid}`);
        expect(stored.messages.map((m: any) => m.text)).toEqual(expect.arrayContaining(MESSAGES.map((m) => m.text)));
    });

    test('every detector on, custom patterns: none of the values remain; an invalid and a catastrophic pattern are refused, logged, and the transcripts still delivered', async () => {
        const settings: Array<[string, unknown]> = [
            ['redaction_emails', true],
            ['redaction_phones', true],
            ['redaction_custom_patterns', 'Order: ORD-\\d{6}\n([a-z\n(a+)+$'],
        ];
        for (const [id, value] of settings) {
            await ws.dev('POST', 'settings/app', { id, value });
        }
        try {
            const rid = await closedRoomWithTranscripts('Redaction all');
            const { transcript, eml, pdfText } = await delivered(rid, 'Redaction all');
            for (const text of [eml.text, charactersOf(eml.html), pdfText]) {
                expectNoFullCardOrIban(text);
                expect(text).not.toContain(EMAIL);
                expect(digitsOf(text)).not.toContain('4155552671');
                expect(digitsOf(text)).not.toContain('4930901820');
                expect(text).not.toContain('ORD-123456');
            }
            for (const label of ['[email]', '[phone]', '[Order]']) {
                expect(eml.text).toContain(label);
                expect(pdfText).toContain(label);
            }
            // The header still names the recipient.
            expect(eml.text).toContain('vera@example.com');
            expect(transcript.redactions).toEqual({ iban: 2, card: 4, email: 1, phone: 2, custom: 1 });
            if (jobLogsArrive) {
                expect(ws.output).toContain('Redaction pattern refused: "([a-z": not a valid regular expression');
                expect(ws.output).toContain('Redaction pattern refused: "(a+)+$": may backtrack catastrophically');
            }
        } finally {
            await ws.dev('POST', 'settings/app', { id: 'redaction_emails', value: false });
            await ws.dev('POST', 'settings/app', { id: 'redaction_phones', value: false });
            await ws.dev('POST', 'settings/app', { id: 'redaction_custom_patterns', value: '' });
        }
    });

    test('"emails only" leaves the PDF as it is', async () => {
        await ws.dev('POST', 'settings/app', { id: 'redaction_scope', value: 'emails_only' });
        try {
            const rid = await closedRoomWithTranscripts('Redaction emails only');
            const { transcript, eml, pdfText } = await delivered(rid, 'Redaction emails only');
            expectNoFullCardOrIban(eml.text);
            expect(digitsOf(pdfText)).toContain(digitsOf(VISA));
            expect(transcript.redactions).toEqual({ iban: 2, card: 4 });
            expect(transcript.pdf.redactions).toBeUndefined();
        } finally {
            await ws.dev('POST', 'settings/app', { id: 'redaction_scope', value: 'emails_and_pdfs' });
        }
    });
});
