// The part of Rocket.Chat's REST API that `rc-apps deploy` (apps-cli 1.9, lib/misc/deployHelpers.js)
// calls, answered as Rocket.Chat answers it:
//   GET  /api/info                  server version (the CLI picks its zip format from it)
//   POST /api/v1/login              {username, password} -> {status:'success', data:{userId, authToken, me}}
//   GET  /api/v1/me                 the caller (X-User-Id / X-Auth-Token)
//   GET  /api/apps/:id              {success, app} or 404: tells the CLI whether to install or update
//   POST /api/apps, /api/apps/:id   multipart `app` (the zip) and `permissions` (JSON): install / update
// In the local workspace a user's password is their auth token (printed by `npm start`). Apps are
// managed by admins only (Rocket.Chat's manage-apps permission).
import Busboy from 'busboy';
import * as http from 'http';
import { URL } from 'url';
import { IPermission } from 'apps-engine-server/definition/permissions/IPermission';
import { LocalEngine } from './engine';
import { DevUser } from './workspace';

/** What GET /api/info reports; the CLI only checks that it is at least 3.8. */
const SERVER_VERSION = '7.0.0';
const MAX_ZIP_BYTES = 64 * 1024 * 1024;

export interface ApiAnswer {
    status: number;
    body: unknown;
}

const unauthorized = (): ApiAnswer => ({ status: 401, body: { status: 'error', message: 'You must be logged in to do this.' } });
const forbidden = (): ApiAnswer => ({ status: 403, body: { success: false, error: 'User does not have the permissions required for this action [error-unauthorized]' } });
const failure = (status: number, body: object): ApiAnswer => ({ status, body: { success: false, ...body } });

export class DeployRoutes {
    constructor(private readonly engine: LocalEngine) {}

    /** Answers a deploy call, or undefined when the path is not one. */
    public async handle(req: http.IncomingMessage, url: URL, readJson: () => Promise<unknown>): Promise<ApiAnswer | undefined> {
        const method = req.method || 'GET';
        const app = /^\/api\/apps(?:\/([^/]+))?\/?$/.exec(url.pathname);
        if (method === 'GET' && url.pathname === '/api/info') {
            return { status: 200, body: { version: SERVER_VERSION, success: true } };
        }
        if (method === 'POST' && url.pathname === '/api/v1/login') {
            return this.login(await readJson());
        }
        if (method === 'GET' && url.pathname === '/api/v1/me') {
            const user = this.caller(req);
            return user ? { status: 200, body: { ...this.me(user), success: true } } : unauthorized();
        }
        if (!app || (method !== 'GET' && method !== 'POST') || (method === 'GET' && !app[1])) {
            return undefined;
        }
        const user = this.caller(req);
        if (!user) {
            return unauthorized();
        }
        if (!user.roles.includes('admin')) {
            return forbidden();
        }
        return method === 'GET' ? this.getApp(decodeURIComponent(app[1])) : this.deploy(req, app[1] ? decodeURIComponent(app[1]) : undefined);
    }

    private login(body: unknown): ApiAnswer {
        const { username, password } = (body || {}) as { username?: unknown; password?: unknown };
        const user = typeof username === 'string' ? this.engine.ws.userByUsername(username) : undefined;
        if (!user || !user.authToken || password !== user.authToken) {
            return { status: 401, body: { status: 'error', error: 'Unauthorized', message: 'Unauthorized' } };
        }
        return { status: 200, body: { status: 'success', data: { userId: user.id, authToken: user.authToken, me: this.me(user) } } };
    }

    private me(user: DevUser) {
        return { _id: user.id, username: user.username, name: user.name, roles: user.roles, emails: user.emails.map((address) => ({ address, verified: true })), active: true };
    }

    private caller(req: http.IncomingMessage): DevUser | undefined {
        const userId = req.headers['x-user-id'];
        const token = req.headers['x-auth-token'];
        return typeof userId === 'string' && typeof token === 'string' ? this.engine.ws.userByToken(userId, token) : undefined;
    }

    private async getApp(id: string): Promise<ApiAnswer> {
        const app = this.engine.manager.getOneById(id);
        if (!app) {
            return failure(404, { error: `No App found by the id of: ${id}` });
        }
        return { status: 200, body: { app: { ...app.getInfo(), status: await app.getStatus() }, success: true } };
    }

    private async deploy(req: http.IncomingMessage, id: string | undefined): Promise<ApiAnswer> {
        const form = await readMultipart(req);
        if (!form.app) {
            return failure(400, { error: 'Failed to get a file to install for the App. ' });
        }
        if (id && !this.engine.manager.getOneById(id)) {
            return failure(404, { error: `No App found by the id of: ${id}` });
        }
        let permissions: IPermission[];
        try {
            permissions = form.permissions ? JSON.parse(form.permissions) : await this.engine.grantedPermissions(form.app);
        } catch {
            return failure(400, { error: 'Invalid permissions' });
        }
        const result: any = await this.engine.install(form.app, permissions, !!id);
        const compilerErrors = result.getCompilerErrors?.() || [];
        if (compilerErrors.length) {
            return failure(400, { status: 'compiler_error', messages: compilerErrors });
        }
        if (result.hasStorageError?.()) {
            return failure(400, { status: 'storage_error', messages: [result.getStorageError()] });
        }
        if (result.hasAppUserError?.()) {
            return failure(400, { status: 'app_user_error', messages: [result.getAppUserError().message] });
        }
        const app = result.getApp();
        return { status: 200, body: { app: { ...result.getAppInfo(), status: await app.getStatus() }, implemented: result.getImplementedInferfaces(), success: true } };
    }
}

/** The `app` file and `permissions` field of a multipart upload. */
function readMultipart(req: http.IncomingMessage): Promise<{ app?: Buffer; permissions?: string }> {
    return new Promise((resolve, reject) => {
        const form: { app?: Buffer; permissions?: string } = {};
        let parser: Busboy.Busboy;
        try {
            parser = Busboy({ headers: req.headers, limits: { fileSize: MAX_ZIP_BYTES, files: 1 } });
        } catch (error) {
            reject(error);
            return;
        }
        parser.on('file', (name, stream) => {
            const chunks: Buffer[] = [];
            stream.on('data', (chunk: Buffer) => chunks.push(chunk));
            stream.on('end', () => {
                if (name === 'app') {
                    form.app = Buffer.concat(chunks);
                }
            });
        });
        parser.on('field', (name, value) => {
            if (name === 'permissions') {
                form.permissions = value;
            }
        });
        parser.on('close', () => resolve(form));
        parser.on('error', reject);
        req.pipe(parser);
    });
}
