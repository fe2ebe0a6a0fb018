// Issue: never leak a transcript. Every endpoint against every kind of caller, with the answer
// Rocket.Chat gives under its default permissions (as the app's settings default them:
// lib/settings.ts). A refused call changes nothing and names no room, token or visitor.
import { Room, startedWorkspace, Visitor } from './fixtures';
import { DemoUser, HttpAnswer } from './workspace';

const { ws, users, newVisitor, openRoom, closedRoom, requestEmail } = startedWorkspace(() => ({ visitor: roomVisitor }));
let billingId: string;

let roomVisitor: Visitor;
let otherVisitor: Visitor;
let otherRid: string;

beforeAll(async () => {
    billingId = ((await ws.snapshot()) as any).departments.find((d: any) => d.name === 'Billing').id;
    roomVisitor = await newVisitor({ name: 'Mirabel Matrixine', emails: ['mirabel@example.com'] });
    otherVisitor = await newVisitor({ name: 'Ottavia Otherly', emails: ['ottavia@example.com'] });
    otherRid = (await ws.dev('POST', 'rooms', { visitorId: otherVisitor.id, agentId: users.agent2.id })).room.id;
});

// ---- callers -------------------------------------------------------------------------------

const ACTORS = ['anonymous', 'visitor with a wrong token', "the room's visitor", 'another visitor', 'agent not serving the room', 'serving agent', 'monitor', 'manager', 'admin'] as const;
type Actor = (typeof ACTORS)[number];

/** What a caller presents: staff credentials (X-User-Id / X-Auth-Token) and, for the visitor endpoints, a visitor token. */
interface Credentials {
    headers?: DemoUser;
    token?: string;
}

/**
 * Visitors hold no staff login: on staff endpoints they present their visitor id and token as
 * if they were one. Staff hold no visitor token: on visitor endpoints they present their login.
 */
function credentials(actor: Actor): Credentials {
    const asLogin = (v: Visitor, token = v.token): DemoUser => ({ id: v.id, username: v.name, roles: [], authToken: token });
    switch (actor) {
        case 'anonymous':
            return {};
        case 'visitor with a wrong token':
            return { headers: asLogin(roomVisitor, 'not-the-token'), token: 'not-the-token' };
        case "the room's visitor":
            return { headers: asLogin(roomVisitor), token: roomVisitor.token };
        case 'another visitor':
            return { headers: asLogin(otherVisitor), token: otherVisitor.token };
        case 'agent not serving the room':
            return { headers: users.agent2 };
        case 'serving agent':
            return { headers: users.agent };
        default:
            return { headers: users[actor] };
    }
}

// ---- expected answers ----------------------------------------------------------------------

interface Denied {
    status: number;
    body: object;
}
const ALLOW = 'allow' as const;
type Expected = typeof ALLOW | Denied;

const LOGIN: Denied = { status: 401, body: { status: 'error', message: 'You must be logged in to do this.' } };
const UNAUTHORIZED: Denied = { status: 403, body: { success: false, error: 'User does not have the permissions required for this action [error-unauthorized]' } };
const NOT_ALLOWED: Denied = { status: 400, body: { success: false, error: 'error-not-allowed' } };
const INVALID_TOKEN: Denied = { status: 400, body: { success: false, error: 'invalid-token' } };
const INVALID_ROOM: Denied = { status: 400, body: { success: false, error: 'invalid-room' } };
const TOKEN_REQUIRED: Denied = { status: 400, body: { success: false, error: "must have required property 'token' [invalid-params]", errorType: 'invalid-params' } };
/** GET livechat/room checks its query as Rocket.Chat's `check()` words it. */
const TOKEN_MISSING: Denied = { status: 400, body: { success: false, error: "Match error: Missing key 'token'" } };

/** One row per endpoint, one column per caller, in the order of ACTORS. */
type Row = [Expected, Expected, Expected, Expected, Expected, Expected, Expected, Expected, Expected];
const STAFF_ONLY = [LOGIN, LOGIN, LOGIN, LOGIN] as const;
const VISITOR_ONLY = (staff: Denied, anonymous: Denied = staff) => [anonymous, INVALID_TOKEN, ALLOW, INVALID_ROOM, staff, staff, staff, staff, staff] as Row;

//                                                         agent2         serving agent  monitor        manager  admin
const MATRIX: Record<string, Row> = {
    'GET livechat/transcript/:rid': [...STAFF_ONLY, /*    */ UNAUTHORIZED, ALLOW, /*     */ ALLOW, /*     */ ALLOW, ALLOW],
    'POST livechat/transcript/:rid': [...STAFF_ONLY, /*   */ UNAUTHORIZED, UNAUTHORIZED, UNAUTHORIZED, ALLOW, ALLOW],
    'DELETE livechat/transcript/:rid': [...STAFF_ONLY, /* */ UNAUTHORIZED, UNAUTHORIZED, UNAUTHORIZED, ALLOW, ALLOW],
    'POST omnichannel/:rid/request-transcript': [...STAFF_ONLY, NOT_ALLOWED, ALLOW, /*   */ ALLOW, /*     */ ALLOW, ALLOW],
    // With the default settings a monitor closes another agent's conversation, as in Rocket.Chat.
    'POST livechat/room.closeByUser': [...STAFF_ONLY, /*  */ UNAUTHORIZED, ALLOW, /*     */ ALLOW, /*     */ ALLOW, ALLOW],
    'POST livechat/room.forward': [...STAFF_ONLY, /*      */ UNAUTHORIZED, ALLOW, /*     */ ALLOW, /*     */ ALLOW, ALLOW],
    'GET livechat/room': VISITOR_ONLY(TOKEN_MISSING),
    'POST livechat/room.close': VISITOR_ONLY(TOKEN_REQUIRED),
    'POST livechat/room.transfer': VISITOR_ONLY(TOKEN_REQUIRED),
    'POST livechat/room.survey': VISITOR_ONLY(TOKEN_REQUIRED),
};

// ---- endpoints -----------------------------------------------------------------------------

interface Endpoint {
    /** A fresh room in the state the endpoint acts on. */
    setup: () => Promise<Room>;
    call: (rid: string, who: Credentials) => Promise<HttpAnswer>;
    /** What an allowed call answered and did. */
    allowed: (answer: HttpAnswer, rid: string) => Promise<void> | void;
}

async function openRoomWithEmailRequest(): Promise<Room> {
    const room = await openRoom();
    await requestEmail(room.rid, 'Matrix', 'mirabel@example.com');
    return room;
}

const room = async (rid: string) => (await ws.dev('GET', `rooms/${rid}`)).room;
const asStaff = (who: Credentials) => ({ user: who.headers });
/** A visitor endpoint's body: the token only when the caller has one. */
const withToken = (who: Credentials, body: object) => ({ user: who.headers, body: who.token === undefined ? body : { ...body, token: who.token } });

const ENDPOINTS: Record<string, Endpoint> = {
    'GET livechat/transcript/:rid': {
        setup: openRoomWithEmailRequest,
        call: (rid, who) => ws.api('GET', `livechat/transcript/${rid}`, asStaff(who)),
        allowed: (answer) => expect(answer.body).toMatchObject({ success: true, transcript: { email: 'mirabel@example.com', subject: 'Matrix', status: 'pending' } }),
    },
    'POST livechat/transcript/:rid': {
        setup: openRoom,
        call: (rid, who) => ws.api('POST', `livechat/transcript/${rid}`, { ...asStaff(who), body: { email: 'mirabel@example.com', subject: 'Matrix' } }),
        allowed: async (answer, rid) => {
            expect(answer.body).toEqual({ success: true });
            expect((await ws.api('GET', `livechat/transcript/${rid}`, { user: users.manager })).body.transcript).toMatchObject({ status: 'pending' });
        },
    },
    'DELETE livechat/transcript/:rid': {
        setup: openRoomWithEmailRequest,
        call: (rid, who) => ws.api('DELETE', `livechat/transcript/${rid}`, asStaff(who)),
        allowed: async (answer, rid) => {
            expect(answer.body).toEqual({ success: true });
            expect((await ws.api('GET', `livechat/transcript/${rid}`, { user: users.manager })).body.errorType).toBe('error-transcript-not-requested');
        },
    },
    'POST omnichannel/:rid/request-transcript': {
        setup: closedRoom,
        call: (rid, who) => ws.api('POST', `omnichannel/${rid}/request-transcript`, asStaff(who)),
        allowed: async (answer, rid) => {
            expect(answer.body).toEqual({ success: true });
            expect((await ws.api('GET', `livechat/transcript/${rid}`, { user: users.manager })).body.transcript.pdf).toBeDefined();
        },
    },
    'POST livechat/room.closeByUser': {
        setup: openRoom,
        call: (rid, who) => ws.api('POST', 'livechat/room.closeByUser', { ...asStaff(who), body: { rid } }),
        allowed: async (answer, rid) => {
            expect(answer.body).toEqual({ success: true });
            expect((await room(rid)).open).toBe(false);
        },
    },
    'POST livechat/room.forward': {
        setup: openRoom,
        call: (rid, who) => ws.api('POST', 'livechat/room.forward', { ...asStaff(who), body: { roomId: rid, userId: users.agent2.id } }),
        allowed: async (answer, rid) => {
            expect(answer.body).toEqual({ success: true });
            expect((await room(rid)).servedById).toBe(users.agent2.id);
        },
    },
    'GET livechat/room': {
        setup: openRoom,
        call: (rid, who) => ws.api('GET', `livechat/room?rid=${rid}${who.token === undefined ? '' : `&token=${encodeURIComponent(who.token)}`}`, { user: who.headers }),
        allowed: (answer, rid) => expect(answer.body).toMatchObject({ success: true, newRoom: false, room: { _id: rid, open: true, v: { token: roomVisitor.token } } }),
    },
    'POST livechat/room.close': {
        setup: openRoom,
        call: (rid, who) => ws.api('POST', 'livechat/room.close', withToken(who, { rid })),
        allowed: async (answer, rid) => {
            expect(answer.body).toEqual({ success: true, rid, comment: 'Closed by visitor' });
            expect((await room(rid)).open).toBe(false);
        },
    },
    'POST livechat/room.transfer': {
        setup: openRoom,
        call: (rid, who) => ws.api('POST', 'livechat/room.transfer', withToken(who, { rid, department: 'Billing' })),
        allowed: async (answer, rid) => {
            expect(answer.body).toMatchObject({ success: true, room: { _id: rid, departmentId: billingId, open: true } });
            expect((await room(rid)).departmentId).toBe(billingId);
        },
    },
    'POST livechat/room.survey': {
        setup: openRoom,
        call: (rid, who) => ws.api('POST', 'livechat/room.survey', withToken(who, { rid, data: [{ name: 'satisfaction', value: '5' }] })),
        allowed: (answer, rid) => expect(answer.body).toEqual({ success: true, rid, data: { satisfaction: '5' } }),
    },
};

// ---- the matrix ----------------------------------------------------------------------------

/** The room as the workspace keeps it, its messages, and the app's records about it. */
async function fingerprint(rid: string): Promise<unknown> {
    const state = (await ws.snapshot()) as any;
    const records = Object.values(state.persistence).filter((r: any) => r.associations.some((a: any) => a.model === 'room' && a.id === rid));
    return { ...(await ws.dev('GET', `rooms/${rid}`)), records };
}

/** What no answer may show a caller who is refused: the room, its visitor, or another visitor's room. */
const secrets = (rid: string) => [rid, otherRid, roomVisitor.token, roomVisitor.name, otherVisitor.token, otherVisitor.name];

const CELLS = Object.entries(MATRIX).flatMap(([endpoint, row]) => ACTORS.map((actor, i) => ({ endpoint, actor, expected: row[i] })));

test('the matrix covers every endpoint and every caller', () => {
    expect(Object.keys(MATRIX).sort()).toEqual(Object.keys(ENDPOINTS).sort());
    expect(CELLS).toHaveLength(Object.keys(ENDPOINTS).length * ACTORS.length);
    console.log(`access matrix: ${Object.keys(ENDPOINTS).length} endpoints × ${ACTORS.length} callers = ${CELLS.length} cells, ${CELLS.filter((c) => c.expected === ALLOW).length} allowed`);
});

test.each(CELLS.map((c) => [c.endpoint, c.actor, c.expected === ALLOW ? 'allowed' : `${c.expected.status} ${JSON.stringify(c.expected.body)}`, c] as const))(
    '%s × %s → %s',
    async (_endpoint, _actor, _label, { endpoint, actor, expected }) => {
        const spec = ENDPOINTS[endpoint];
        const { rid } = await spec.setup();
        const before = expected === ALLOW ? undefined : await fingerprint(rid);
        const answer = await spec.call(rid, credentials(actor));
        if (expected === ALLOW) {
            expect(answer.status).toBe(200);
            await spec.allowed(answer, rid);
            for (const secret of [otherRid, otherVisitor.token, otherVisitor.name]) {
                expect(answer.text).not.toContain(secret);
            }
            return;
        }
        expect({ status: answer.status, body: answer.body }).toEqual(expected);
        for (const secret of secrets(rid)) {
            expect(answer.text).not.toContain(secret);
        }
        expect(await fingerprint(rid)).toEqual(before);
    },
);
