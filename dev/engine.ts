// Runs the real Apps-Engine (AppManager, Deno runtime) against the local workspace.
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { AppStatus, AppStatusUtils } from 'apps-engine-server/definition/AppStatus';
import { AppInterface } from 'apps-engine-server/definition/metadata';
import { IPermission } from 'apps-engine-server/definition/permissions/IPermission';
import { IRoom } from 'apps-engine-server/definition/rooms';
import { SlashCommandContext } from 'apps-engine-server/definition/slashcommands';
import { IUser } from 'apps-engine-server/definition/users';
import { AppManager } from 'apps-engine-server/server/AppManager';
import { AppFabricationFulfillment } from 'apps-engine-server/server/compiler';
import { LocalBridges } from './bridges';
import { Converter } from './convert';
import { Faults } from './faults';
import { LocalLogStorage, LocalMetadataStorage, LocalSourceStorage } from './storage';
import { JsonStore } from './store';
import { DevRoom, DevUser, Workspace } from './workspace';

export interface EngineOptions {
    dataDir: string;
    zipPath: string;
    /** Permissions of app.json to withhold (tests use it to prove the checks are on). */
    withheldPermissions?: string[];
    log?: (line: string) => void;
}

export class LocalEngine {
    public readonly store: JsonStore;
    public readonly ws: Workspace;
    public readonly faults: Faults;
    public readonly bridges: LocalBridges;
    public readonly convert: Converter;
    public readonly manager: AppManager;
    public appId = '';
    private readonly log: (line: string) => void;

    constructor(private readonly options: EngineOptions) {
        if (process.env.NODE_ENV === 'test') {
            // The engine skips every permission check under NODE_ENV=test; a workspace never does.
            throw new Error('Refusing to run the Apps-Engine with NODE_ENV=test: permission checks would be off');
        }
        this.log = options.log || ((line) => console.log(line));
        this.store = new JsonStore(path.join(options.dataDir, 'db'));
        this.ws = new Workspace(this.store);
        this.faults = new Faults(this.store);
        this.convert = new Converter(this.ws);
        this.bridges = new LocalBridges(this.ws, this.store, this.faults);
        const tempDir = path.join(options.dataDir, 'tmp');
        fs.mkdirSync(tempDir, { recursive: true });
        this.manager = new AppManager({
            metadataStorage: new LocalMetadataStorage(this.store),
            logStorage: new LocalLogStorage((entry) => this.echoAppLog(entry)),
            bridges: this.bridges,
            sourceStorage: new LocalSourceStorage(path.join(options.dataDir, 'apps')),
            tempFilePath: tempDir,
        });
        this.ws.on('roomClosed', (room: DevRoom) => void this.notifyRoomClosed(room));
    }

    /** Installs (or updates to) the packaged zip, grants app.json's permissions and enables it. */
    public async start(): Promise<void> {
        const zip = fs.readFileSync(this.options.zipPath);
        await this.manager.load();
        const digest = createHash('sha256').update(zip).digest('hex');
        const [installed] = await this.manager.get();
        if (!installed || this.store.get('engine', 'zip')?.digest !== digest) {
            this.failOnFabricationErrors(await this.install(zip, await this.grantedPermissions(zip), !!installed));
        }
        this.store.put('engine', 'zip', { digest });
        const app = (await this.manager.get())[0];
        this.appId = app.getID();
        if (!AppStatusUtils.isEnabled(await app.getStatus())) {
            await this.manager.enable(this.appId);
        }
        // The runtime can report a stale status after a failed initialize; the activation bridge hears the real one.
        const status = this.bridges.activation.statuses.get(this.appId) || (await app.getStatus());
        if (!AppStatusUtils.isEnabled(status) || !this.bridges.api.apis.has(this.appId)) {
            throw new Error(`The app ${app.getName()} did not start: status ${status}, endpoints ${this.bridges.api.apis.has(this.appId) ? '' : 'not '}registered. See the errors above.`);
        }
        this.bridges.scheduler.start();
    }

    /** Installs a zip, or updates the installed app to it, as Rocket.Chat's POST /api/apps[/:id] does. */
    public async install(zip: Buffer, permissions: IPermission[], update: boolean): Promise<AppFabricationFulfillment> {
        const result = update
            ? await this.manager.update(zip, permissions, { loadApp: true, user: this.adminUser() })
            : await this.manager.add(zip, { enable: true, permissionsGranted: permissions, user: this.adminUser() });
        const app = result.getApp?.();
        if (app) {
            this.appId = app.getID();
        }
        return result;
    }

    public async stop(): Promise<void> {
        this.bridges.scheduler.stop();
        await this.manager.unload(false);
    }

    public async disableApp(): Promise<void> {
        await this.manager.disable(this.appId, AppStatus.MANUALLY_DISABLED);
    }

    public async enableApp(): Promise<void> {
        await this.manager.enable(this.appId);
    }

    /** Removes the app, as Administration → Apps → Uninstall does (a deploy then installs it anew). */
    public async uninstallApp(): Promise<boolean> {
        await this.manager.remove(this.appId, { user: this.adminUser() });
        this.appId = '';
        return true;
    }

    public async status(): Promise<AppStatus> {
        return this.manager.getOneById(this.appId).getStatus();
    }

    public async runSlashCommand(user: DevUser, room: DevRoom, text: string): Promise<void> {
        const [command, params] = commandWords(text);
        const context = new SlashCommandContext(this.convert.user(user), this.convert.room(room) as IRoom, params);
        await this.manager.getCommandManager().executeCommand(command, context);
    }

    public async slashCommandPreviews(user: DevUser, room: DevRoom, text: string) {
        const [command, params] = commandWords(text);
        const context = new SlashCommandContext(this.convert.user(user), this.convert.room(room) as IRoom, params);
        return this.manager.getCommandManager().getPreviews(command, context);
    }

    public adminUser(): IUser {
        const admin = this.ws.users().find((u) => u.roles.includes('admin'));
        return admin ? this.convert.user(admin) : ({ id: 'system', username: 'system', roles: ['admin'] } as unknown as IUser);
    }

    /** What a workspace does after closing a livechat room: tell every app. Dev routes replay it as a duplicate event. */
    public async notifyRoomClosed(room: DevRoom): Promise<void> {
        try {
            await this.manager.getListenerManager().executeListener(AppInterface.IPostLivechatRoomClosed, this.convert.room(room) as any);
        } catch (error) {
            this.log(`[engine] IPostLivechatRoomClosed failed for ${room.id}: ${(error as Error).message}`);
        }
    }

    public async grantedPermissions(zip: Buffer): Promise<IPermission[]> {
        const { info } = await this.manager.getParser().unpackageApp(zip);
        const withheld = new Set(this.options.withheldPermissions || []);
        return (info.permissions || []).filter((p) => !withheld.has(p.name));
    }

    private failOnFabricationErrors(result: any): void {
        const compilerErrors = result.getCompilerErrors?.() || [];
        const problems = [...compilerErrors.map((e: any) => e.message), result.getStorageError?.(), result.getAppUserError?.()?.message].filter(Boolean);
        if (problems.length) {
            throw new Error(`Installing the app failed: ${problems.join('; ')}`);
        }
    }

    private echoAppLog(entry: { appId: string; method: string; entries: Array<{ severity: string; args: unknown[] }> }): void {
        for (const line of entry.entries) {
            if (line.severity === 'error' || line.severity === 'warning' || process.env.APP_LOG === 'all') {
                this.log(`[app ${entry.method}] ${line.severity}: ${line.args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' ')}`);
            }
        }
    }
}

/**
 * "/transcript email a@b.co Hi" -> ['transcript', ['email', 'a@b.co', 'Hi']]: the command ends at
 * the first white space and its parameters are split on single spaces, as Rocket.Chat does (line
 * breaks and tabs stay inside a word).
 */
function commandWords(text: string): [string, string[]] {
    const [, command = '', params = ''] = /^\/?(\S*)\s?([\s\S]*)$/.exec(text) || [];
    return [command, params === '' ? [] : params.split(' ')];
}

