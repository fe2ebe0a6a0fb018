// The packaged zip installs in the real Apps-Engine (Deno runtime, permission checks on) and works.
import { startedWorkspace } from './fixtures';
import { TestWorkspace } from './workspace';

describe('the app in the local workspace', () => {
    const { ws, users } = startedWorkspace();
    let room: { id: string };

    beforeAll(async () => {
        const state = await ws.snapshot() as any;
        room = state.rooms.find((r: any) => r.type === 'l' && r.open);
    });

    test('installs from the packaged zip and is enabled', async () => {
        const app = await ws.dev('GET', 'app');
        expect(app.appId).toBe('55194074-dff7-48be-9bf3-22250a4e20c7');
        expect(['auto_enabled', 'manually_enabled']).toContain(app.status);
    });

    test('installing the zip prints no compiler warning', () => {
        // The engine compiles the app with esbuild at install and load; its warnings land in the workspace log.
        expect(ws.output).toContain('READY');
        expect(ws.output).not.toMatch(/\[WARNING\]|warning TS|Duplicate key/);
    });

    test('an endpoint answers through /api/apps/public/<appId>/…', async () => {
        const anonymous = await ws.api('GET', `livechat/transcript/${room.id}`);
        expect(anonymous.status).toBe(401);
        expect(anonymous.body).toEqual({ status: 'error', message: 'You must be logged in to do this.' });
        const asAgent = await ws.api('GET', `livechat/transcript/${room.id}`, { user: users.agent });
        expect(asAgent.body).toMatchObject({ success: false, errorType: 'error-transcript-not-requested' });
    });

    test('/transcript is registered', async () => {
        const result = await ws.dev('POST', 'slash', { userId: users.agent.id, roomId: room.id, command: '/transcript help' });
        expect(result.notifications.length).toBeGreaterThan(0);
        expect(result.notifications[0].text).toContain('/transcript');
    });

    test('closing a room reaches the app', async () => {
        const requested = await ws.api('POST', `livechat/transcript/${room.id}`, { user: users.manager, body: { email: 'vera@example.com', subject: 'Smoke' } });
        expect(requested.body).toEqual({ success: true });
        await ws.dev('POST', `rooms/${room.id}/close`, { comment: 'done' });
        const email = await ws.waitFor(async () => (await ws.dev('GET', 'outbox')).emails.find((e: any) => e.subject === 'Smoke'), 20_000, 'the transcript email');
        expect(email.to).toEqual(['vera@example.com']);
    });
});

describe('permission checks are on', () => {
    const ws = new TestWorkspace({ withheldPermissions: ['persistence'] });

    beforeAll(() => ws.start());
    afterAll(() => ws.stop());

    test('a call the app makes without its permission is denied', async () => {
        const users = await ws.users();
        const state = (await ws.snapshot()) as any;
        const room = state.rooms.find((r: any) => r.type === 'l' && r.open);
        const answer = await ws.api('POST', `livechat/transcript/${room.id}`, { user: users.manager, body: { email: 'vera@example.com', subject: 'x' } });
        expect(answer.status).toBe(500);
        expect(ws.output).toMatch(/lacks the following permissions:\s*\["persistence"\]/);
        expect(state.persistence).toEqual({});
    });
});
