// Transcripts nobody has to ask for: "Always email the transcript to the visitor when a chat
// closes" and "Keep a PDF transcript in the room when a chat closes", with closes from the app,
// the workspace UI and the visitor; and one room copy when the archive PDF and an agent's PDF meet.
import { startedWorkspace } from './fixtures';
import { DemoUser } from './workspace';

// Each room has a new visitor, with no email address unless given.
const { ws, users, openRoom, withSettings, emailsTo, transcriptOf } = startedWorkspace(() => ({ newVisitor: { emails: [] } }));
let appUserId: string;

const EMAIL_ON_CLOSE = 'transcript_email_visitor_on_close';
const KEEP_PDF = 'transcript_keep_pdf_on_close';

beforeAll(async () => {
    appUserId = ((await ws.snapshot()) as any).users.find((u: any) => u.type === 'app').id;
}, 60_000);

const closeByUser = (user: DemoUser, body: unknown) => ws.api('POST', 'livechat/room.closeByUser', { user, body });

const waitForEmail = (address: string) => ws.waitFor(async () => (await emailsTo(address))[0], 30_000, `an email to ${address}`);
const waitForArchive = (rid: string) => ws.waitFor(async () => (await transcriptOf(rid))?.pdf?.status === 'sent' && (await transcriptOf(rid)).pdf, 60_000, 'the archive PDF');

/** The uploads of this PDF (by digest), with the rooms they went to. */
async function copiesOf(sha256: string) {
    const [{ uploads }, state] = await Promise.all([ws.dev('GET', 'uploads'), ws.snapshot() as Promise<any>]);
    return uploads.filter((u: any) => u.sha256 === sha256).map((u: any) => ({ ...u, room: state.rooms.find((r: any) => r.id === u.rid) }));
}

describe('Always email the transcript to the visitor when a chat closes', () => {
    test('off (the default): a close sends nothing', async () => {
        await withSettings({ [KEEP_PDF]: true }, async () => {
            const { rid } = await openRoom({ newVisitor: { emails: ['off@example.com'] } });
            await ws.dev('POST', `rooms/${rid}/close`, { userId: users.agent.id });
            // The archive PDF is ordered after the email decision, in the same close handler.
            await waitForArchive(rid);
            const transcript = await transcriptOf(rid);
            expect(transcript.email).toBeUndefined();
            expect(await emailsTo('off@example.com')).toEqual([]);
        });
    });

    test.each([
        ['the workspace UI, by an agent', 'ui-agent'],
        ['the visitor', 'visitor'],
        ['the app (room.closeByUser)', 'app'],
    ])('on: a close by %s emails the first address with the default subject', async (_name, how) => {
        await withSettings({ [EMAIL_ON_CLOSE]: true }, async () => {
            const { rid, visitor: { token } } = await openRoom({ newVisitor: { emails: [`first-${how}@example.com`, `second-${how}@example.com`] } });
            if (how === 'ui-agent') {
                await ws.dev('POST', `rooms/${rid}/close`, { userId: users.manager.id });
            } else if (how === 'visitor') {
                expect((await ws.api('POST', 'livechat/room.close', { body: { rid, token } })).body.success).toBe(true);
            } else {
                expect((await closeByUser(users.agent, { rid })).body).toEqual({ success: true });
            }
            const email = await waitForEmail(`first-${how}@example.com`);
            expect(email.subject).toBe('Transcript of your livechat conversation');
            const transcript = await ws.waitFor(async () => (await transcriptOf(rid))?.status === 'sent' && transcriptOf(rid));
            // As Rocket.Chat's parseTranscriptRequest: the closing agent, else the serving agent.
            const requester = how === 'ui-agent' ? users.manager : users.agent;
            expect(transcript).toMatchObject({ email: `first-${how}@example.com`, subject: '', requestedBy: { _id: requester.id } });
            expect(await emailsTo(`second-${how}@example.com`)).toEqual([]);
        });
    });

    test('nothing more when the room already has an email request', async () => {
        await withSettings({ [EMAIL_ON_CLOSE]: true }, async () => {
            const { rid } = await openRoom({ newVisitor: { emails: ['visitor-own@example.com'] } });
            await ws.api('POST', `livechat/transcript/${rid}`, { user: users.manager, body: { email: 'ordered@example.com', subject: 'Ordered' } });
            await ws.dev('POST', `rooms/${rid}/close`, { userId: users.agent.id });
            await waitForEmail('ordered@example.com');
            expect((await transcriptOf(rid)).email).toBe('ordered@example.com');
            expect(await emailsTo('visitor-own@example.com')).toEqual([]);
        });
    });

    test('nothing when the visitor has no email', async () => {
        await withSettings({ [EMAIL_ON_CLOSE]: true, [KEEP_PDF]: true }, async () => {
            const { rid } = await openRoom();
            await ws.dev('POST', `rooms/${rid}/close`, { userId: users.agent.id });
            await waitForArchive(rid);
            expect((await transcriptOf(rid)).email).toBeUndefined();
        });
    });

    test('nothing when the close said sendToVisitor: false', async () => {
        await withSettings({ [EMAIL_ON_CLOSE]: true, [KEEP_PDF]: true }, async () => {
            const { rid } = await openRoom({ newVisitor: { emails: ['declined@example.com'] } });
            expect((await closeByUser(users.agent, { rid, transcriptEmail: { sendToVisitor: false } })).body).toEqual({ success: true });
            await waitForArchive(rid);
            expect((await transcriptOf(rid)).email).toBeUndefined();
            expect(await emailsTo('declined@example.com')).toEqual([]);
        });
    });

    test('a duplicate close event sends one email', async () => {
        await withSettings({ [EMAIL_ON_CLOSE]: true }, async () => {
            const { rid } = await openRoom({ newVisitor: { emails: ['duplicate@example.com'] } });
            await ws.dev('POST', `rooms/${rid}/close`, { userId: users.agent.id });
            await ws.dev('POST', `rooms/${rid}/closed-event`, { count: 3 });
            await waitForEmail('duplicate@example.com');
            await ws.waitFor(async () => (await transcriptOf(rid))?.status === 'sent');
            await ws.dev('POST', `rooms/${rid}/closed-event`, { count: 2 });
            await new Promise((resolve) => setTimeout(resolve, 2000));
            expect(await emailsTo('duplicate@example.com')).toHaveLength(1);
        });
    });
});

describe('Keep a PDF transcript in the room when a chat closes', () => {
    test('off (the default): a close uploads nothing', async () => {
        await withSettings({ [EMAIL_ON_CLOSE]: true }, async () => {
            const { rid } = await openRoom({ newVisitor: { emails: ['no-archive@example.com'] } });
            await ws.dev('POST', `rooms/${rid}/close`, { userId: users.agent.id });
            await waitForEmail('no-archive@example.com');
            expect((await transcriptOf(rid)).pdf).toBeUndefined();
            expect((await ws.dev('GET', 'uploads')).uploads.filter((u: any) => u.rid === rid)).toEqual([]);
        });
    });

    test('on: the app user uploads the PDF to the room, with no direct message', async () => {
        await withSettings({ [KEEP_PDF]: true }, async () => {
            const { rid, visitor: { token } } = await openRoom();
            await ws.api('POST', 'livechat/room.close', { body: { rid, token } });
            const pdf = await waitForArchive(rid);
            expect(pdf.archive).toBe(true);
            const copies = await copiesOf(pdf.sha256);
            expect(copies.map((c: any) => [c.rid, c.userId])).toEqual([[rid, appUserId]]);
        });
    });

    test('an agent ordering the PDF after the archive gets it in a direct message; the room keeps one copy', async () => {
        await withSettings({ [KEEP_PDF]: true }, async () => {
            const { rid } = await openRoom();
            await ws.dev('POST', `rooms/${rid}/close`, { userId: users.agent.id });
            const archive = await waitForArchive(rid);
            const answer = await ws.api('POST', `omnichannel/${rid}/request-transcript`, { user: users.agent });
            expect(answer.body).toEqual({ success: true });
            await ws.waitFor(async () => (await copiesOf(archive.sha256)).length === 2, 60_000, 'the direct copy');
            const copies = await copiesOf(archive.sha256);
            expect(copies.filter((c: any) => c.rid === rid)).toHaveLength(1);
            const direct = copies.find((c: any) => c.rid !== rid);
            expect(direct.room.type).toBe('d');
            expect(direct.room.memberIds).toContain(users.agent.id);
            await ws.waitFor(async () => (await transcriptOf(rid)).pdf.status === 'sent');
            // Every upload in the room is this one file.
            expect((await ws.dev('GET', 'uploads')).uploads.filter((u: any) => u.rid === rid)).toHaveLength(1);
        });
    });

    test('an agent ordering the PDF while the archive waits for its job: one room copy and the direct copy', async () => {
        await withSettings({ [KEEP_PDF]: true }, async () => {
            const { rid } = await openRoom();
            await ws.dev('POST', 'scheduler', { paused: true });
            try {
                await ws.dev('POST', `rooms/${rid}/close`, { userId: users.agent.id });
                await ws.waitFor(async () => (await transcriptOf(rid))?.pdf, 20_000, 'the archive request');
                const slash = await ws.dev('POST', 'slash', { userId: users.agent.id, roomId: rid, command: '/transcript pdf' });
                expect(slash.notifications[0].text).toBe('The PDF kept in this conversation will be sent to you in a direct message.');
                const again = await ws.dev('POST', 'slash', { userId: users.manager.id, roomId: rid, command: '/transcript pdf' });
                expect(again.notifications[0].text).toMatch(/already/);
            } finally {
                await ws.dev('POST', 'scheduler', { paused: false });
            }
            const pdf = await ws.waitFor(async () => {
                const current = (await transcriptOf(rid)).pdf;
                return current.status === 'sent' && current;
            }, 60_000, 'the PDF');
            const copies = await copiesOf(pdf.sha256);
            expect(copies.filter((c: any) => c.rid === rid)).toHaveLength(1);
            expect(copies).toHaveLength(2);
            expect(copies.find((c: any) => c.rid !== rid).room.memberIds).toContain(users.agent.id);
            expect((await ws.dev('GET', 'uploads')).uploads.filter((u: any) => u.rid === rid)).toHaveLength(1);
        });
    });

    test('an agent who ordered the PDF before the close: their request makes the room copy, no archive', async () => {
        await withSettings({ [KEEP_PDF]: true }, async () => {
            const { rid } = await openRoom();
            expect((await closeByUser(users.agent, { rid, generateTranscriptPdf: true })).body).toEqual({ success: true });
            const pdf = await ws.waitFor(async () => (await transcriptOf(rid))?.pdf?.status === 'sent' && (await transcriptOf(rid)).pdf, 60_000, 'the PDF');
            expect(pdf.archive).toBeUndefined();
            expect(pdf.requestedBy._id).toBe(users.agent.id);
            const copies = await copiesOf(pdf.sha256);
            expect(copies.filter((c: any) => c.rid === rid)).toHaveLength(1);
            expect(copies).toHaveLength(2);
        });
    });
});
