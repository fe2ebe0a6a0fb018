// Issue: email transcripts — request, cancel and inspect, delivered when the chat closes.
import { startedWorkspace, Visitor } from './fixtures';
import { DemoUser } from './workspace';

const { ws, users, demoVisitor, openRoom, emailsWith, waitForEmail } = startedWorkspace(() => ({ visitor: demo, messages: [] }));
let demo: Visitor;

beforeAll(async () => {
    demo = await demoVisitor();
});

const request = (rid: string, user: DemoUser | undefined, body: unknown) => ws.api('POST', `livechat/transcript/${rid}`, { user, body });

describe('POST livechat/transcript/:rid', () => {
    test('stores the request: 200 {success:true}', async () => {
        const { rid } = await openRoom();
        const answer = await request(rid, users.manager, { email: 'vera@example.com', subject: 'Your chat' });
        expect(answer.status).toBe(200);
        expect(answer.body).toEqual({ success: true });
        const status = await ws.api('GET', `livechat/transcript/${rid}`, { user: users.manager });
        expect(status.body.transcript).toMatchObject({
            email: 'vera@example.com',
            subject: 'Your chat',
            status: 'pending',
            attempts: 0,
            requestedBy: { _id: users.manager.id, username: 'manager', name: 'Manon Manager', utcOffset: 0 },
        });
        expect(Date.parse(status.body.transcript.requestedAt)).toBeGreaterThan(0);
    });

    test('401 without credentials', async () => {
        const { rid } = await openRoom();
        const answer = await ws.expectUnchanged(() => request(rid, undefined, { email: 'a@b.co', subject: 's' }));
        expect(answer.status).toBe(401);
        expect(answer.body).toEqual({ status: 'error', message: 'You must be logged in to do this.' });
    });

    test('401 with a wrong token', async () => {
        const { rid } = await openRoom();
        const answer = await ws.expectUnchanged(() => request(rid, { ...users.manager, authToken: 'wrong' }, { email: 'a@b.co', subject: 's' }));
        expect(answer.status).toBe(401);
    });

    test('403 error-unauthorized without send-omnichannel-chat-transcript (an agent, by default)', async () => {
        const { rid } = await openRoom();
        const answer = await ws.expectUnchanged(() => request(rid, users.agent, { email: 'a@b.co', subject: 's' }));
        expect(answer.status).toBe(403);
        expect(answer.body).toEqual({ success: false, error: 'User does not have the permissions required for this action [error-unauthorized]' });
    });

    test('the roles holding the capability come from a setting', async () => {
        const { rid } = await openRoom();
        await ws.dev('POST', 'settings/app', { id: 'roles_send_transcript', value: 'admin, livechat-manager, livechat-agent' });
        try {
            expect((await request(rid, users.agent, { email: 'a@b.co', subject: 's' })).body).toEqual({ success: true });
            const { rid: other } = await openRoom({ agent: users.agent2 });
            const answer = await ws.expectUnchanged(() => request(other, users.agent, { email: 'a@b.co', subject: 's' }));
            expect(answer.status).toBe(403);
        } finally {
            await ws.dev('POST', 'settings/app', { id: 'roles_send_transcript', value: 'admin, livechat-manager' });
        }
    });

    test('400 error-transcript-already-requested', async () => {
        const { rid } = await openRoom();
        await request(rid, users.manager, { email: 'vera@example.com', subject: 'first' });
        const answer = await ws.expectUnchanged(() => request(rid, users.manager, { email: 'other@example.com', subject: 'second' }));
        expect(answer.status).toBe(400);
        expect(answer.body).toEqual({ success: false, error: 'Transcript already requested [error-transcript-already-requested]', errorType: 'error-transcript-already-requested' });
    });

    test('400 error-invalid-room: missing, not livechat, or closed', async () => {
        const { room: channel } = await ws.dev('POST', 'rooms', { type: 'c', name: 'general' });
        const { rid: closed } = await openRoom();
        await ws.dev('POST', `rooms/${closed}/close`, {});
        for (const rid of ['does-not-exist', channel.id, closed]) {
            const answer = await ws.expectUnchanged(() => request(rid, users.manager, { email: 'a@b.co', subject: 's' }));
            expect(answer.status).toBe(400);
            expect(answer.body).toEqual({ success: false, error: 'Invalid room [error-invalid-room]', errorType: 'error-invalid-room' });
        }
    });

    test.each([
        [{ subject: 's' }, "must have required property 'email' [invalid-params]"],
        [{ email: 'a@b.co' }, "must have required property 'subject' [invalid-params]"],
        [{ email: 42, subject: 's' }, '/email must be string [invalid-params]'],
        [{ email: 'a@b.co', subject: null }, '/subject must be string [invalid-params]'],
        [{ email: 'not-an-address', subject: 's' }, '/email must be a single valid email address [invalid-params]'],
        [{ email: 'a@b.co, c@d.co', subject: 's' }, '/email must be a single valid email address [invalid-params]'],
        [{ email: 'a@b.co\r\nBcc: x@y.co', subject: 's' }, '/email must not contain line breaks or control characters [invalid-params]'],
        [{ email: 'a@b.co', subject: 'x'.repeat(257) }, '/subject must NOT have more than 256 characters [invalid-params]'],
        [{ email: 'a@b.co', subject: 'hi\r\nBcc: x@y.co' }, '/subject must not contain line breaks or control characters [invalid-params]'],
        [{ email: 'a@b.co', subject: 'hi\u0085there' }, '/subject must not contain line breaks or control characters [invalid-params]'],
        [{ email: 'a@b.co', subject: 's', bcc: 'x@y.co' }, 'must NOT have additional properties [invalid-params]'],
        [[], 'body must be object [invalid-params]'],
    ])('400 invalid-params for %j', async (body, error) => {
        const { rid } = await openRoom();
        const answer = await ws.expectUnchanged(() => request(rid, users.manager, body));
        expect(answer.status).toBe(400);
        expect(answer.body).toEqual({ success: false, error, errorType: 'invalid-params' });
    });

    test('an agent who does not serve the room is refused even with the capability', async () => {
        await ws.dev('POST', 'settings/app', { id: 'roles_send_transcript', value: 'admin, livechat-manager, livechat-agent' });
        try {
            const { rid } = await openRoom({ agent: users.agent2 });
            const answer = await ws.expectUnchanged(() => request(rid, users.agent, { email: 'a@b.co', subject: 's' }));
            expect(answer.status).toBe(403);
            expect(answer.body.error).toContain('[error-unauthorized]');
            expect(answer.text).not.toContain(rid);
        } finally {
            await ws.dev('POST', 'settings/app', { id: 'roles_send_transcript', value: 'admin, livechat-manager' });
        }
    });
});

describe('DELETE livechat/transcript/:rid', () => {
    test('removes the pending request', async () => {
        const { rid } = await openRoom();
        await request(rid, users.manager, { email: 'vera@example.com', subject: 'cancel me' });
        const answer = await ws.api('DELETE', `livechat/transcript/${rid}`, { user: users.manager });
        expect(answer.body).toEqual({ success: true });
        const status = await ws.api('GET', `livechat/transcript/${rid}`, { user: users.manager });
        expect(status.body.errorType).toBe('error-transcript-not-requested');
    });

    test('400 error-transcript-not-requested when there is none', async () => {
        const { rid } = await openRoom();
        const answer = await ws.expectUnchanged(() => ws.api('DELETE', `livechat/transcript/${rid}`, { user: users.manager }));
        expect(answer.status).toBe(400);
        expect(answer.body).toEqual({ success: false, error: 'No transcript requested for this chat [error-transcript-not-requested]', errorType: 'error-transcript-not-requested' });
    });

    test('same auth rules as POST', async () => {
        const { rid } = await openRoom();
        await request(rid, users.manager, { email: 'vera@example.com', subject: 'keep' });
        expect((await ws.expectUnchanged(() => ws.api('DELETE', `livechat/transcript/${rid}`))).status).toBe(401);
        expect((await ws.expectUnchanged(() => ws.api('DELETE', `livechat/transcript/${rid}`, { user: users.agent }))).status).toBe(403);
    });

    test('a cancelled request sends nothing when the room closes', async () => {
        const { rid } = await openRoom();
        await request(rid, users.manager, { email: 'vera@example.com', subject: 'never sent' });
        await ws.api('DELETE', `livechat/transcript/${rid}`, { user: users.manager });
        await ws.dev('POST', `rooms/${rid}/close`, {});
        await new Promise((resolve) => setTimeout(resolve, 3000));
        expect(await emailsWith('never sent')).toEqual([]);
    });
});

describe('delivery on close', () => {
    test('closing from the workspace sends one email with both parts, then GET shows it sent', async () => {
        const { rid } = await openRoom({ messages: [
            { from: 'visitor', text: 'Hello, <img src=x onerror=alert(1)> is my question' },
            { from: 'agent', text: 'Привет! مرحبا 123 — 你好 🎉' },
            { from: 'agent', text: '', t: 'uj' },
        ] });
        await request(rid, users.manager, { email: 'vera@example.com', subject: 'Ticket #1042' });
        await ws.dev('POST', `rooms/${rid}/close`, { userId: users.agent.id, comment: 'Solved <b>fast</b>', tags: ['billing'] });
        const { email, eml } = await waitForEmail('Ticket #1042');
        expect(email.to).toEqual(['vera@example.com']);
        expect(eml.subject).toBe('Ticket #1042');
        expect(eml.headers['content-type']).toContain('multipart/alternative');
        expect(eml.html).toContain('&lt;img src=x onerror=alert(1)&gt;');
        expect(eml.html).not.toContain('<img src=x');
        // A comment given in Rocket.Chat's own close is only in its livechat-close message, which apps cannot read.
        expect(eml.html).not.toContain('Solved');
        expect(eml.html).toContain('Привет! مرحبا 123 — 你好 🎉');
        expect(eml.html).toContain('Acme Support');
        expect(eml.html).toContain('Vera Visitor');
        expect(eml.html).toContain('Alice Agent');
        expect(eml.html).toContain('billing');
        expect(eml.text).toContain('Hello, <img src=x onerror=alert(1)> is my question');
        const status = await ws.waitFor(async () => {
            const answer = await ws.api('GET', `livechat/transcript/${rid}`, { user: users.manager });
            return answer.body.transcript?.status === 'sent' && answer.body.transcript;
        });
        expect(status).toMatchObject({ status: 'sent', attempts: 1 });
        expect(status.sha256).toMatch(/^[0-9a-f]{64}$/);
        expect(Date.parse(status.deliveredAt)).toBeGreaterThan(0);
        await new Promise((resolve) => setTimeout(resolve, 1500));
        expect(await emailsWith('Ticket #1042')).toHaveLength(1);
    });

    test('an empty subject falls back to the default text', async () => {
        const { rid } = await openRoom({ messages: [{ from: 'visitor', text: 'hi' }] });
        await request(rid, users.manager, { email: 'vera@example.com', subject: '' });
        await ws.dev('POST', `rooms/${rid}/close`, {});
        const { eml } = await waitForEmail('Transcript of your livechat conversation');
        expect(eml.text).toContain('hi');
    });

    test('system messages follow the setting: off by default, as in Rocket.Chat', async () => {
        const conversation = [
            { from: 'visitor', text: 'only words' },
            { from: 'agent', text: '', t: 'uj' },
        ];
        const { rid } = await openRoom({ messages: conversation });
        await request(rid, users.manager, { email: 'vera@example.com', subject: 'No system' });
        await ws.dev('POST', `rooms/${rid}/close`, {});
        const { eml } = await waitForEmail('No system');
        expect(eml.html).toContain('only words');
        expect(eml.html).not.toContain('<em');
        await ws.dev('POST', 'settings/app', { id: 'transcript_include_system_messages', value: true });
        try {
            const { rid: withSystem } = await openRoom({ messages: conversation });
            await request(withSystem, users.manager, { email: 'vera@example.com', subject: 'With system' });
            await ws.dev('POST', `rooms/${withSystem}/close`, {});
            const { eml: withSystemEml } = await waitForEmail('With system');
            expect(withSystemEml.html).toContain('only words');
            expect(withSystemEml.html).toContain('<em');
            expect(withSystemEml.text).toContain('Alice Agent joined the conversation');
        } finally {
            await ws.dev('POST', 'settings/app', { id: 'transcript_include_system_messages', value: false });
        }
    });

    test('a 1,000-message conversation arrives whole', async () => {
        const messages = Array.from({ length: 1000 }, (_, i) => ({ from: i % 2 ? 'agent' : 'visitor', text: `message number ${i}` }));
        const { rid } = await openRoom({ messages });
        await request(rid, users.manager, { email: 'vera@example.com', subject: 'Thousand' });
        await ws.dev('POST', `rooms/${rid}/close`, {});
        const { eml } = await waitForEmail('Thousand');
        for (const i of [0, 1, 499, 998, 999]) {
            expect(eml.text).toContain(`message number ${i}\r\n`.trim());
        }
        const count = (eml.text.match(/message number \d+/g) || []).length;
        expect(count).toBe(1000);
    }, 60_000);

    test('a conversation over 10,000 messages arrives in parts: every message once, in order', async () => {
        const messages = Array.from({ length: 10_001 }, (_, i) => ({ from: i % 2 ? 'agent' : 'visitor', text: `message number ${i}` }));
        const { rid } = await openRoom();
        for (let i = 0; i < messages.length; i += 2000) {
            await ws.dev('POST', `rooms/${rid}/messages`, { messages: messages.slice(i, i + 2000) });
        }
        await request(rid, users.manager, { email: 'vera@example.com', subject: 'Long' });
        await ws.dev('POST', `rooms/${rid}/close`, {});
        const first = await waitForEmail('Long (Part 1 of 2)');
        const second = await waitForEmail('Long (Part 2 of 2)');
        expect(first.eml.text).toContain('Part 1 of 2');
        expect(second.eml.html).toContain('Part 2 of 2');
        const numbers = [first, second].flatMap(({ eml }) => Array.from(eml.text.matchAll(/message number (\d+)/g), (m) => Number(m[1])));
        expect(numbers).toEqual(messages.map((_, i) => i));
        const status = await ws.api('GET', `livechat/transcript/${rid}`, { user: users.manager });
        expect(status.body.transcript).toMatchObject({ status: 'sent', emails: [{ part: { index: 0, count: 2 } }, { part: { index: 1, count: 2 } }] });
        expect(status.body.transcript.sha256).toBe(status.body.transcript.emails[0].sha256);
    }, 120_000);
});
