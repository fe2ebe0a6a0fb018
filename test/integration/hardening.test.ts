// What an outside fuzz run found, one test per defect. Each refusal is checked to
// change nothing (rooms, messages, persistence, jobs, outbox, uploads).
import * as http from 'http';
import { startedWorkspace } from './fixtures';
import { DemoUser } from './workspace';

// Empty rooms in the Sales department.
const { ws, users, openRoom } = startedWorkspace(() => ({ departmentId: sales.id, messages: [] }));
let sales: { id: string };

beforeAll(async () => {
    sales = ((await ws.snapshot()) as any).departments.find((d: any) => d.name === 'Sales');
});

const forward = (body: unknown) => ws.expectUnchanged(() => ws.api('POST', 'livechat/room.forward', { user: users.manager, body }));

describe('1. forward only to livechat agents', () => {
    test.each(['the app’s bot user', 'admin', 'monitor', 'manager', 'an unknown id'])('refuses %s with error-user-is-offline', async (who) => {
        const { rid } = await openRoom();
        const state = (await ws.snapshot()) as any;
        const userId =
            who === 'the app’s bot user' ? state.users.find((u: any) => u.type === 'app').id : who === 'an unknown id' ? 'nobody-at-all' : users[who].id;
        const answer = await forward({ roomId: rid, userId });
        expect(answer.status).toBe(400);
        expect(answer.body).toEqual({ success: false, error: 'error-user-is-offline' });
    });

    test('an agent still gets it', async () => {
        const { rid } = await openRoom();
        expect((await ws.api('POST', 'livechat/room.forward', { user: users.manager, body: { roomId: rid, userId: users.agent2.id } })).body).toEqual({ success: true });
    });
});

describe('2. forward only to an enabled department', () => {
    test('a disabled department is refused as Rocket.Chat does; an unknown one too', async () => {
        const { department } = await ws.dev('POST', 'departments', { name: 'Closed for the season', agentIds: [users.agent2.id], enabled: false });
        const { rid } = await openRoom();
        expect((await forward({ roomId: rid, departmentId: department.id })).body).toEqual({ success: false, error: 'error-no-agents-online-in-department' });
        expect((await forward({ roomId: rid, departmentId: 'no-such-department' })).body).toEqual({ success: false, error: 'error-invalid-department' });
        // as the visitor's transfer refuses it
        const visitorRoom = await openRoom();
        const transfer = await ws.expectUnchanged(() =>
            ws.api('POST', 'livechat/room.transfer', { body: { rid: visitorRoom.rid, token: visitorRoom.visitor.token, department: department.id } }),
        );
        expect(transfer.body).toEqual({ success: false, error: 'invalid-department' });
    });
});

describe('4. unauthenticated calls cannot grow the app’s memory', () => {
    // 1,000 calls with distinct unknown tokens: every 5th of 1 MB, the rest of 200 characters.
    // A long token is refused before anything is counted, and the short ones are counted as digests,
    // so none stays in the rate-limit table. The Deno process's RSS,
    // the lowest of 5 s of samples after the calls against the same after 5 warm-up calls. What V8
    // has not collected yet makes the figure vary by tens of MB, hence the bound.
    const BOUND_MB = 128;
    const tokenFor = (name: string, i: number) => `${name}-${i}-${i % 5 ? 't'.repeat(200) : 'T'.repeat(1024 * 1024)}`;
    const call = (token: string, rid: string) => ws.api('POST', 'livechat/room.close', { body: { rid, token } });
    const settledRss = async () => {
        let lowest = Infinity;
        for (const end = Date.now() + 5000; Date.now() < end; ) {
            lowest = Math.min(lowest, ws.appProcessRss());
            await new Promise((resolve) => setTimeout(resolve, 250));
        }
        return lowest;
    };

    test(`1,000 calls with distinct unknown tokens leave the Deno process within ${BOUND_MB} MB`, async () => {
        for (let i = 0; i < 5; i++) {
            await call(tokenFor('warm-up', i * 5), `warm-up-room-${i}`);
        }
        const before = await settledRss();
        const answers = new Set<number>();
        await ws.expectUnchanged(async () => {
            for (let i = 0; i < 1000; i++) {
                answers.add((await call(tokenFor('distinct', i), `room-${i}`)).status);
            }
        });
        const grown = ((await settledRss()) - before) / 1024 / 1024;
        console.log(`Deno RSS after 1,000 calls with distinct unknown tokens: ${grown >= 0 ? '+' : ''}${grown.toFixed(1)} MB (bound ${BOUND_MB} MB)`);
        expect([...answers]).toEqual([400]);
        expect(grown).toBeLessThan(BOUND_MB);
    }, 120_000);
});

describe('5. an unexpected error is answered in Rocket.Chat’s shape and logged once', () => {
    test('a persistence read that throws', async () => {
        const { rid } = await openRoom();
        const from = ws.output.length;
        await ws.dev('POST', 'faults', { target: 'persistence', mode: 'fail', count: 1 });
        try {
            const answer = await ws.expectUnchanged(() => ws.api('GET', `livechat/transcript/${rid}`, { user: users.manager }));
            expect(answer.status).toBe(500);
            expect(answer.body).toEqual({ success: false, error: 'Internal error occured' });
            expect(answer.text).not.toContain('injected');
        } finally {
            await ws.dev('POST', 'faults', { clear: true });
        }
        await ws.waitFor(async () => ws.output.slice(from).includes('Unexpected error in an endpoint'), 5000, 'the log line');
        expect(ws.output.slice(from).split('\n').filter((line) => line.includes('Unexpected error in an endpoint'))).toHaveLength(1);
        if (process.env.APPS_ENGINE !== '1.46.0') {
            // Apps-Engine 1.46.0 loses a bridge error's reason before the app sees it (lib/rest/errors.ts failureReason).
            expect(ws.output.slice(from)).toContain('injected persistence fault');
        }
    });
});

describe('6. ids that are Object.prototype names are just unknown ids', () => {
    const NAMES = ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf'];

    test.each(NAMES)('%s', async (id) => {
        const { rid, visitor: { token } } = await openRoom();
        const answers = await ws.expectUnchanged(async () => [
            await ws.api('GET', `livechat/transcript/${id}`, { user: users.manager }),
            await ws.api('POST', `livechat/transcript/${id}`, { user: users.manager, body: { email: 'a@b.co', subject: 's' } }),
            await ws.api('POST', `omnichannel/${id}/request-transcript`, { user: users.manager }),
            await ws.api('POST', 'livechat/room.closeByUser', { user: users.manager, body: { rid: id } }),
            await ws.api('POST', 'livechat/room.forward', { user: users.manager, body: { roomId: id, userId: users.agent2.id } }),
            await ws.api('POST', 'livechat/room.forward', { user: users.manager, body: { roomId: rid, userId: id } }),
            await ws.api('POST', 'livechat/room.forward', { user: users.manager, body: { roomId: rid, departmentId: id } }),
            await ws.api('POST', 'livechat/room.close', { body: { rid: id, token } }),
            await ws.api('POST', 'livechat/room.close', { body: { rid, token: id } }),
            await ws.api('POST', 'livechat/room.transfer', { body: { rid, token, department: id } }),
            await ws.api('GET', `livechat/room?token=${token}&rid=${id}`),
            await ws.request('POST', '/dev/slash', { body: { userId: id, roomId: rid, command: '/transcript status' } }),
            await ws.request('GET', `/dev/rooms/${id}`),
        ]);
        expect(answers.map((a) => a.status)).toEqual([400, 400, 400, 400, 400, 400, 400, 400, 400, 400, 400, 404, 404]);
        expect(answers.map((a) => a.body.error)).toEqual([
            'Invalid room [error-invalid-room]',
            'Invalid room [error-invalid-room]',
            'error-invalid-room',
            'error-invalid-room',
            'error-invalid-room',
            'error-user-is-offline',
            'error-invalid-department',
            'invalid-room',
            'invalid-token',
            'invalid-department',
            'invalid-room',
            'user not found',
            'room not found',
        ]);
    });
});

describe('7. malformed percent-encoding in the path', () => {
    test.each(['%E0%A4%A', '%ED%A0%80', '%'])('%s: 400 in Rocket.Chat’s shape', async (raw) => {
        const answer = await ws.expectUnchanged(() => ws.api('GET', `livechat/transcript/${raw}`, { user: users.manager }));
        expect(answer.status).toBe(400);
        expect(answer.body).toEqual({ success: false, error: `Failed to decode param '${raw}' [invalid-params]`, errorType: 'invalid-params' });
    });
});

describe('8. a body over 8 MiB', () => {
    const raw = JSON.stringify({ email: 'a@b.co', subject: 'x'.repeat(10 * 1024 * 1024) });

    test('413 in Rocket.Chat’s shape, and the app answers the next call', async () => {
        const { rid } = await openRoom();
        const answer = await ws.expectUnchanged(() => ws.api('POST', `livechat/transcript/${rid}`, { user: users.manager, raw }));
        expect(answer.status).toBe(413);
        expect(answer.body).toEqual({ success: false, error: 'Request body larger than 8388608 bytes [error-payload-too-large]', errorType: 'error-payload-too-large' });
        expect((await ws.api('GET', `livechat/transcript/${rid}`, { user: users.manager })).body.errorType).toBe('error-transcript-not-requested');
    });

    test('a client still sending past the limit reads the 413, not a reset connection', async () => {
        const { rid } = await openRoom();
        const headers = { 'Content-Type': 'application/json', 'Content-Length': String(raw.length), 'X-User-Id': users.manager.id, 'X-Auth-Token': users.manager.authToken };
        // Settles once the answer is read and the whole body sent, or at the first error on the way.
        const answer = await new Promise<{ status: number; text: string }>((resolve, reject) => {
            let read: { status: number; text: string } | undefined;
            let sent = false;
            const settle = () => read && sent && resolve(read);
            const req = http.request(ws.url(`/api/apps/public/${ws.appId}/livechat/transcript/${rid}`), { method: 'POST', headers, agent: false }, (res) => {
                let text = '';
                res.on('data', (chunk) => (text += chunk));
                res.on('end', () => {
                    read = { status: res.statusCode || 0, text };
                    settle();
                });
            });
            req.on('error', reject);
            req.on('close', () => sent || reject(new Error('the connection closed before the body was sent')));
            // Past the limit, then a pause in which a server that answers early closes the connection.
            req.write(raw.slice(0, 9 * 1024 * 1024));
            setTimeout(
                () =>
                    req.end(raw.slice(9 * 1024 * 1024), () => {
                        sent = true;
                        settle();
                    }),
                300,
            );
        });
        expect(answer.status).toBe(413);
        expect(JSON.parse(answer.text).errorType).toBe('error-payload-too-large');
    });
});

describe('9. deeply nested JSON', () => {
    const nested = (levels: number) => `{"rid":"x","comment":"c","tags":${'['.repeat(levels - 1)}${']'.repeat(levels - 1)}}`;

    test.each([33, 95, 100, 5000])('%d levels: 400 before the engine, and the app answers at once', async (levels) => {
        const answer = await ws.expectUnchanged(() => ws.api('POST', 'livechat/room.closeByUser', { user: users.agent, raw: nested(levels) }));
        expect(answer.status).toBe(400);
        expect(answer.body).toEqual({
            success: false,
            error: 'A request body may not nest arrays and objects more than 32 levels deep [invalid-params]',
            errorType: 'invalid-params',
        });
        const started = Date.now();
        expect((await ws.api('GET', 'livechat/room?token=nobody')).body).toEqual({ success: false, error: 'invalid-token' });
        expect(Date.now() - started).toBeLessThan(1000);
    });

    test('32 levels reach the app, which checks the body itself', async () => {
        const answer = await ws.expectUnchanged(() => ws.api('POST', 'livechat/room.closeByUser', { user: users.agent, raw: nested(32) }));
        expect(answer.body).toEqual({ success: false, error: '/tags/0 must be string [invalid-params]', errorType: 'invalid-params' });
    });
});

describe('10. a method the endpoint lacks', () => {
    /** A request with any method (fetch refuses TRACE), answered with its headers. */
    function request(method: string, subPath: string, user?: DemoUser): Promise<{ status: number; allow?: string; text: string }> {
        const headers: Record<string, string> = { 'Content-Type': 'application/json', 'Content-Length': '2', ...(user ? { 'X-User-Id': user.id, 'X-Auth-Token': user.authToken } : {}) };
        return new Promise((resolve, reject) => {
            const req = http.request(ws.url(`/api/apps/public/${ws.appId}/${subPath}`), { method, headers, agent: false }, (res) => {
                let text = '';
                res.on('data', (chunk) => (text += chunk));
                res.on('end', () => resolve({ status: res.statusCode || 0, allow: res.headers.allow, text }));
            });
            req.on('error', reject);
            req.end('{}');
        });
    }

    const ENDPOINTS: Array<[string, (rid: string) => string, string[]]> = [
        ['livechat/transcript/:rid', (rid) => `livechat/transcript/${rid}`, ['GET', 'POST', 'DELETE']],
        ['omnichannel/:rid/request-transcript', (rid) => `omnichannel/${rid}/request-transcript`, ['POST']],
        ['livechat/room.closeByUser', () => 'livechat/room.closeByUser', ['POST']],
        ['livechat/room', () => 'livechat/room', ['GET']],
        ['livechat/room.close', () => 'livechat/room.close', ['POST']],
        ['livechat/room.transfer', () => 'livechat/room.transfer', ['POST']],
        ['livechat/room.forward', () => 'livechat/room.forward', ['POST']],
        ['livechat/room.survey', () => 'livechat/room.survey', ['POST']],
    ];
    const METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD', 'TRACE', 'PROPFIND'];

    test.each(ENDPOINTS)('%s: 405 with Allow for every other method, and nothing changes', async (_name, at, allowed) => {
        const { rid } = await openRoom();
        for (const method of METHODS.filter((m) => !allowed.includes(m))) {
            const answer = await ws.expectUnchanged(() => request(method, at(rid), users.manager));
            expect([method, answer.status, answer.allow]).toEqual([method, 405, allowed.join(', ')]);
            if (method !== 'HEAD') {
                expect(JSON.parse(answer.text)).toEqual({
                    success: false,
                    error: `Method ${method} is not allowed on this endpoint [error-method-not-allowed]`,
                    errorType: 'error-method-not-allowed',
                });
            }
        }
    });

    test('a staff endpoint asks for a login first, as Rocket.Chat checks it before the app', async () => {
        const answer = await request('PUT', 'livechat/transcript/abc');
        expect(answer.status).toBe(401);
        expect(JSON.parse(answer.text)).toEqual({ status: 'error', message: 'You must be logged in to do this.' });
    });
});

describe('11. query parameters arrive as Rocket.Chat parses them', () => {
    test.each([
        ['token=a&token=b', 'Match error: Expected string, got object in field token'],
        ['token[a]=b', 'Match error: Expected string, got object in field token'],
        ['token[]=a', 'Match error: Expected string, got object in field token'],
        ['rid=a&rid=b&token=x', 'Match error: Expected string, got object in field rid'],
        ['', "Match error: Missing key 'token'"],
    ])('?%s', async (query, error) => {
        const answer = await ws.expectUnchanged(() => ws.api('GET', `livechat/room?${query}`));
        expect(answer.status).toBe(400);
        expect(answer.body).toEqual({ success: false, error });
    });

    test('the visitor’s own token still works after a refused repeat', async () => {
        const { rid, visitor: { token } } = await openRoom();
        expect((await ws.api('GET', `livechat/room?token=${token}&token=${token}`)).status).toBe(400);
        expect((await ws.api('GET', `livechat/room?token=${token}`)).body).toMatchObject({ success: true, room: { _id: rid } });
    });
});
