// The local workspace's HTTP server: app endpoints under /api/apps/public/<appId>/,
// as Rocket.Chat routes them, and dev-only routes under /dev/.
import * as fs from 'fs';
import * as http from 'http';
import * as path from 'path';
import { URL } from 'url';
import { RequestMethod } from 'apps-engine-server/definition/accessors';
import * as qs from 'qs';
import { DeployRoutes } from './deployRoutes';
import { DevRoutes } from './devRoutes';
import { LocalEngine } from './engine';
import { WorkspacePage } from './page/server';

// eslint-disable-next-line @typescript-eslint/no-var-requires
const pathToRegexp: (path: string, keys: Array<{ name: string | number }>, options: object) => RegExp = require('path-to-regexp');

const MAX_BODY_BYTES = 8 * 1024 * 1024;
/** Past this much more, an over-long body is not read to its end: the connection is closed. */
const MAX_DISCARDED_BYTES = 64 * 1024 * 1024;
/** Arrays and objects nested deeper than this are refused before the engine (much deeper, it fails or hangs). */
export const MAX_JSON_DEPTH = 32;

export class HttpError extends Error {
    constructor(public readonly status: number, public readonly body: object, public readonly headers: Record<string, string> = {}) {
        super(JSON.stringify(body));
    }
}

const invalidBody = (error: string) => new HttpError(400, { success: false, error: `${error} [invalid-params]`, errorType: 'invalid-params' });

/**
 * Parses a JSON body. A body with a `__proto__` key, or nested deeper than MAX_JSON_DEPTH, is
 * refused: the first stops the engine's Deno runtime from reading, the second makes it fail or
 * hang, so neither may reach the engine.
 */
export function parseJsonBody(raw: string): unknown {
    if (raw.trim() === '') {
        return {};
    }
    if (jsonDepth(raw) > MAX_JSON_DEPTH) {
        throw invalidBody(`A request body may not nest arrays and objects more than ${MAX_JSON_DEPTH} levels deep`);
    }
    let hasProtoKey = false;
    let parsed: unknown;
    try {
        parsed = JSON.parse(raw, function (key, value) {
            if (key === '__proto__') {
                hasProtoKey = true;
            }
            return value;
        });
    } catch {
        throw invalidBody('Malformed JSON body');
    }
    if (hasProtoKey) {
        throw invalidBody('A "__proto__" key is not allowed in a request body');
    }
    return parsed;
}

/** How deep arrays and objects nest in a JSON text, counted without parsing it. */
export function jsonDepth(raw: string): number {
    let depth = 0;
    let deepest = 0;
    let inString = false;
    for (let i = 0; i < raw.length; i++) {
        const char = raw[i];
        if (inString) {
            if (char === '\\') {
                i++;
            } else if (char === '"') {
                inString = false;
            }
        } else if (char === '"') {
            inString = true;
        } else if (char === '{' || char === '[') {
            deepest = Math.max(deepest, ++depth);
        } else if (char === '}' || char === ']') {
            depth--;
        }
    }
    return deepest;
}

/**
 * The body as text. Over MAX_BODY_BYTES the rest is read and dropped, and the answer is 413 once
 * the client has sent it all: answered sooner, the connection would close while the client is
 * still sending, and it would see the connection reset instead of the 413. Past
 * MAX_DISCARDED_BYTES more the 413 goes at once and the connection closes after it.
 */
function readBody(req: http.IncomingMessage): Promise<string> {
    return new Promise((resolve, reject) => {
        let chunks: Buffer[] = [];
        let size = 0;
        const tooLarge = (headers: Record<string, string> = {}) =>
            new HttpError(413, { success: false, error: `Request body larger than ${MAX_BODY_BYTES} bytes [error-payload-too-large]`, errorType: 'error-payload-too-large' }, headers);
        const onData = (chunk: Buffer) => {
            size += chunk.length;
            if (size <= MAX_BODY_BYTES) {
                chunks.push(chunk);
            } else if (size <= MAX_BODY_BYTES + MAX_DISCARDED_BYTES) {
                chunks = [];
            } else {
                req.off('data', onData);
                req.pause();
                reject(tooLarge({ Connection: 'close' }));
            }
        };
        req.on('data', onData);
        req.on('end', () => (size > MAX_BODY_BYTES ? reject(tooLarge()) : resolve(Buffer.concat(chunks).toString('utf8'))));
        req.on('error', reject);
    });
}

/**
 * The query string as Rocket.Chat's app router (Express 4, "extended" parser: qs) hands it to
 * the engine: a repeated parameter becomes an array, `a[b]=c` an object; `__proto__` keys are dropped.
 */
export function parseQuery(search: string): Record<string, unknown> {
    return qs.parse(search.replace(/^\?/, ''), { allowPrototypes: true });
}

/**
 * What Rocket.Chat's app router answers when the engine fails a call (e.g. for a method the
 * endpoint object lacks, "<path>'s put not exists"; this app's endpoints answer every method
 * themselves, see lib/rest/methodNotAllowed.ts): 500 with the message as text.
 */
function engineFailure(reason: unknown): { status: number; content: string; headers: Record<string, string> } {
    return { status: 500, content: String((reason as Error)?.message ?? reason), headers: { 'Content-Type': 'text/html; charset=utf-8' } };
}

function send(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
    const isBuffer = Buffer.isBuffer(body);
    const payload = isBuffer ? body : typeof body === 'string' ? body : JSON.stringify(body ?? {});
    res.writeHead(status, { 'Content-Type': isBuffer ? 'application/octet-stream' : typeof body === 'string' ? 'text/plain; charset=utf-8' : 'application/json', ...headers });
    res.end(payload);
}

/**
 * Matches a request path against an app endpoint as Rocket.Chat does: its app router is Express 4's
 * `router.all('/' + endpoint.path, …)` (apps/meteor/app/apps/server/bridges/api.ts), so the path
 * is compiled by the path-to-regexp Express 4 uses (not strict, not case-sensitive, to the end), and
 * params are built as Express's Layer.match does: one per key, by name (`:rid`) or index (`*`),
 * URL-decoded. Answers undefined when the path does not match.
 */
export function matchAppRoute(endpointPath: string, requestPath: string): Record<string, string> | undefined {
    const keys: Array<{ name: string | number }> = [];
    const pattern = pathToRegexp(`/${endpointPath.trim().replace(/^\//, '')}`, keys, { sensitive: false, strict: false, end: true });
    const match = pattern.exec(requestPath);
    if (!match) {
        return undefined;
    }
    const params: Record<string, string> = {};
    keys.forEach((key, i) => {
        const value = match[i + 1];
        if (value !== undefined || !(key.name in params)) {
            params[key.name] = decodeParam(value);
        }
    });
    return params;
}

function decodeParam(value: string): string {
    if (typeof value !== 'string' || value.length === 0) {
        return value;
    }
    try {
        return decodeURIComponent(value);
    } catch {
        // Express answers 400 "Failed to decode param '<value>'"; here in Rocket.Chat's shape.
        throw new HttpError(400, { success: false, error: `Failed to decode param '${value}' [invalid-params]`, errorType: 'invalid-params' });
    }
}

export function createServer(engine: LocalEngine): http.Server {
    const devRoutes = new DevRoutes(engine);
    const deployRoutes = new DeployRoutes(engine);
    const page = new WorkspacePage(engine);

    /** What `rc-apps deploy` calls (dev/deployRoutes.ts). */
    async function handleDeploy(req: http.IncomingMessage, res: http.ServerResponse, url: URL): Promise<void> {
        const answer = await deployRoutes.handle(req, url, async () => parseJsonBody(await readBody(req)));
        return answer ? send(res, answer.status, answer.body) : send(res, 404, { success: false, error: 'Not found' });
    }

    async function handleAppApi(req: http.IncomingMessage, res: http.ServerResponse, url: URL, appId: string, subPath: string): Promise<void> {
        const apis = engine.bridges.api.apis.get(appId) || [];
        for (const api of apis) {
            const params = matchAppRoute(api.endpoint.path, `/${subPath}`);
            if (!params) {
                continue;
            }
            const user = authenticate(req);
            if (api.endpoint.authRequired && !user) {
                return send(res, 401, { status: 'error', message: 'You must be logged in to do this.' });
            }
            const body = parseJsonBody(await readBody(req));
            const response = await engine.manager
                .getApiManager()
                .executeApi(appId, api.endpoint.path, {
                    method: (req.method || 'GET').toLowerCase() as RequestMethod,
                    headers: req.headers as Record<string, string>,
                    query: parseQuery(url.search) as Record<string, string>,
                    params,
                    content: body,
                    user: user ? engine.convert.user(user) : undefined,
                })
                .catch(engineFailure);
            return send(res, response.status, response.content, (response.headers || {}) as Record<string, string>);
        }
        send(res, 404, { success: false, error: 'Not found' });
    }

    function authenticate(req: http.IncomingMessage) {
        const userId = req.headers['x-user-id'];
        const token = req.headers['x-auth-token'];
        return typeof userId === 'string' && typeof token === 'string' ? engine.ws.userByToken(userId, token) : undefined;
    }

    return http.createServer((req, res) => {
        const url = new URL(req.url || '/', 'http://localhost');
        const appRoute = /^\/api\/apps\/public\/([^/]+)\/(.+)$/.exec(url.pathname);
        const work = appRoute
            ? handleAppApi(req, res, url, appRoute[1], appRoute[2])
            : url.pathname.startsWith('/dev/')
              ? readBody(req).then((raw) => devRoutes.handle(req.method || 'GET', url, parseJsonBody(raw) as Record<string, any>)).then((r) => send(res, r.status, r.body, r.headers))
              : url.pathname.startsWith('/api/')
                ? handleDeploy(req, res, url)
                : url.pathname === '/assets/logo.png'
                  ? Promise.resolve(sendLogo(res))
                  : WorkspacePage.owns(url.pathname)
                  ? page.handle(req.method || 'GET', url).then((r) => send(res, r.status, r.body, r.headers))
                  : Promise.resolve(send(res, 404, { success: false, error: 'Not found' }));
        work.catch((error) => {
            if (error instanceof HttpError) {
                return send(res, error.status, error.body, error.headers);
            }
            console.error('[http]', error);
            send(res, 500, { success: false, error: 'Internal error' });
        });
    });
}

/** Rocket.Chat serves its logo at /assets/logo.png, which its default email header shows: here, the app's icon. */
function sendLogo(res: http.ServerResponse): void {
    res.writeHead(200, { 'Content-Type': 'image/png', 'Cache-Control': 'no-store' });
    res.end(fs.readFileSync(path.join(__dirname, '..', 'icon.png')));
}
