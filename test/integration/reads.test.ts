// Issue 17: a room's email and PDF read the conversation once; a long one is counted, not read to its end.
import { startedWorkspace, Visitor } from './fixtures';

const { ws, users, demoVisitor, openRoom, withSettings } = startedWorkspace(() => ({ visitor: demo }));
let demo: Visitor;

beforeAll(async () => {
    demo = await demoVisitor();
});

async function roomWith(count: number): Promise<string> {
    const messages = Array.from({ length: count }, (_, i) => ({ from: i % 2 ? 'agent' : 'visitor', text: `message ${i + 1}` }));
    return (await openRoom({ messages })).rid;
}

const reads = async () => (await ws.dev('GET', 'metrics')).messageReads.rooms as { calls: number; messages: number };

async function delivered(rid: string, email: boolean): Promise<any> {
    return ws.waitFor(async () => {
        const { transcript } = (await ws.api('GET', `livechat/transcript/${rid}`, { user: users.manager })).body;
        return (!email || transcript?.status === 'sent') && transcript?.pdf?.status === 'sent' && transcript;
    }, 60_000, 'both delivered');
}

test('the PDF takes up the read of the email when both are due at the close', async () => {
    const rid = await roomWith(250);
    expect((await ws.api('POST', `livechat/transcript/${rid}`, { user: users.manager, body: { email: 'vera@example.com', subject: 'Both' } })).status).toBe(200);
    const before = await reads();
    expect((await ws.api('POST', 'livechat/room.closeByUser', { user: users.agent, body: { rid, generateTranscriptPdf: true } })).body).toEqual({ success: true });
    await delivered(rid, true);
    const after = await reads();
    // 250 messages: pages of 100, 100 and 50, read once for both transcripts.
    expect({ calls: after.calls - before.calls, messages: after.messages - before.messages }).toEqual({ calls: 3, messages: 250 });
});

test('a conversation longer than a part is counted a message at a time, and its parts still hold every message once', async () => {
    await withSettings({ pdf_messages_per_file: 100 }, async () => {
        const rid = await roomWith(1050);
        await ws.dev('POST', `rooms/${rid}/close`, { userId: users.agent.id });
        const before = await reads();
        expect((await ws.api('POST', `omnichannel/${rid}/request-transcript`, { user: users.manager })).body).toEqual({ success: true });
        const transcript = await delivered(rid, false);
        expect(transcript.pdf.parts.map((p: any) => p.part)).toEqual(Array.from({ length: 11 }, (_, index) => ({ index, count: 11, messages: 1050, systemMessages: false })));
        const after = await reads();
        // Each part reads its own 96 or 95 messages (1,050 in all), the first part 100 and then counts: 1,050 + 4 + the one-message probes.
        expect(after.messages - before.messages).toBeLessThan(1050 + 4 + 40);
        expect(after.calls - before.calls).toBeLessThan(11 + 1 + 40);
    });
}, 120_000);
