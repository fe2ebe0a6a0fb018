// The visitor's own request, POST livechat/transcript {token, rid, email, subject?}, as Rocket.Chat's
// endpoint of the same path: who may ask, for which room, an open room's request delivered at the
// close, a closed room's sent now (once per address, at most 3 addresses), the setting that turns it
// off, and the per-visitor rate limit.
import { parseEml } from './eml';
import { CONVERSATION, startedWorkspace } from './fixtures';

const { ws, users, newVisitor, openRoom, closedRoom, withSettings, emailsTo, transcriptOf } = startedWorkspace();

const ask = (body: unknown) => ws.api('POST', 'livechat/transcript', { body });
// eslint-disable-next-line @typescript-eslint/no-var-requires
const GERMAN_SUBJECT: string = require('../../i18n/de.json').email_default_subject;

const SENT = { success: true, message: 'The transcript of your conversation has been sent.' };
const AT_CLOSE = { success: true, message: 'The transcript of your conversation will be sent when the chat closes.' };

describe('refusals change nothing', () => {
    test('an unknown token: invalid-token', async () => {
        const { rid } = await closedRoom();
        const answer = await ws.expectUnchanged(() => ask({ token: 'no-such-token', rid, email: 'a@example.com' }));
        expect(answer.status).toBe(400);
        expect(answer.body).toEqual({ success: false, error: 'invalid-token' });
    });

    test("another visitor's room, a channel, an unknown id: error-invalid-room", async () => {
        const me = await newVisitor();
        const { rid: others } = await closedRoom();
        const { room: channel } = await ws.dev('POST', 'rooms', { type: 'c', name: 'visitor-transcript-channel' });
        for (const rid of [others, channel.id, 'no-such-room']) {
            const answer = await ws.expectUnchanged(() => ask({ token: me.token, rid, email: 'a@example.com' }));
            expect(answer.status).toBe(400);
            expect(answer.body).toEqual({ success: false, error: 'error-invalid-room' });
        }
    });

    test.each(['not-an-address', 'a@b.co, c@d.co', 'a@b.co\r\nBcc: x@y.co', ''])('a bad address %j: error-invalid-email', async (email) => {
        const { rid, visitor } = await closedRoom();
        const answer = await ws.expectUnchanged(() => ask({ token: visitor.token, rid, email }));
        expect(answer.body).toEqual({ success: false, error: 'Invalid email [error-invalid-email]', errorType: 'error-invalid-email' });
    });

    test.each([
        [{ rid: 'x', email: 'a@b.co' }, "must have required property 'token' [invalid-params]"],
        [{ token: 't', email: 'a@b.co' }, "must have required property 'rid' [invalid-params]"],
        [{ token: 't', rid: 'x' }, "must have required property 'email' [invalid-params]"],
        [{ token: 't', rid: 'x', email: 'a@b.co', subject: 'a\r\nBcc: x@y.co' }, '/subject must not contain line breaks or control characters [invalid-params]'],
        [{ token: 't', rid: 'x', email: 'a@b.co', cc: 'x@y.co' }, 'must NOT have additional properties [invalid-params]'],
    ])('malformed body %j', async (body, error) => {
        const answer = await ws.expectUnchanged(() => ask(body));
        expect(answer.status).toBe(400);
        expect(answer.body).toEqual({ success: false, error, errorType: 'invalid-params' });
    });

    test('"Visitors may request their transcript" off: error-not-allowed', async () => {
        const { rid, visitor } = await closedRoom();
        await withSettings({ transcript_visitor_requests: false }, async () => {
            const answer = await ws.expectUnchanged(() => ask({ token: visitor.token, rid, email: 'off@example.com' }));
            expect(answer.body).toEqual({ success: false, error: 'error-not-allowed' });
        });
        expect((await ask({ token: visitor.token, rid, email: 'off@example.com' })).body).toEqual(SENT);
    });
});

describe('an open room', () => {
    test('the request becomes the room’s email request, delivered at the close; GET shows the visitor asked', async () => {
        const { rid, visitor } = await openRoom();
        const answer = await ask({ token: visitor.token, rid, email: 'at-close@example.com', subject: 'My chat' });
        expect(answer.status).toBe(200);
        expect(answer.body).toEqual(AT_CLOSE);
        expect(await transcriptOf(rid)).toMatchObject({ email: 'at-close@example.com', subject: 'My chat', status: 'pending', requestedByVisitor: true, requestedBy: { _id: users.agent.id } });
        const panel = await ws.dev('POST', 'slash', { userId: users.manager.id, roomId: rid, command: '/transcript status' });
        expect(panel.notifications[0].text).toContain('at-close@example.com');
        expect(await emailsTo('at-close@example.com')).toEqual([]);
        await ws.api('POST', 'livechat/room.close', { body: { rid, token: visitor.token } });
        const email = await ws.waitFor(async () => (await emailsTo('at-close@example.com'))[0], 30_000, 'the email');
        expect(email.subject).toBe('My chat');
        expect(parseEml((await ws.request('GET', `/dev/outbox/${email.id}`)).text).text).toContain(CONVERSATION[0].text);
    });

    test('a room with an email request: error-transcript-already-requested', async () => {
        const { rid, visitor } = await openRoom();
        await ws.api('POST', `livechat/transcript/${rid}`, { user: users.manager, body: { email: 'staff@example.com', subject: 'Staff' } });
        const answer = await ws.expectUnchanged(() => ask({ token: visitor.token, rid, email: 'mine@example.com' }));
        expect(answer.body).toEqual({ success: false, error: 'Transcript already requested [error-transcript-already-requested]', errorType: 'error-transcript-already-requested' });
    });

    test("the answer and the transcript are in the visitor's language", async () => {
        const { rid, visitor } = await openRoom({ newVisitor: { language: 'de' } });
        expect((await ask({ token: visitor.token, rid, email: 'de@example.com' })).body).toEqual({
            success: true,
            message: 'Das Transkript Ihres Gesprächs wird gesendet, wenn der Chat geschlossen wird.',
        });
        await ws.api('POST', 'livechat/room.close', { body: { rid, token: visitor.token } });
        const email = await ws.waitFor(async () => (await emailsTo('de@example.com'))[0], 30_000, 'the email');
        expect(email.subject).toBe(GERMAN_SUBJECT);
    });
});

describe('a closed room', () => {
    test('sent now; once per address; at most 3 addresses; GET and the panel show them', async () => {
        const { rid, visitor } = await closedRoom();
        expect((await ask({ token: visitor.token, rid, email: 'one@example.com' })).body).toEqual(SENT);
        const email = await ws.waitFor(async () => (await emailsTo('one@example.com'))[0], 30_000, 'the email');
        expect(email.subject).toBe('Transcript of your livechat conversation');
        // The same address again, in other case: answered, nothing more sent.
        expect((await ask({ token: visitor.token, rid, email: 'ONE@example.com' })).body).toEqual(SENT);
        for (const address of ['two@example.com', 'three@example.com']) {
            expect((await ask({ token: visitor.token, rid, email: address })).body).toEqual(SENT);
            await ws.waitFor(async () => (await emailsTo(address))[0], 30_000, `the email to ${address}`);
        }
        const fourth = await ws.expectUnchanged(() => ask({ token: visitor.token, rid, email: 'four@example.com' }));
        expect(fourth.status).toBe(429);
        expect(fourth.body).toEqual({ success: false, error: 'Too many requests [error-too-many-requests]', errorType: 'error-too-many-requests' });
        // An address already sent to is still answered.
        expect((await ask({ token: visitor.token, rid, email: 'two@example.com' })).body).toEqual(SENT);
        await new Promise((resolve) => setTimeout(resolve, 1500));
        for (const address of ['one@example.com', 'two@example.com', 'three@example.com']) {
            expect(await emailsTo(address)).toHaveLength(1);
        }
        const transcript = await ws.waitFor(async () => {
            const current = await transcriptOf(rid);
            return current?.visitorCopies?.every((c: any) => c.status === 'sent') && current;
        });
        expect(transcript.visitorCopies.map((c: any) => [c.email, c.requestedByVisitor])).toEqual([
            ['one@example.com', true],
            ['two@example.com', true],
            ['three@example.com', true],
        ]);
        const status = await ws.dev('POST', 'slash', { userId: users.manager.id, roomId: rid, command: '/transcript status' });
        expect(status.notifications[0].text).toContain("Visitor's copy to three@example.com: delivered");
    });

    test('the address the room’s email already went to is not sent again', async () => {
        const { rid, visitor } = await openRoom();
        await ws.api('POST', `livechat/transcript/${rid}`, { user: users.manager, body: { email: 'staff-sent@example.com', subject: 'Yours' } });
        await ws.dev('POST', `rooms/${rid}/close`, { userId: users.agent.id });
        await ws.waitFor(async () => (await emailsTo('staff-sent@example.com'))[0], 30_000, 'the staff email');
        expect((await ask({ token: visitor.token, rid, email: 'staff-sent@example.com' })).body).toEqual(SENT);
        await new Promise((resolve) => setTimeout(resolve, 1500));
        expect(await emailsTo('staff-sent@example.com')).toHaveLength(1);
    });
});

test('the per-visitor rate limit applies', async () => {
    const { rid, visitor } = await closedRoom();
    await withSettings({ public_rate_limit_per_minute: 3 }, async () => {
        const answers = [];
        for (let i = 0; i < 4; i++) {
            answers.push(await ask({ token: visitor.token, rid, email: 'limited@example.com' }));
        }
        expect(answers.slice(0, 3).map((a) => a.status)).toEqual([200, 200, 200]);
        expect(answers[3].status).toBe(429);
        expect(answers[3].body).toEqual({ success: false, error: 'Too many requests [error-too-many-requests]', errorType: 'error-too-many-requests' });
    });
});
