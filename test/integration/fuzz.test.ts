// Property-based hostile input over every endpoint (each of its methods, and the methods it lacks)
// and /transcript, in the real engine, with a fixed seed. Inputs: wrong types for every field, oversized values,
// control and bidi characters, lone surrogates, prototype and MongoDB-operator keys, foreign and
// malformed ids, other visitors' tokens, every role, malformed bodies, paths and query strings.
// Invariants checked after every input:
//   1. no 5xx;
//   2. the answer is in Rocket.Chat's shape;
//   3. a refused input changes no state (rooms, messages, persistence, jobs, outbox, uploads);
//   4. a known-good call is answered within 1 s;
//   5. no answer carries data of a room or visitor the caller may not see.
import fc from 'fast-check';
import { createTranslator } from '../../lib/i18n';
import { shippedCatalogs } from '../catalogs';
import { startedWorkspace } from './fixtures';
import { DemoUser, HttpAnswer } from './workspace';

const SEED = 20261202;
const RUNS_PER_TARGET = 200;

const { ws, users } = startedWorkspace();
let bot: string;
let channel: string;
let knownGoodRoom: string;
const visitors: Array<{ name: string; email: string; token: string; id: string; rooms: string[] }> = [];
const ids: string[] = [];
const departmentIds: string[] = [];
const tried: Record<string, number> = {};
const accepted: Record<string, number> = {};

beforeAll(async () => {
    const state = (await ws.snapshot()) as any;
    bot = state.users.find((u: any) => u.type === 'app').id;
    departmentIds.push(...state.departments.map((d: any) => d.id));
    departmentIds.push((await ws.dev('POST', 'departments', { name: 'Fuzz disabled', agentIds: [users.agent.id], enabled: false })).department.id);
    for (const [name, agent] of [['Alice', users.agent], ['Bob', users.agent2]] as const) {
        const { visitor } = await ws.dev('POST', 'visitors', { name: `Fuzz ${name} Visitor`, emails: [`${name.toLowerCase()}.fuzz@example.com`] });
        const open = (await ws.dev('POST', 'rooms', { visitorId: visitor.id, agentId: agent.id })).room.id;
        const closed = (await ws.dev('POST', 'rooms', { visitorId: visitor.id, agentId: agent.id })).room.id;
        await ws.dev('POST', `rooms/${open}/messages`, { messages: [{ from: 'visitor', text: `${name} secret message` }, { from: 'agent', text: 'hello' }] });
        await ws.dev('POST', `rooms/${closed}/close`, {});
        visitors.push({ name: `Fuzz ${name} Visitor`, email: `${name.toLowerCase()}.fuzz@example.com`, token: visitor.token, id: visitor.id, rooms: [open, closed] });
    }
    channel = (await ws.dev('POST', 'rooms', { type: 'c', name: 'fuzz-channel' })).room.id;
    const { visitor } = await ws.dev('POST', 'visitors', { name: 'Known Good' });
    knownGoodRoom = (await ws.dev('POST', 'rooms', { visitorId: visitor.id, agentId: users.agent.id })).room.id;
    ids.push(...visitors.flatMap((v) => v.rooms), channel, ...Object.values(users).map((u) => u.id), bot, ...departmentIds);
    // Counting still runs, but the fuzz should reach what lies behind the limit.
    await ws.dev('POST', 'settings/app', { id: 'public_rate_limit_per_minute', value: 1_000_000 });
}, 60_000);

afterAll(async () => {
    const rows = Object.entries(tried).map(([target, n]) => `  ${target.padEnd(44)} ${String(n).padStart(5)} ${String(accepted[target] || 0).padStart(9)}`);
    const total = (counts: Record<string, number>) => Object.values(counts).reduce((a, b) => a + b, 0);
    console.log(`fuzz inputs (seed ${SEED})\n  ${'target'.padEnd(44)} tried  accepted\n${rows.join('\n')}\n  ${'total'.padEnd(44)} ${String(total(tried)).padStart(5)} ${String(total(accepted)).padStart(9)}`);
});

// ---- values

const CONTROL = ['\u0000', '\u0007', '\u0008', '\u001b', '\u007f', '\u0085', '\u009b', '\r\n', '\u2028', '\u2029'];
const BIDI = ['\u202e', '\u202d', '\u2066', '\u2067', '\u2068', '\u2069', '\u200f', '\u061c'];
const SURROGATES = ['\ud800', '\udfff', 'a\ud83d', '\ude00b'];
const PROTO_KEYS = ['constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf', '__defineGetter__', 'isPrototypeOf'];
const MONGO = [{ $ne: null }, { $gt: '' }, { $regex: '.*' }, { $where: 'sleep(1000)' }, { $in: [] }, { $exists: true }];
const MALFORMED_IDS = ['', ' ', '..', '../x', '%00', 'null', 'undefined', '*', 'GENERAL', ...PROTO_KEYS, '__proto__'];

const hostileText = fc.oneof(
    fc.string({ maxLength: 12 }),
    fc.string({ unit: 'binary', maxLength: 12 }),
    fc.tuple(fc.string({ maxLength: 6 }), fc.constantFrom(...CONTROL, ...BIDI, ...SURROGATES), fc.string({ maxLength: 6 })).map(([a, b, c]) => a + b + c),
    fc.constantFrom('a@b.co', 'Vera@Example.com', 'a@b.co, c@d.co', '<a@b.co>', 'Subject', '5', '1', 'satisfaction', 'additionalFeedback'),
    fc.constantFrom(257, 300, 1001, 10_001, 100_000).map((n) => 'x'.repeat(n)),
);
// URLs stay under Node's 16 KB header limit (beyond it the HTTP server itself answers 431, before any route).
const shortText = hostileText.filter((text) => text.length <= 1000);
const anId = (text = hostileText) => fc.oneof(fc.constantFrom(...ids), fc.constantFrom(...MALFORMED_IDS), fc.constantFrom(...visitors.map((v) => v.token)), text);
const aToken = (text = hostileText) => fc.oneof(fc.constantFrom(...visitors.map((v) => v.token)), fc.constantFrom(...MALFORMED_IDS), text);
const scalar = fc.oneof(fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.constantFrom(...MONGO));
const value = (text: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> =>
    fc.oneof({ weight: 4, arbitrary: text }, { weight: 2, arbitrary: scalar }, { weight: 1, arbitrary: fc.array(fc.oneof(text, scalar), { maxLength: 4 }) }, {
        weight: 1,
        arbitrary: fc.dictionary(fc.constantFrom(...PROTO_KEYS, '$gt', 'a', 'name', 'value'), fc.oneof(text, scalar), { maxKeys: 3 }),
    });
const extraKeys = fc.dictionary(fc.constantFrom(...PROTO_KEYS, '$where', '$gt', 'extra', 'cc', 'bcc'), fc.oneof(hostileText, scalar), { maxKeys: 2 });

/** An object with these fields, each absent, valid-looking or hostile, plus hostile extra keys now and then. */
function bodyOf(fields: Record<string, () => fc.Arbitrary<unknown>>): fc.Arbitrary<unknown> {
    const record = fc.record(Object.fromEntries(Object.entries(fields).map(([k, arb]) => [k, fc.option(value(arb()), { nil: undefined, freq: 3 })])));
    const withExtra = fc.tuple(record, fc.option(extraKeys, { nil: undefined, freq: 2 })).map(([body, extra]) => ({ ...prune(body as object), ...(extra || {}) }));
    return fc.oneof({ weight: 8, arbitrary: withExtra }, { weight: 1, arbitrary: fc.oneof(scalar, fc.array(scalar, { maxLength: 3 }), hostileText) });
}

/** A body that would be accepted, with one field made hostile (and hostile extra keys now and then): refusals deep inside. */
function nearValid(valid: () => Record<string, unknown>): fc.Arbitrary<unknown> {
    const keys = Object.keys(valid());
    return fc
        .tuple(fc.constantFrom(...keys), value(hostileText), fc.option(extraKeys, { nil: undefined, freq: 3 }))
        .map(([key, hostile, extra]) => ({ ...valid(), [key]: hostile, ...(extra || {}) }));
}

/** Either kind of body, half and half. */
const someBody = (fields: Record<string, () => fc.Arbitrary<unknown>>, valid: () => Record<string, unknown>) => fc.oneof(bodyOf(fields), nearValid(valid));

const alice = () => ({ rid: visitors[0].rooms[0], token: visitors[0].token });

const prune = (body: object) => Object.fromEntries(Object.entries(body).filter(([, v]) => v !== undefined));

const RAW_BODIES = [
    '{',
    '{"rid": ',
    '[]',
    '"text"',
    'null',
    '{"__proto__":{"admin":true}}',
    '{"a":{"__proto__":{}}}',
    `{"rid":"x","tags":${'['.repeat(40)}${']'.repeat(40)}}`,
    `${'['.repeat(200)}${']'.repeat(200)}`,
    '\u0000\u0001',
    '{"rid":"\\ud800"}',
];
const rawBody = fc.constantFrom(...RAW_BODIES);

// ---- targets: every endpoint, each of its methods

type Caller = keyof typeof CALLERS;
const CALLERS = {
    anonymous: () => ({}),
    admin: () => auth(users.admin),
    manager: () => auth(users.manager),
    monitor: () => auth(users.monitor),
    agent: () => auth(users.agent),
    agent2: () => auth(users.agent2),
    'wrong token': () => ({ 'X-User-Id': users.manager.id, 'X-Auth-Token': 'not-the-token' }),
    'hostile headers': () => ({ 'X-User-Id': '$where', 'X-Auth-Token': '{"$ne":null}', 'Content-Type': 'text/plain' }),
};
const auth = (user: DemoUser) => ({ 'X-User-Id': user.id, 'X-Auth-Token': user.authToken });

interface Input {
    method: string;
    path: string;
    caller: Caller;
    body?: unknown;
    raw?: string;
}

/** Percent-encoding that also takes lone surrogates (as WTF-8 bytes, which is what a hostile client would send). */
function encodeAny(text: string): string {
    return Array.from(text, (char) => {
        try {
            return encodeURIComponent(char);
        } catch {
            const unit = char.charCodeAt(0);
            return [0xe0 | (unit >> 12), 0x80 | ((unit >> 6) & 0x3f), 0x80 | (unit & 0x3f)].map((byte) => `%${byte.toString(16).toUpperCase()}`).join('');
        }
    }).join('');
}

const ridPath = () =>
    fc.oneof(
        anId(shortText).map((id) => encodeAny(String(id))),
        fc.constantFrom('%E0%A4%A', '%ED%A0%80', '%', '%2e%2e', 'a%2Fb', '%C0%AF'),
    );
const callerArb = fc.constantFrom(...(Object.keys(CALLERS) as Caller[]));
const withBody = (method: string, path: fc.Arbitrary<string>, body: fc.Arbitrary<unknown>): fc.Arbitrary<Input> =>
    fc.tuple(path, callerArb, fc.oneof({ weight: 6, arbitrary: body.map((b) => ({ body: b })) }, { weight: 1, arbitrary: rawBody.map((raw) => ({ raw })) })).map(
        ([p, caller, b]) => ({ method, path: p, caller, ...b }),
    );

function roomQuery(): fc.Arbitrary<string> {
    const param = fc.oneof(
        aToken(shortText).map((t) => `token=${encodeAny(String(t))}`),
        anId(shortText).map((r) => `rid=${encodeAny(String(r))}`),
        fc.constantFrom('token[]=a', 'token[$ne]=x', 'token[__proto__][x]=1', '__proto__[token]=x', 'constructor=1', 'rid[]=a&rid[]=b', 'token', '=x', '%E0%A4%A=1', 'token=%E0%A4%A'),
    );
    return fc.array(param, { maxLength: 4 }).map((parts) => parts.join('&'));
}

/** The methods each endpoint implements; any other answers 405 (401 first where a login is required). */
const ALLOWED: Record<string, string[]> = {
    'livechat/transcript/:rid': ['GET', 'POST', 'DELETE'],
    'omnichannel/:rid/request-transcript': ['POST'],
    'livechat/room.closeByUser': ['POST'],
    'livechat/room': ['GET'],
    'livechat/room.close': ['POST'],
    'livechat/room.transfer': ['POST'],
    'livechat/room.forward': ['POST'],
    'livechat/room.survey': ['POST'],
};
/** HEAD is left to the hardening test: its answer has no body to check. */
const OTHER_METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'TRACE', 'PROPFIND', 'SEARCH'];

const TARGETS: Record<string, () => fc.Arbitrary<Input>> = {
    'GET livechat/transcript/:rid': () => withBody('GET', ridPath().map((r) => `livechat/transcript/${r}`), fc.constant(undefined)),
    'POST livechat/transcript/:rid': () => withBody('POST', ridPath().map((r) => `livechat/transcript/${r}`), someBody({ email: () => hostileText, subject: () => hostileText }, () => ({ email: 'vera@example.com', subject: 'Hello' }))),
    'DELETE livechat/transcript/:rid': () => withBody('DELETE', ridPath().map((r) => `livechat/transcript/${r}`), fc.constant(undefined)),
    'POST omnichannel/:rid/request-transcript': () => withBody('POST', ridPath().map((r) => `omnichannel/${r}/request-transcript`), fc.constant(undefined)),
    'POST livechat/room.closeByUser': () =>
        withBody(
            'POST',
            fc.constant('livechat/room.closeByUser'),
            someBody(
                {
                    rid: anId,
                    comment: () => hostileText,
                    tags: () => fc.array(hostileText, { maxLength: 3 }),
                    generateTranscriptPdf: () => fc.boolean(),
                    forceClose: () => fc.boolean(),
                    transcriptEmail: () => bodyOf({ sendToVisitor: () => fc.boolean(), requestData: () => bodyOf({ email: () => hostileText, subject: () => hostileText }) }),
                },
                () => ({ rid: alice().rid, comment: 'ok', tags: ['vip'], transcriptEmail: { sendToVisitor: true, requestData: { email: 'a@b.co', subject: 's' } } }),
            ),
        ),
    'GET livechat/room': () => fc.tuple(roomQuery(), callerArb).map(([query, caller]) => ({ method: 'GET', path: `livechat/room?${query}`, caller })),
    'POST livechat/room.close': () => withBody('POST', fc.constant('livechat/room.close'), someBody({ rid: anId, token: aToken }, alice)),
    'POST livechat/transcript': () =>
        withBody(
            'POST',
            fc.constant('livechat/transcript'),
            someBody({ rid: anId, token: aToken, email: () => hostileText, subject: () => hostileText }, () => ({ rid: visitors[0].rooms[1], token: visitors[0].token, email: 'vera@example.com', subject: 'Hello' })),
        ),
    'POST livechat/room.transfer': () => withBody('POST', fc.constant('livechat/room.transfer'), someBody({ rid: anId, token: aToken, department: anId }, () => ({ ...alice(), department: departmentIds[1] }))),
    'POST livechat/room.forward': () =>
        withBody('POST', fc.constant('livechat/room.forward'), someBody({ roomId: anId, userId: anId, departmentId: anId, comment: () => hostileText }, () => ({ roomId: alice().rid, userId: users.agent2.id, comment: 'over to you' }))),
    'other methods, every endpoint': () =>
        fc
            .tuple(fc.constantFrom(...Object.keys(ALLOWED)), fc.constantFrom(...OTHER_METHODS))
            .filter(([endpoint, method]) => !ALLOWED[endpoint].includes(method))
            .chain(([endpoint, method]) =>
                // Well-formed ids: a malformed percent-encoding is a 400 before any method is looked at.
                fc.tuple(fc.oneof(fc.constantFrom(...ids), fc.string({ maxLength: 24 }).map(encodeURIComponent)), callerArb, fc.constantFrom(undefined, {}, { rid: 'x', token: 'y' })).map(([rid, caller, body]) => ({ method, path: endpoint.replace(':rid', rid), caller, body })),
            ),
    'POST livechat/room.survey': () =>
        withBody(
            'POST',
            fc.constant('livechat/room.survey'),
            someBody({ rid: anId, token: aToken, data: () => fc.array(bodyOf({ name: () => hostileText, value: () => hostileText }), { maxLength: 6 }) }, () => ({
                ...alice(),
                data: [{ name: 'satisfaction', value: '5' }, { name: 'additionalFeedback', value: 'thanks' }],
            })),
        ),
};

// ---- invariants

type Snapshot = any;

/** Strings of a visitor (token, rooms, name, email, a message) that only those who may see the visitor may get back. */
const secretsOf = (v: (typeof visitors)[number]) => [v.token, ...v.rooms, v.name, v.email, `${v.name.split(' ')[1]} secret message`];

/** Whether the caller of `input` may see visitor `v`'s data. */
function maySee(input: { caller: Caller; text: string }, v: (typeof visitors)[number], state: Snapshot): boolean {
    if (input.text.includes(v.token)) {
        return true; // the visitor's own token
    }
    const user = users[input.caller as string];
    if (!user || !v.rooms.some((rid) => input.text.includes(rid))) {
        return false;
    }
    const supervisor = user.roles.some((r) => ['admin', 'livechat-manager', 'livechat-monitor'].includes(r));
    return supervisor || state.rooms.some((r: any) => v.rooms.includes(r.id) && r.servedById === user.id);
}

function expectNoLeak(input: { caller: Caller; text: string }, answer: string, state: Snapshot): void {
    for (const v of visitors) {
        if (!maySee(input, v, state)) {
            for (const secret of secretsOf(v)) {
                if (answer.includes(secret)) {
                    throw new Error(`leak: ${JSON.stringify(secret)} of ${v.name} in ${answer.slice(0, 300)}`);
                }
            }
        }
    }
}

function expectRocketChatShape(answer: HttpAnswer): void {
    const body = answer.body;
    if (answer.status === 401) {
        expect(body).toEqual({ status: 'error', message: 'You must be logged in to do this.' });
        return;
    }
    expect(typeof body).toBe('object');
    expect(typeof body.success).toBe('boolean');
    expect(body.success).toBe(answer.status === 200);
    if (!body.success) {
        expect(typeof body.error).toBe('string');
    }
}

/** Deliveries still to come: a one-time job, or a request due and not yet delivered. */
const deliveriesPending = (state: Snapshot) =>
    state.jobs.length > 0 || Object.values(state.persistence).some((record: any) => record.data?.status === 'pending' && record.data?.dueAt);

/** State that moves without an input (the deliveries after an accepted close or request) settles before the next input. */
async function settledSnapshot(): Promise<Snapshot> {
    let last = await ws.snapshot();
    for (const end = Date.now() + 60_000; Date.now() < end; ) {
        await new Promise((resolve) => setTimeout(resolve, 300));
        const next = await ws.snapshot();
        if (!deliveriesPending(next) && JSON.stringify(next) === JSON.stringify(last)) {
            return next;
        }
        last = next;
    }
    throw new Error('the workspace did not settle within 60 s');
}

async function expectKnownGoodAnswerFast(): Promise<void> {
    const started = Date.now();
    const answer = await ws.api('GET', `livechat/transcript/${knownGoodRoom}`, { user: users.manager });
    expect(answer.body).toEqual({ success: false, error: 'No transcript requested for this chat [error-transcript-not-requested]', errorType: 'error-transcript-not-requested' });
    expect(Date.now() - started).toBeLessThan(1000);
}

let baseline: Snapshot;

/** An accepted input may change the state (it becomes the baseline); a refused one leaves it as it was. */
async function expectStateAfter(target: string, wasAccepted: boolean): Promise<void> {
    if (wasAccepted) {
        accepted[target] = (accepted[target] || 0) + 1;
        baseline = await settledSnapshot();
    } else {
        expect(await ws.snapshot()).toEqual(baseline);
    }
    await expectKnownGoodAnswerFast();
}

async function check(target: string, input: Input): Promise<void> {
    tried[target] = (tried[target] || 0) + 1;
    const headers = CALLERS[input.caller]();
    let raw = input.raw;
    if (raw === undefined && input.body !== undefined) {
        raw = JSON.stringify(input.body);
    }
    const answer = await ws.request(input.method, `/api/apps/public/${ws.appId}/${input.path}`, { raw, headers: { ...(raw !== undefined ? { 'Content-Type': 'application/json' } : {}), ...headers } });
    const context = `${target} as ${input.caller}: ${input.path.slice(0, 200)} ${(raw || '').slice(0, 200)} -> ${answer.status} ${answer.text.slice(0, 200)}`;
    try {
        expect(answer.status).toBeLessThan(500);
        if (target === 'other methods, every endpoint') {
            // 401 where the endpoint needs a login the caller lacks, else 405.
            expect([401, 405]).toContain(answer.status);
            if (answer.status === 405) {
                expect(answer.body.errorType).toBe('error-method-not-allowed');
            }
        }
        expectRocketChatShape(answer);
        expectNoLeak({ caller: input.caller, text: `${input.path} ${raw || ''}` }, answer.text, baseline);
        await expectStateAfter(target, answer.status === 200);
    } catch (error) {
        throw new Error(`${context}\n${(error as Error).message}`);
    }
}

describe('fuzz: every endpoint and method', () => {
    beforeAll(async () => {
        baseline = await settledSnapshot();
    });

    test.each(Object.keys(TARGETS))('%s', async (target) => {
        await fc.assert(
            fc.asyncProperty(TARGETS[target](), (input) => check(target, input)),
            { seed: SEED, numRuns: RUNS_PER_TARGET, endOnFailure: true },
        );
    }, 120_000);
});

// ---- /transcript

const i18n = createTranslator(shippedCatalogs());
const LANGUAGES = ['en', 'de', 'es', 'pt-BR', 'fr', 'ru', 'ar', 'zh'];
/** Answers of a command that did something: only then may the state change. */
const ACCEPTED_KEYS = ['transcript_email_scheduled', 'transcript_email_sending', 'transcript_pdf_queued', 'transcript_pdf_waiting', 'transcript_pdf_room_copy_kept', 'transcript_cancelled_email', 'transcript_cancelled_pdf'];
const acceptedPrefixes = LANGUAGES.flatMap((language) => ACCEPTED_KEYS.map((key) => i18n.t(language, key, { address: '\u0000' }).split('\u0000')[0]));

const slashInput = fc.tuple(
    fc.constantFrom('admin', 'manager', 'monitor', 'agent', 'agent2'),
    fc.constantFrom('open', 'closed', 'other', 'channel'),
    fc.oneof(fc.constantFrom('email', 'pdf', 'status', 'cancel', 'help', 'EMAIL', '__proto__', 'constructor', ''), hostileText),
    fc.array(fc.oneof(hostileText, fc.constantFrom('email', 'pdf', 'a@b.co', 'vera@example.com')), { maxLength: 4 }),
);

test('fuzz: /transcript', async () => {
    baseline = await settledSnapshot();
    await fc.assert(
        fc.asyncProperty(slashInput, async ([caller, where, subcommand, args]) => {
            tried['/transcript'] = (tried['/transcript'] || 0) + 1;
            const roomId = where === 'channel' ? channel : where === 'other' ? visitors[1].rooms[0] : where === 'open' ? visitors[0].rooms[0] : visitors[0].rooms[1];
            const command = `/transcript ${[subcommand, ...args].join(' ')}`;
            const answer = await ws.request('POST', '/dev/slash', { body: { userId: users[caller].id, roomId, command } });
            const context = `/transcript as ${caller} in ${where}: ${JSON.stringify(command).slice(0, 200)} -> ${answer.status} ${answer.text.slice(0, 300)}`;
            try {
                expect(answer.status).toBe(200);
                expect(answer.body.notifications).toHaveLength(1);
                const text: string = answer.body.notifications[0].text;
                expectNoLeak({ caller: caller as Caller, text: `${roomId} ${command}` }, text, baseline);
                await expectStateAfter('/transcript', acceptedPrefixes.some((prefix) => text.startsWith(prefix)));
            } catch (error) {
                throw new Error(`${context}\n${(error as Error).message}`);
            }
        }),
        { seed: SEED, numRuns: RUNS_PER_TARGET, endOnFailure: true },
    );
}, 120_000);
