// `rc-apps deploy` (the real apps-cli) installs the app into a running local workspace and updates
// it; an update over pending, due and failed-with-retry requests loses nothing and keeps settings.
import { execFile } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { startedWorkspace } from './fixtures';
import { DemoUser, TestWorkspace } from './workspace';

// eslint-disable-next-line @typescript-eslint/no-var-requires
const AdmZip = require('adm-zip');
// Node 20's web API globals (the project's @types/node is 16's).
const { fetch, FormData, Blob } = globalThis as any;

const ROOT = path.join(__dirname, '..', '..');
const APP_JSON = JSON.parse(fs.readFileSync(path.join(ROOT, 'app.json'), 'utf8'));
const ZIP = path.join(ROOT, 'dist', `${APP_JSON.nameSlug}_${APP_JSON.version}.zip`);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** `npm run deploy -- --url … --username … --password …`; answers the CLI's output. */
function npmDeploy(ws: TestWorkspace, user: DemoUser): Promise<string> {
    return new Promise((resolve, reject) => {
        execFile('npm', ['run', 'deploy', '--', '--url', ws.url(''), '--username', user.username, '--password', user.authToken], { cwd: ROOT, timeout: 150_000 }, (error, stdout, stderr) =>
            error ? reject(new Error(`${error.message}\n${stdout}\n${stderr}`)) : resolve(stdout + stderr),
        );
    });
}

describe('npm run deploy (rc-apps deploy) against the local workspace', () => {
    const { ws, users } = startedWorkspace();

    test('installs the app into a workspace that does not have it, then a second deploy updates it', async () => {
        await ws.dev('POST', 'app/uninstall');
        expect(await ws.dev('GET', 'app')).toMatchObject({ status: 'not-installed' });

        const installed = await npmDeploy(ws, users.admin);
        expect(installed).not.toContain('App already exists');
        expect(await ws.dev('GET', 'app')).toMatchObject({ appId: APP_JSON.id, status: expect.stringMatching(/enabled/), version: APP_JSON.version });
        const rid = ((await ws.snapshot()) as any).rooms.find((r: any) => r.type === 'l' && r.open).id;
        expect((await ws.api('GET', `livechat/transcript/${rid}`, { user: users.manager })).body).toMatchObject({ errorType: 'error-transcript-not-requested' });

        const updated = await npmDeploy(ws, users.admin);
        expect(updated).toContain('App already exists - updating it.');
        expect(await ws.dev('GET', 'app')).toMatchObject({ appId: APP_JSON.id, status: expect.stringMatching(/enabled/) });
        expect((await ws.api('POST', `livechat/transcript/${rid}`, { user: users.manager, body: { email: 'vera@example.com', subject: 'After deploy' } })).body).toEqual({ success: true });
        expect(ws.output).not.toMatch(/\[WARNING\]/);
    }, 330_000);

    test('answers what the CLI asks as Rocket.Chat does: bad password, non-admin', async () => {
        const login = await ws.request('POST', '/api/v1/login', { body: { username: 'admin', password: 'wrong' } });
        expect(login.status).toBe(401);
        expect(login.body).toMatchObject({ status: 'error' });
        const asAgent = await ws.request('GET', `/api/apps/${APP_JSON.id}`, { user: users.agent });
        expect(asAgent.status).toBe(403);
        const anonymous = await ws.request('GET', `/api/apps/${APP_JSON.id}`);
        expect(anonymous.status).toBe(401);
        expect((await ws.request('GET', '/api/apps/no-such-app', { user: users.admin })).status).toBe(404);
    });
});

describe('updating the app loses nothing', () => {
    const { ws, users, openRoom, requestEmail, transcriptOf, emailsWith } = startedWorkspace();

    const close = (rid: string) => ws.dev('POST', `rooms/${rid}/close`, { userId: users.agent.id });

    /** The packaged zip with another version in app.json, uploaded as `rc-apps deploy` uploads it. */
    async function deployVersion(version: string): Promise<void> {
        const zip = new AdmZip(ZIP);
        zip.updateFile('app.json', Buffer.from(JSON.stringify({ ...APP_JSON, version }, null, 4)));
        const form = new FormData();
        form.append('app', new Blob([zip.toBuffer()]), `${APP_JSON.nameSlug}_${version}.zip`);
        form.append('permissions', JSON.stringify(APP_JSON.permissions));
        const response = await fetch(ws.url(`/api/apps/${APP_JSON.id}`), { method: 'POST', body: form, headers: { 'X-User-Id': users.admin.id, 'X-Auth-Token': users.admin.authToken } });
        expect(await response.json()).toMatchObject({ success: true, app: { version } });
    }

    test('waiting, due and failed-with-retry requests are each delivered exactly once after an update; settings are kept', async () => {
        await ws.dev('POST', 'settings/app', { id: 'delivery_retry_delays_minutes', value: '0.25' });
        // Waiting: an email ordered on an open room.
        const waiting = await openRoom();
        await requestEmail(waiting.rid, 'Waiting');
        // Failed with a retry scheduled: an email and a PDF whose first attempt failed.
        const emailRetry = await openRoom();
        await requestEmail(emailRetry.rid, 'Retried');
        await ws.dev('POST', 'faults', { target: 'email', mode: 'fail', count: 1 });
        await close(emailRetry.rid);
        await ws.waitFor(async () => (await transcriptOf(emailRetry.rid))?.lastError, 20_000, 'the failed email attempt');
        const pdfRetry = await openRoom();
        await close(pdfRetry.rid);
        await ws.dev('POST', 'faults', { target: 'upload', mode: 'fail', count: 1 });
        expect((await ws.api('POST', `omnichannel/${pdfRetry.rid}/request-transcript`, { user: users.agent })).body).toEqual({ success: true });
        await ws.waitFor(async () => (await transcriptOf(pdfRetry.rid))?.pdf?.lastError, 30_000, 'the failed PDF attempt');
        // Due: closed just before the update, its job not yet run (the workspace's job queue held, as when it is busy).
        const due = await openRoom();
        await requestEmail(due.rid, 'Due');
        await ws.dev('POST', 'scheduler', { paused: true });
        await close(due.rid);
        await ws.waitFor(async () => !!(await transcriptOf(due.rid))?.dueAt, 20_000, 'the due email');
        expect((await transcriptOf(due.rid)).sendingSince).toBeUndefined();

        await deployVersion('0.1.1-update-test');
        await ws.dev('POST', 'scheduler', { paused: false });
        expect(await ws.dev('GET', 'app')).toMatchObject({ version: '0.1.1-update-test', status: expect.stringMatching(/enabled/), settings: { delivery_retry_delays_minutes: '0.25' } });

        await close(waiting.rid);
        for (const { rid } of [waiting, emailRetry, due]) {
            await ws.waitFor(async () => (await transcriptOf(rid))?.status === 'sent', 150_000, `email of ${rid}`);
        }
        await ws.waitFor(async () => (await transcriptOf(pdfRetry.rid))?.pdf?.status === 'sent', 150_000, 'the PDF');
        await sleep(2000);
        for (const subject of ['Waiting', 'Retried', 'Due']) {
            expect(await emailsWith(subject)).toHaveLength(1);
        }
        const pdf = (await transcriptOf(pdfRetry.rid)).pdf;
        const fileName = pdf.fileName ?? pdf.parts?.[0]?.fileName;
        const pdfs = (await ws.dev('GET', 'uploads')).uploads.filter((u: any) => u.name === fileName);
        expect(pdfs).toHaveLength(2); // the room's copy and the requester's
    }, 420_000);
});
