// Bad input on every endpoint and the slash command: a documented 4xx answer (the command: one
// private notification saying what is wrong), and nothing changes.
import { createTranslator, TranslationParams } from '../../lib/i18n';
import { shippedCatalogs } from '../catalogs';
import { startedWorkspace } from './fixtures';
import { DemoUser } from './workspace';

const { ws, users } = startedWorkspace();
let rid: string;
let closedRid: string;
let channelId: string;
let token: string;

beforeAll(async () => {
    const { visitor } = await ws.dev('POST', 'visitors', { name: 'Hostile Harry', emails: ['harry@example.com'] });
    token = visitor.token;
    rid = (await ws.dev('POST', 'rooms', { visitorId: visitor.id, agentId: users.agent.id })).room.id;
    closedRid = (await ws.dev('POST', 'rooms', { visitorId: visitor.id, agentId: users.agent.id })).room.id;
    await ws.dev('POST', `rooms/${closedRid}/close`, {});
    channelId = (await ws.dev('POST', 'rooms', { type: 'c', name: 'general' })).room.id;
});

const MB = 'x'.repeat(1024 * 1024);

const HEADER_BREAKERS: Array<[string, string]> = [
    ['NUL', '\u0000'],
    ['BEL', '\u0007'],
    ['ESC', '\u001b'],
    ['TAB', '\t'],
    ['DEL', '\u007f'],
    ['NEL (U+0085)', '\u0085'],
    ['CSI (U+009B)', '\u009b'],
    ['U+2028', '\u2028'],
    ['U+2029', '\u2029'],
];

interface Case {
    name: string;
    method: string;
    path: () => string;
    user?: () => DemoUser;
    body?: () => unknown;
    raw?: string;
    status: number;
    error: string | RegExp;
}

const transcript = (body: unknown): Omit<Case, 'name'> => ({ method: 'POST', path: () => `livechat/transcript/${rid}`, user: () => users.manager, body: () => body, status: 400, error: /invalid-params/ });
const closeBy = (body: () => unknown, error: string | RegExp = /invalid-params/): Omit<Case, 'name'> => ({ method: 'POST', path: () => 'livechat/room.closeByUser', user: () => users.agent, body, status: 400, error });

const CASES: Case[] = [
    { name: 'transcript: email missing', ...transcript({ subject: 's' }) },
    { name: 'transcript: email number', ...transcript({ email: 1, subject: 's' }) },
    { name: 'transcript: email array', ...transcript({ email: ['a@b.co'], subject: 's' }) },
    { name: 'transcript: email object', ...transcript({ email: { a: 1 }, subject: 's' }) },
    { name: 'transcript: email null', ...transcript({ email: null, subject: 's' }) },
    { name: 'transcript: unknown property', ...transcript({ email: 'a@b.co', subject: 's', cc: 'x@y.co' }) },
    { name: 'transcript: 1 MB subject', ...transcript({ email: 'a@b.co', subject: MB }) },
    { name: 'transcript: 1 MB email', ...transcript({ email: `${MB}@b.co`, subject: 's' }) },
    { name: 'transcript: CRLF in subject', ...transcript({ email: 'a@b.co', subject: 'x\r\nBcc: evil@x.co' }) },
    { name: 'transcript: CRLF in email', ...transcript({ email: 'a@b.co\r\nBcc: evil@x.co', subject: 's' }) },
    { name: 'transcript: several addresses', ...transcript({ email: 'a@b.co;c@d.co', subject: 's' }) },
    { name: 'transcript: lone surrogate', ...transcript({ email: 'a@b.co', subject: 'bad \ud800 text' }) },
    { name: 'transcript: constructor key', ...transcript({ email: 'a@b.co', subject: 's', constructor: { prototype: {} } }) },
    { name: 'transcript: body is an array', ...transcript([1, 2]) },
    { name: 'transcript: channel id', method: 'POST', path: () => `livechat/transcript/${channelId}`, user: () => users.manager, body: () => ({ email: 'a@b.co', subject: 's' }), status: 400, error: /error-invalid-room/ },
    { name: 'transcript: malformed JSON', method: 'POST', path: () => `livechat/transcript/${rid}`, user: () => users.manager, raw: '{"email": "a@b.co", ', status: 400, error: /Malformed JSON/ },
    { name: 'transcript: __proto__ key', method: 'POST', path: () => `livechat/transcript/${rid}`, user: () => users.manager, raw: '{"email":"a@b.co","subject":"s","__proto__":{"admin":true}}', status: 400, error: /__proto__/ },
    { name: 'pdf: channel id', method: 'POST', path: () => `omnichannel/${channelId}/request-transcript`, user: () => users.manager, status: 400, error: 'error-invalid-room' },
    { name: 'pdf: open room', method: 'POST', path: () => `omnichannel/${rid}/request-transcript`, user: () => users.manager, status: 400, error: 'room-still-open' },
    { name: 'closeByUser: rid missing', ...closeBy(() => ({})) },
    { name: 'closeByUser: rid null', ...closeBy(() => ({ rid: null })) },
    { name: 'closeByUser: tags object', ...closeBy(() => ({ rid: 'x', tags: { a: 1 } })) },
    { name: 'closeByUser: 1 MB comment', ...closeBy(() => ({ rid: 'x', comment: MB })) },
    { name: 'closeByUser: CRLF subject', ...closeBy(() => ({ rid: 'x', transcriptEmail: { sendToVisitor: true, requestData: { email: 'a@b.co', subject: 'a\nb' } } })) },
    { name: 'closeByUser: channel id', ...closeBy(() => ({ rid: channelId }), 'error-invalid-room') },
    { name: 'closeByUser: __proto__', method: 'POST', path: () => 'livechat/room.closeByUser', user: () => users.agent, raw: '{"rid":"x","__proto__":{}}', status: 400, error: /__proto__/ },
    { name: 'room.close: token number', method: 'POST', path: () => 'livechat/room.close', body: () => ({ rid, token: 5 }), status: 400, error: /invalid-params/ },
    { name: 'room.close: 1 MB token', method: 'POST', path: () => 'livechat/room.close', body: () => ({ rid, token: MB }), status: 400, error: 'invalid-token' },
    { name: 'room.close: channel', method: 'POST', path: () => 'livechat/room.close', body: () => ({ rid: channelId, token }), status: 400, error: 'invalid-room' },
    { name: 'room.transfer: department array', method: 'POST', path: () => 'livechat/room.transfer', body: () => ({ rid, token, department: [] }), status: 400, error: /invalid-params/ },
    { name: 'room.forward: roomId object', method: 'POST', path: () => 'livechat/room.forward', user: () => users.manager, body: () => ({ roomId: {}, userId: 'x' }), status: 400, error: /invalid-params/ },
    { name: 'room.survey: huge data', method: 'POST', path: () => 'livechat/room.survey', body: () => ({ rid, token, data: Array.from({ length: 100000 }, () => ({ name: 'satisfaction', value: '5' })) }), status: 400, error: 'invalid-data' },
    { name: 'room.survey: data object', method: 'POST', path: () => 'livechat/room.survey', body: () => ({ rid, token, data: { satisfaction: '5' } }), status: 400, error: 'invalid-data' },
    { name: 'room.survey: closed room of another visitor', method: 'POST', path: () => 'livechat/room.survey', body: () => ({ rid: channelId, token, data: [] }), status: 400, error: 'invalid-room' },
    { name: 'room: unknown token', method: 'GET', path: () => `livechat/room?token=${encodeURIComponent(MB.slice(0, 4000))}`, status: 400, error: 'invalid-token' },
    // Header-bound fields refuse every C0/C1 control and the Unicode line and paragraph separators.
    ...HEADER_BREAKERS.map(([label, char]): Case => ({ name: `transcript: ${label} in subject`, ...transcript({ email: 'a@b.co', subject: `Hello${char}Bcc: evil@x.co` }) })),
    ...HEADER_BREAKERS.map(([label, char]): Case => ({ name: `transcript: ${label} in email`, ...transcript({ email: `a@b.co${char}`, subject: 's' }) })),
    { name: 'closeByUser: ESC in requestData subject', ...closeBy(() => ({ rid, transcriptEmail: { sendToVisitor: true, requestData: { email: 'a@b.co', subject: 'a\u001bb' } } })) },
    // Text is checked the same way on every endpoint: valid Unicode, no controls but tab and line breaks.
    { name: 'closeByUser: lone surrogate in comment', ...closeBy(() => ({ rid, comment: 'bad \ud800 text' })) },
    { name: 'closeByUser: lone surrogate in a tag', ...closeBy(() => ({ rid, tags: ['ok', '\udfff'] })) },
    { name: 'closeByUser: NUL in comment', ...closeBy(() => ({ rid, comment: 'a\u0000b' })) },
    { name: 'room.forward: lone surrogate in comment', method: 'POST', path: () => 'livechat/room.forward', user: () => users.manager, body: () => ({ roomId: rid, userId: users.agent2.id, comment: '\ud800' }), status: 400, error: /invalid-params/ },
    { name: 'room.survey: lone surrogate in feedback', method: 'POST', path: () => 'livechat/room.survey', body: () => ({ rid, token, data: [{ name: 'additionalFeedback', value: 'bad \ud800 text' }] }), status: 400, error: 'invalid-data' },
    { name: 'room.survey: BEL in feedback', method: 'POST', path: () => 'livechat/room.survey', body: () => ({ rid, token, data: [{ name: 'additionalFeedback', value: 'ding \u0007' }] }), status: 400, error: 'invalid-data' },
    { name: 'room.close: lone surrogate in token', method: 'POST', path: () => 'livechat/room.close', body: () => ({ rid, token: '\ud800' }), status: 400, error: /invalid-params/ },
];

test.each(CASES.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const before = await ws.snapshot();
    const answer = await ws.api(c.method, c.path(), { user: c.user?.(), body: c.body?.(), raw: c.raw });
    expect(answer.status).toBe(c.status);
    expect(answer.body.success).toBe(false);
    if (typeof c.error === 'string') {
        expect(answer.body.error).toBe(c.error);
    } else {
        expect(answer.body.error).toMatch(c.error);
    }
    expect(await ws.snapshot()).toEqual(before);
});

test('after a __proto__ body the app answers straight away', async () => {
    const refused = await ws.api('POST', `livechat/transcript/${rid}`, { user: users.manager, raw: '{"__proto__":{"polluted":true},"email":"a@b.co","subject":"s"}' });
    expect(refused.status).toBe(400);
    const started = Date.now();
    const next = await ws.api('GET', `livechat/transcript/${rid}`, { user: users.manager });
    expect(next.body.errorType).toBe('error-transcript-not-requested');
    expect(Date.now() - started).toBeLessThan(5000);
});

// ---- the slash command

const i18n = createTranslator(shippedCatalogs());
const tr = (key: string, params?: TranslationParams) => i18n.t('en', key, params);

interface SlashCase {
    name: string;
    room: () => string;
    command: string;
    answer: () => string;
}

const invalidEmail = (address: string) => () => tr('transcript_invalid_email', { address });
const invalidSubject = () => tr('transcript_invalid_subject', { max: 256 });

const SLASH_CASES: SlashCase[] = [
    { name: '1 MB address', room: () => rid, command: `/transcript email ${MB}`, answer: invalidEmail(MB) },
    { name: 'several addresses, comma', room: () => rid, command: '/transcript email a@example.com,b@example.com', answer: invalidEmail('a@example.com,b@example.com') },
    { name: 'several addresses, semicolon', room: () => rid, command: '/transcript email a@example.com;b@example.com', answer: invalidEmail('a@example.com;b@example.com') },
    { name: 'CRLF in the address', room: () => rid, command: '/transcript email a@example.com\r\nBcc:evil@example.com', answer: invalidEmail('a@example.com\r\nBcc:evil@example.com') },
    { name: 'CRLF in the subject', room: () => rid, command: '/transcript email a@example.com Hello\r\nBcc: evil@example.com', answer: invalidSubject },
    { name: '1 MB subject', room: () => rid, command: `/transcript email a@example.com ${MB}`, answer: invalidSubject },
    // A lone surrogate reaches the app as U+FFFD (the engine talks UTF-8 to its Deno runtime).
    { name: 'lone surrogate in the address', room: () => rid, command: '/transcript email a\uD800@example.com', answer: invalidEmail('a\uFFFD@example.com') },
    { name: '__proto__ as subcommand', room: () => rid, command: '/transcript __proto__', answer: () => tr('transcript_command_usage') },
    { name: 'constructor as subcommand', room: () => rid, command: '/transcript constructor email', answer: () => tr('transcript_command_usage') },
    { name: 'cancel __proto__', room: () => rid, command: '/transcript cancel __proto__', answer: () => tr('transcript_command_usage') },
    ...HEADER_BREAKERS.filter(([label]) => label !== 'TAB').map(([label, char]): SlashCase => ({
        name: `${label} in the subject`,
        room: () => rid,
        command: `/transcript email a@example.com Hello${char}Bcc: evil@example.com`,
        answer: invalidSubject,
    })),
    { name: 'ESC in the address', room: () => rid, command: '/transcript email a@example.com\u001b', answer: invalidEmail('a@example.com\u001b') },
    { name: 'pdf in a channel', room: () => channelId, command: '/transcript pdf', answer: () => tr('transcript_not_livechat') },
    { name: 'email in a channel', room: () => channelId, command: '/transcript email a@example.com', answer: () => tr('transcript_not_livechat') },
];

test.each(SLASH_CASES.map((c) => [c.name, c] as const))('/transcript: %s', async (_name, c) => {
    const before = await ws.snapshot();
    const { notifications } = await ws.dev('POST', 'slash', { userId: users.manager.id, roomId: c.room(), command: c.command });
    expect(notifications).toHaveLength(1);
    expect(notifications[0].text).toBe(c.answer());
    expect(await ws.snapshot()).toEqual(before);
});

