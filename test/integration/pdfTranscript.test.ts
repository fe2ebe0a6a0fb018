// Issue: PDF transcripts of closed conversations, rendered with pdfmake, right in every script.
import * as zlib from 'zlib';
import { startedWorkspace, Visitor } from './fixtures';
import { DemoUser } from './workspace';

// eslint-disable-next-line @typescript-eslint/no-var-requires
const pdfParse: (data: Buffer) => Promise<{ text: string; numpages: number }> = require('pdf-parse/lib/pdf-parse.js');

// Rooms of the demo visitor, closed by their agent with a comment and a tag.
const { ws, users, demoVisitor, openRoom, closedRoom, download } = startedWorkspace(() => ({ visitor: demo, comment: 'Solved', tags: ['pdf'] }));
let demo: Visitor;

beforeAll(async () => {
    demo = await demoVisitor();
});

/** A small solid-colour PNG. */
function png(width: number, height: number): Buffer {
    const raw = Buffer.alloc((width * 3 + 1) * height);
    for (let y = 0; y < height; y++) {
        for (let x = 0; x < width; x++) {
            raw.set([200, 40, 40], y * (width * 3 + 1) + 1 + x * 3);
        }
    }
    const crcTable = Array.from({ length: 256 }, (_, n) => {
        let c = n;
        for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
        return c >>> 0;
    });
    const crc = (buf: Buffer) => {
        let c = 0xffffffff;
        for (const b of buf) c = crcTable[(c ^ b) & 255] ^ (c >>> 8);
        return (c ^ 0xffffffff) >>> 0;
    };
    const chunk = (type: string, data: Buffer) => {
        const body = Buffer.concat([Buffer.from(type), data]);
        const out = Buffer.alloc(body.length + 8);
        out.writeUInt32BE(data.length, 0);
        body.copy(out, 4);
        out.writeUInt32BE(crc(body), body.length + 4);
        return out;
    };
    const ihdr = Buffer.alloc(13);
    ihdr.writeUInt32BE(width, 0);
    ihdr.writeUInt32BE(height, 4);
    ihdr[8] = 8;
    ihdr[9] = 2;
    return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', ihdr), chunk('IDAT', zlib.deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

/** Every letter of `words` occurs in `text` at least as often. */
function hasLetters(text: string, words: string): boolean {
    const count = (s: string) => [...s.replace(/\s/g, '')].reduce((m, c) => m.set(c, (m.get(c) || 0) + 1), new Map<string, number>());
    const have = count(text);
    return [...count(words)].every(([c, n]) => (have.get(c) || 0) >= n);
}

const requestPdf = (rid: string, user?: DemoUser) => ws.api('POST', `omnichannel/${rid}/request-transcript`, { user });

async function deliveredPdf(rid: string) {
    const pdf = await ws.waitFor(async () => {
        const answer = await ws.api('GET', `livechat/transcript/${rid}`, { user: users.manager });
        return answer.body.transcript?.pdf?.status === 'sent' && answer.body.transcript.pdf;
    }, 60_000, 'the PDF');
    const { uploads } = await ws.dev('GET', 'uploads');
    const copies = uploads.filter((u: any) => u.sha256 === pdf.sha256);
    return { pdf, copies };
}

describe('POST omnichannel/:rid/request-transcript', () => {
    test('answers success, renders in a job and uploads to the room and to the requester', async () => {
        const { rid } = await closedRoom({ messages: [
            { from: 'visitor', text: 'Hello, I need help with invoice 2024-17' },
            { from: 'agent', text: 'Sure — Привет, Γειά σου, 你好, こんにちは, 안녕하세요 🎉' },
            { from: 'visitor', text: 'مرحبا، طلبي رقم 1042 لم يصل' },
            { from: 'agent', text: 'שלום וברכה' },
            { from: 'visitor', text: '{"text":"x","link":"javascript:alert(1)"} <b>bold</b>' },
        ] });
        const answer = await requestPdf(rid, users.agent);
        expect(answer.status).toBe(200);
        expect(answer.body).toEqual({ success: true });
        const { pdf, copies } = await deliveredPdf(rid);
        expect(pdf.fileName).toMatch(/^Transcript_Acme_Support_\d{4}-\d{2}-\d{2}_Vera_Visitor\.pdf$/);
        expect(pdf.sha256).toMatch(/^[0-9a-f]{64}$/);
        expect(copies).toHaveLength(2);
        const state = (await ws.snapshot()) as any;
        const dm = state.rooms.find((r: any) => r.id === copies.find((c: any) => c.rid !== rid).rid);
        expect(dm.type).toBe('d');
        expect(dm.memberIds).toContain(users.agent.id);
        for (const copy of copies) {
            const bytes = await download(copy.id);
            expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
            expect(bytes.subarray(-6).toString()).toContain('%%EOF');
            const { text } = await pdfParse(bytes);
            expect(text).toContain('Hello, I need help with invoice 2024-17');
            for (const word of ['Привет', 'Γειά', '你好', 'こんにちは', '안녕하세요', 'Vera Visitor', 'Alice Agent', 'pdf']) {
                expect(text).toContain(word);
            }
            expect(text).toContain('{"text":"x","link":"javascript:alert(1)"} <b>bold</b>');
            // Right-to-left lines are drawn in visual order, so extractors return them in pieces:
            // Hebrew words come out whole, Arabic as its letters (joined forms) around the number.
            expect(text).toContain('שלום');
            expect(text).toContain('1042');
            expect(hasLetters(text, 'مرحبا طلبي رقم لم يصل')).toBe(true);
        }
    }, 90_000);

    // Without system messages the app reads pages of messages; with them, the whole conversation at once.
    test.each([false, true])('a conversation longer than the "messages per PDF file" setting arrives as numbered parts, each message once (system messages: %s)', async (systemMessages) => {
        await ws.dev('POST', 'settings/app', { id: 'pdf_messages_per_file', value: 10 });
        await ws.dev('POST', 'settings/app', { id: 'transcript_include_system_messages', value: systemMessages });
        try {
            const { rid } = await closedRoom({ messages: Array.from({ length: 25 }, (_, i) => ({ from: i % 2 ? 'agent' : 'visitor', text: `Message number ${i + 1}.` })) });
            await requestPdf(rid, users.agent);
            const { pdf } = await deliveredPdf(rid);
            const count = pdf.parts[0].part.count;
            expect(count).toBeGreaterThanOrEqual(3);
            expect(pdf.parts.map((p: any) => p.fileName)).toEqual(Array.from({ length: count }, (_, i) => expect.stringMatching(new RegExp(`_Vera_Visitor_part-${i + 1}-of-${count}\\.pdf$`))));
            expect(pdf.fileId).toBe(pdf.parts[0].fileId);
            const { uploads } = await ws.dev('GET', 'uploads');
            const texts: string[] = [];
            for (const [i, part] of pdf.parts.entries()) {
                const copies = uploads.filter((u: any) => u.sha256 === part.sha256);
                expect(copies.map((c: any) => c.rid === rid)).toEqual(expect.arrayContaining([true, false]));
                expect(copies).toHaveLength(2);
                const { text } = await pdfParse(await download(part.fileId));
                expect(text).toContain(`Part ${i + 1} of ${count}`);
                texts.push(text);
            }
            for (let n = 1; n <= 25; n++) {
                expect(texts.filter((text) => text.includes(`Message number ${n}.`))).toHaveLength(1);
            }
        } finally {
            await ws.dev('POST', 'settings/app', { id: 'pdf_messages_per_file', value: 12000 });
            await ws.dev('POST', 'settings/app', { id: 'transcript_include_system_messages', value: false });
        }
    }, 120_000);

    test('embeds a png attachment', async () => {
        const { rid } = await closedRoom({ messages: [
            { from: 'visitor', text: 'Here is a photo', file: { name: 'photo.png', type: 'image/png', base64: png(40, 30).toString('base64') } },
            { from: 'visitor', text: 'and a file', file: { name: 'notes.txt', type: 'text/plain', base64: Buffer.from('hello').toString('base64') } },
        ] });
        await requestPdf(rid, users.manager);
        const { pdf } = await deliveredPdf(rid);
        const bytes = await download(pdf.fileId);
        expect(bytes.toString('latin1')).toMatch(/\/Subtype\s*\/Image/);
        expect((await pdfParse(bytes)).text).toContain('notes.txt');
    }, 90_000);

    test('a 1,000-message conversation is complete', async () => {
        const { rid } = await closedRoom({ messages: Array.from({ length: 1000 }, (_, i) => ({ from: i % 2 ? 'agent' : 'visitor', text: `message number ${i}` })) });
        await requestPdf(rid, users.manager);
        const { pdf } = await deliveredPdf(rid);
        const { text, numpages } = await pdfParse(await download(pdf.fileId));
        const numbers = new Set((text.match(/message number \d+/g) || []).map((m) => m));
        expect(numbers.size).toBe(1000);
        expect(numpages).toBeGreaterThan(10);
        expect(text).toContain(`Page ${numpages} of ${numpages}`);
    }, 120_000);

    test('a second request while one is pending queues nothing new', async () => {
        const { rid } = await closedRoom({ messages: [{ from: 'visitor', text: 'twice' }] });
        const [first, second] = await Promise.all([requestPdf(rid, users.manager), requestPdf(rid, users.manager)]);
        expect(first.body).toEqual({ success: true });
        expect(second.body).toEqual({ success: true });
        const { copies } = await deliveredPdf(rid);
        await new Promise((resolve) => setTimeout(resolve, 1500));
        const { uploads } = await ws.dev('GET', 'uploads');
        expect(copies).toHaveLength(2);
        expect(uploads.filter((u: any) => u.rid === rid)).toHaveLength(1);
    }, 90_000);

    test('401, error-invalid-room, room-still-open', async () => {
        const { rid } = await closedRoom({ messages: [{ from: 'visitor', text: 'x' }] });
        const anonymous = await ws.expectUnchanged(() => requestPdf(rid));
        expect(anonymous.status).toBe(401);
        expect(anonymous.body).toEqual({ status: 'error', message: 'You must be logged in to do this.' });
        const { room: channel } = await ws.dev('POST', 'rooms', { type: 'c', name: 'random' });
        for (const id of ['missing-room', channel.id]) {
            const answer = await ws.expectUnchanged(() => requestPdf(id, users.manager));
            expect(answer.status).toBe(400);
            expect(answer.body).toEqual({ success: false, error: 'error-invalid-room' });
        }
        const { rid: open } = await openRoom({ messages: [] });
        expect((await ws.expectUnchanged(() => requestPdf(open, users.manager))).body).toEqual({ success: false, error: 'room-still-open' });
    });

    test('403 without the capability; error-not-allowed without access to the room', async () => {
        const { rid } = await closedRoom({ messages: [{ from: 'visitor', text: 'x' }] });
        const foreign = await ws.expectUnchanged(() => requestPdf(rid, users.agent2));
        expect(foreign.status).toBe(400);
        expect(foreign.body).toEqual({ success: false, error: 'error-not-allowed' });
        await ws.dev('POST', 'settings/app', { id: 'roles_request_pdf', value: 'admin, livechat-manager' });
        try {
            const answer = await ws.expectUnchanged(() => requestPdf(rid, users.agent));
            expect(answer.status).toBe(403);
            expect(answer.body).toEqual({ success: false, error: 'User does not have the permissions required for this action [error-unauthorized]' });
        } finally {
            await ws.dev('POST', 'settings/app', { id: 'roles_request_pdf', value: 'admin, livechat-manager, livechat-monitor, livechat-agent' });
        }
    });
});
