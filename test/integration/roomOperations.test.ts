// Issue: room operations — close by agent with transcript options, and the visitor's
// open, close, transfer, forward and survey.
import { parseEml } from './eml';
import { CONVERSATION, startedWorkspace } from './fixtures';
import { DemoUser } from './workspace';

// Each room has a new visitor, in the first department.
const { ws, users, newVisitor, openRoom } = startedWorkspace(() => ({ departmentId: departments[0].id }));
let departments: Array<{ id: string; name: string }>;

beforeAll(async () => {
    departments = ((await ws.snapshot()) as any).departments;
});

async function roomState(rid: string) {
    return (await ws.dev('GET', `rooms/${rid}`)).room;
}

const closeByUser = (user: DemoUser | undefined, body: unknown) => ws.api('POST', 'livechat/room.closeByUser', { user, body });

describe('POST livechat/room.closeByUser', () => {
    test('closes with comment and tags; the handler ran', async () => {
        const { rid } = await openRoom();
        const answer = await closeByUser(users.agent, { rid, comment: 'Resolved', tags: ['vip', 'refund'] });
        expect(answer.body).toEqual({ success: true });
        const { room, messages } = await ws.dev('GET', `rooms/${rid}`);
        expect(room).toMatchObject({ open: false, closer: 'user', closedById: users.agent.id });
        // As in Rocket.Chat, the comment is in the livechat-close message, not on the room.
        expect(messages[messages.length - 1]).toMatchObject({ t: 'livechat-close', text: 'Resolved' });
    });

    test('transcriptEmail.sendToVisitor sends to the visitor’s first email, with comment and tags in it', async () => {
        const { rid } = await openRoom({ newVisitor: { emails: ['first@example.com', 'second@example.com'] } });
        await closeByUser(users.agent, { rid, comment: 'Done', tags: ['shipping'], transcriptEmail: { sendToVisitor: true } });
        const email = await ws.waitFor(async () => (await ws.dev('GET', 'outbox')).emails.find((e: any) => e.to[0] === 'first@example.com'));
        const eml = parseEml((await ws.request('GET', `/dev/outbox/${email.id}`)).text);
        expect(eml.subject).toBe('Transcript of your livechat conversation');
        expect(eml.text).toContain(CONVERSATION[0].text);
        expect(eml.text).toContain('Done');
        expect(eml.text).toContain('shipping');
    });

    test('requestData overrides the address and subject', async () => {
        const { rid } = await openRoom();
        await closeByUser(users.agent, { rid, transcriptEmail: { sendToVisitor: true, requestData: { email: 'override@example.com', subject: 'Custom subject' } } });
        await ws.waitFor(async () => (await ws.dev('GET', 'outbox')).emails.find((e: any) => e.to[0] === 'override@example.com' && e.subject === 'Custom subject'));
    });

    test('sendToVisitor false cancels a pending email request', async () => {
        const { rid } = await openRoom();
        await ws.api('POST', `livechat/transcript/${rid}`, { user: users.manager, body: { email: 'cancelled@example.com', subject: 'Cancelled' } });
        await closeByUser(users.manager, { rid, transcriptEmail: { sendToVisitor: false } });
        await new Promise((resolve) => setTimeout(resolve, 2500));
        expect((await ws.dev('GET', 'outbox')).emails.filter((e: any) => e.to[0] === 'cancelled@example.com')).toEqual([]);
    });

    test('error-invalid-email when the visitor has no email; the room stays open', async () => {
        const { rid } = await openRoom({ newVisitor: { emails: [] } });
        const answer = await ws.expectUnchanged(() => closeByUser(users.agent, { rid, transcriptEmail: { sendToVisitor: true } }));
        expect(answer.body).toEqual({ success: false, error: 'Invalid email [error-invalid-email]', errorType: 'error-invalid-email' });
    });

    test('generateTranscriptPdf queues a PDF after the close', async () => {
        const { rid } = await openRoom();
        await closeByUser(users.agent, { rid, generateTranscriptPdf: true });
        const status = await ws.waitFor(async () => {
            const answer = await ws.api('GET', `livechat/transcript/${rid}`, { user: users.manager });
            return answer.body.transcript?.pdf?.status === 'sent' && answer.body.transcript.pdf;
        }, 60_000, 'the PDF');
        expect(status.fileId).toBeTruthy();
    }, 90_000);

    test.each([
        [{}, "must have required property 'rid' [invalid-params]"],
        [{ rid: 5 }, '/rid must be string [invalid-params]'],
        [{ rid: 'x', tags: 'vip' }, '/tags must be array [invalid-params]'],
        [{ rid: 'x', tags: [1] }, '/tags/0 must be string [invalid-params]'],
        [{ rid: 'x', generateTranscriptPdf: 'yes' }, '/generateTranscriptPdf must be boolean [invalid-params]'],
        [{ rid: 'x', unknown: true }, 'must NOT have additional properties [invalid-params]'],
        [{ rid: 'x', transcriptEmail: { sendToVisitor: 'true' } }, '/transcriptEmail/sendToVisitor must be boolean [invalid-params]'],
    ])('400 invalid-params for %j', async (body, error) => {
        const answer = await ws.expectUnchanged(() => closeByUser(users.agent, body));
        expect(answer.status).toBe(400);
        expect(answer.body).toEqual({ success: false, error, errorType: 'invalid-params' });
    });

    test('error-room-already-closed, error-invalid-room', async () => {
        const { rid } = await openRoom();
        await closeByUser(users.agent, { rid });
        expect((await ws.expectUnchanged(() => closeByUser(users.agent, { rid }))).body).toEqual({ success: false, error: 'error-room-already-closed' });
        expect((await ws.expectUnchanged(() => closeByUser(users.agent, { rid: 'nope' }))).body).toEqual({ success: false, error: 'error-invalid-room' });
    });

    test('401 anonymous; 403 for another agent’s room; managers may close it', async () => {
        const { rid } = await openRoom({ agent: users.agent2 });
        expect((await ws.expectUnchanged(() => closeByUser(undefined, { rid }))).status).toBe(401);
        const other = await ws.expectUnchanged(() => closeByUser(users.agent, { rid }));
        expect(other.status).toBe(403);
        expect(other.body.error).toContain('[error-unauthorized]');
        expect((await closeByUser(users.manager, { rid })).body).toEqual({ success: true });
    });

    test('error-comment-is-required when the setting is on', async () => {
        await ws.dev('POST', 'settings/app', { id: 'close_require_comment', value: true });
        try {
            const { rid } = await openRoom();
            expect((await ws.expectUnchanged(() => closeByUser(users.agent, { rid }))).body).toEqual({ success: false, error: 'error-comment-is-required' });
            expect((await closeByUser(users.agent, { rid, comment: 'ok' })).body).toEqual({ success: true });
        } finally {
            await ws.dev('POST', 'settings/app', { id: 'close_require_comment', value: false });
        }
    });

    test('forceClose only when allowed', async () => {
        const { rid } = await openRoom();
        expect((await ws.expectUnchanged(() => closeByUser(users.agent, { rid, forceClose: true }))).body).toEqual({ success: false, error: 'error-not-allowed' });
        await ws.dev('POST', 'settings/app', { id: 'close_allow_force', value: true });
        try {
            expect((await closeByUser(users.agent, { rid, forceClose: true })).body).toEqual({ success: true });
        } finally {
            await ws.dev('POST', 'settings/app', { id: 'close_allow_force', value: false });
        }
    });
});

describe('GET livechat/room', () => {
    test('returns the open room, or opens a new one', async () => {
        const { rid, visitor } = await openRoom();
        const existing = await ws.api('GET', `livechat/room?token=${visitor.token}`);
        expect(existing.body).toMatchObject({ success: true, newRoom: false, room: { _id: rid, open: true, t: 'l' } });
        const fresh = await newVisitor();
        const created = await ws.api('GET', `livechat/room?token=${fresh.token}`);
        expect(created.body).toMatchObject({ success: true, newRoom: true, room: { open: true, v: { token: fresh.token } } });
    });

    test('with rid: only the visitor’s own room', async () => {
        const { rid, visitor } = await openRoom();
        const mine = await ws.api('GET', `livechat/room?token=${visitor.token}&rid=${rid}`);
        expect(mine.body.room._id).toBe(rid);
        const stranger = await newVisitor();
        const foreign = await ws.expectUnchanged(() => ws.api('GET', `livechat/room?token=${stranger.token}&rid=${rid}`));
        expect(foreign.body).toEqual({ success: false, error: 'invalid-room' });
        expect(foreign.text).not.toContain(visitor.token);
    });

    test('invalid-token', async () => {
        expect((await ws.expectUnchanged(() => ws.api('GET', 'livechat/room?token=nobody'))).body).toEqual({ success: false, error: 'invalid-token' });
    });
});

describe('POST livechat/room.close (visitor)', () => {
    test('the visitor closes their room', async () => {
        const { rid, visitor } = await openRoom();
        const answer = await ws.api('POST', 'livechat/room.close', { body: { rid, token: visitor.token } });
        expect(answer.body).toEqual({ rid, comment: 'Closed by visitor', success: true });
        expect(await roomState(rid)).toMatchObject({ open: false, closer: 'visitor' });
    });

    test('a pending email transcript is sent when the visitor closes', async () => {
        const { rid, visitor } = await openRoom();
        await ws.api('POST', `livechat/transcript/${rid}`, { user: users.manager, body: { email: 'visitor-closed@example.com', subject: 'Visitor closed' } });
        await ws.api('POST', 'livechat/room.close', { body: { rid, token: visitor.token } });
        await ws.waitFor(async () => (await ws.dev('GET', 'outbox')).emails.find((e: any) => e.subject === 'Visitor closed'));
    });

    test('errors: wrong token, foreign room, already closed, setting off', async () => {
        const { rid, visitor } = await openRoom();
        const stranger = await newVisitor();
        expect((await ws.expectUnchanged(() => ws.api('POST', 'livechat/room.close', { body: { rid, token: 'nope' } }))).body).toEqual({ success: false, error: 'invalid-token' });
        expect((await ws.expectUnchanged(() => ws.api('POST', 'livechat/room.close', { body: { rid, token: stranger.token } }))).body).toEqual({ success: false, error: 'invalid-room' });
        await ws.dev('POST', 'settings/app', { id: 'close_visitors_can_close', value: false });
        try {
            expect((await ws.expectUnchanged(() => ws.api('POST', 'livechat/room.close', { body: { rid, token: visitor.token } }))).body).toEqual({
                success: false,
                error: 'error-not-allowed-to-close-conversation',
            });
        } finally {
            await ws.dev('POST', 'settings/app', { id: 'close_visitors_can_close', value: true });
        }
        await ws.api('POST', 'livechat/room.close', { body: { rid, token: visitor.token } });
        expect((await ws.expectUnchanged(() => ws.api('POST', 'livechat/room.close', { body: { rid, token: visitor.token } }))).body).toEqual({ success: false, error: 'room-closed' });
    });
});

describe('POST livechat/room.transfer (visitor)', () => {
    test('moves the room to the department', async () => {
        const { rid, visitor } = await openRoom();
        const target = departments[1];
        const answer = await ws.api('POST', 'livechat/room.transfer', { body: { rid, token: visitor.token, department: target.id } });
        expect(answer.body).toMatchObject({ success: true, room: { _id: rid, open: true, departmentId: target.id } });
        expect(answer.body.room.servedBy).toMatchObject({ _id: users.agent2.id, username: 'agent2' });
    });

    test('an unknown department is an error', async () => {
        const { rid, visitor } = await openRoom();
        expect((await ws.expectUnchanged(() => ws.api('POST', 'livechat/room.transfer', { body: { rid, token: visitor.token, department: 'nowhere' } }))).body).toEqual({
            success: false,
            error: 'invalid-department',
        });
    });
});

describe('POST livechat/room.forward', () => {
    test('the serving agent forwards to another agent', async () => {
        const { rid } = await openRoom();
        expect((await ws.api('POST', 'livechat/room.forward', { user: users.agent, body: { roomId: rid, userId: users.agent2.id } })).body).toEqual({ success: true });
        expect((await roomState(rid)).servedById).toBe(users.agent2.id);
    });

    test('a monitor forwards to a department', async () => {
        const { rid } = await openRoom();
        expect((await ws.api('POST', 'livechat/room.forward', { user: users.monitor, body: { roomId: rid, departmentId: departments[1].id } })).body).toEqual({ success: true });
        expect((await roomState(rid)).departmentId).toBe(departments[1].id);
    });

    test('errors', async () => {
        const { rid } = await openRoom();
        const forward = (user: DemoUser | undefined, body: unknown) => ws.expectUnchanged(() => ws.api('POST', 'livechat/room.forward', { user, body }));
        expect((await forward(undefined, { roomId: rid, userId: users.agent2.id })).status).toBe(401);
        expect((await forward(users.agent2, { roomId: rid, userId: users.agent2.id })).status).toBe(403);
        expect((await forward(users.agent, { roomId: rid })).body.errorType).toBe('invalid-params');
        expect((await forward(users.agent, { roomId: rid, userId: 'ghost' })).body).toEqual({ success: false, error: 'error-user-is-offline' });
        await closeByUser(users.agent, { rid });
        expect((await forward(users.agent, { roomId: rid, userId: users.agent2.id })).body).toEqual({ success: false, error: 'This_conversation_is_already_closed' });
    });
});

describe('POST livechat/room.survey (visitor)', () => {
    test('stores the survey and shows it in the transcript', async () => {
        const { rid, visitor } = await openRoom();
        const data = [
            { name: 'satisfaction', value: '5' },
            { name: 'agentResposiveness', value: '4' },
            { name: 'additionalFeedback', value: 'Quick <b>and</b> kind' },
        ];
        const answer = await ws.api('POST', 'livechat/room.survey', { body: { rid, token: visitor.token, data } });
        expect(answer.body).toEqual({ rid, data: { satisfaction: '5', agentResposiveness: '4', additionalFeedback: 'Quick <b>and</b> kind' }, success: true });
        await ws.api('POST', `livechat/transcript/${rid}`, { user: users.manager, body: { email: 'survey@example.com', subject: 'Survey' } });
        await closeByUser(users.agent, { rid });
        const email = await ws.waitFor(async () => (await ws.dev('GET', 'outbox')).emails.find((e: any) => e.subject === 'Survey'));
        const eml = parseEml((await ws.request('GET', `/dev/outbox/${email.id}`)).text);
        expect(eml.html).toContain('Quick &lt;b&gt;and&lt;/b&gt; kind');
    });

    test.each([
        [[{ name: 'satisfaction', value: '9' }]],
        [[{ name: 'hack', value: '1' }]],
        [Array.from({ length: 5000 }, () => ({ name: 'satisfaction', value: '5' }))],
    ])('invalid-data for %#', async (data) => {
        const { rid, visitor } = await openRoom();
        expect((await ws.expectUnchanged(() => ws.api('POST', 'livechat/room.survey', { body: { rid, token: visitor.token, data } }))).body).toEqual({
            success: false,
            error: 'invalid-data',
        });
    });
});

describe('rate limits on the public endpoints', () => {
    test('429 error-too-many-requests over the limit', async () => {
        await ws.dev('POST', 'settings/app', { id: 'public_rate_limit_per_minute', value: 3 });
        try {
            const visitor = await newVisitor();
            const statuses: number[] = [];
            for (let i = 0; i < 5; i++) {
                statuses.push((await ws.api('GET', `livechat/room?token=${visitor.token}`)).status);
            }
            expect(statuses.slice(0, 3).every((s) => s === 200)).toBe(true);
            const over = await ws.api('GET', `livechat/room?token=${visitor.token}`);
            expect(over.status).toBe(429);
            expect(over.body).toEqual({ success: false, error: 'Too many requests [error-too-many-requests]', errorType: 'error-too-many-requests' });
        } finally {
            await ws.dev('POST', 'settings/app', { id: 'public_rate_limit_per_minute', value: 30 });
        }
    });
});
