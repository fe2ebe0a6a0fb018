// The workspace page's server (dev/page/server.ts) over HTTP, without a browser: its policies,
// and that it serves its own files and nothing else.
import * as http from 'http';
import { buildPageIfMissing } from '../../build/page';
import { TestWorkspace } from '../integration/workspace';

const ws = new TestWorkspace();

beforeAll(() => Promise.all([ws.start(), buildPageIfMissing()]), 120_000);
afterAll(() => ws.stop());

/** Status, headers (by lower-case name) and body text of one request. */
const headersOf = (pathname: string, method = 'GET') =>
    new Promise<{ status: number; headers: { get(name: string): string | undefined }; text: string }>((resolve, reject) => {
        http.request(ws.url(pathname), { method, agent: false }, (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (chunk: Buffer) => chunks.push(chunk));
            res.on('end', () => {
                const header = (name: string) => {
                    const value = res.headers[name.toLowerCase()];
                    return Array.isArray(value) ? value.join(', ') : value;
                };
                resolve({ status: res.statusCode || 0, headers: { get: header }, text: Buffer.concat(chunks).toString('utf8') });
            });
        })
            .on('error', reject)
            .end();
    });

test('the page runs its own script only, and no other site may frame it', async () => {
    const page = await headersOf('/');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const policy = page.headers.get('content-security-policy') || '';
    expect(policy).toContain("script-src 'self'");
    expect(policy).toContain("frame-ancestors 'none'");
    expect(policy).not.toMatch(/script-src[^;]*unsafe/);
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    expect(page.text).toContain('<script src="/page/main.js"></script>');
    expect((await headersOf('/page/main.js')).headers.get('content-type')).toBe('text/javascript; charset=utf-8');
});

test('an email\'s HTML is served in a sandbox of its own', async () => {
    const { emails } = await ws.dev('GET', 'outbox');
    expect(emails).toEqual([]);
    // The demo room's transcript, ordered, then sent when the visitor closes the room.
    const users = await ws.users();
    const room = ((await ws.snapshot()) as any).rooms.find((r: any) => r.type === 'l');
    const ordered = await ws.api('POST', `livechat/transcript/${room.id}`, { user: users.manager, body: { email: 'vera@example.com', subject: 'Sandboxed' } });
    expect(ordered.status).toBe(200);
    await ws.dev('POST', `rooms/${room.id}/close`, {});
    const [email] = await ws.waitFor(async () => {
        const sent = (await ws.dev('GET', 'outbox')).emails;
        return sent.length > 0 && sent;
    }, 30_000, 'the email');
    const html = await headersOf(`/page/outbox/${email.id}/html`);
    expect(html.status).toBe(200);
    expect(html.headers.get('content-security-policy')).toMatch(/^sandbox; default-src 'none';/);
    expect(html.text).toContain('Hello! My order #1042 has not arrived yet.');
    const parts = JSON.parse((await headersOf(`/page/outbox/${email.id}`)).text);
    expect(parts).toMatchObject({ id: email.id, subject: 'Sandboxed', hasHtml: true });
    expect(parts.text).toContain('Hello! My order #1042 has not arrived yet.');
});

test('nothing but the bundle\'s files; nothing but GET', async () => {
    for (const pathname of ['/page/../package.json', '/page/%2e%2e%2fpackage.json', '/page/..%2Fapp.json', '/page/main.ts', '/page/outbox/nope', '/page/outbox/nope/html']) {
        expect((await headersOf(pathname)).status).toBe(404);
    }
    const post = await headersOf('/', 'POST');
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET');
});
