// The bridges for the workspace's own machinery: routes, commands, settings, app status.
import { generateKeyPairSync } from 'crypto';
import { ISetting } from 'apps-engine-server/definition/settings';
import { ISlashCommand } from 'apps-engine-server/definition/slashcommands';
import { AppStatus } from 'apps-engine-server/definition/AppStatus';
import { ProxiedApp } from 'apps-engine-server/server/ProxiedApp';
import { ApiBridge } from 'apps-engine-server/server/bridges/ApiBridge';
import { AppActivationBridge } from 'apps-engine-server/server/bridges/AppActivationBridge';
import { AppDetailChangesBridge } from 'apps-engine-server/server/bridges/AppDetailChangesBridge';
import { CommandBridge } from 'apps-engine-server/server/bridges/CommandBridge';
import { IInternalBridge } from 'apps-engine-server/server/bridges/IInternalBridge';
import { IInternalFederationBridge } from 'apps-engine-server/server/bridges/IInternalFederationBridge';
import { ServerSettingBridge } from 'apps-engine-server/server/bridges/ServerSettingBridge';
import { AppApi } from 'apps-engine-server/server/managers/AppApi';
import { JsonStore } from '../store';
import { Workspace } from '../workspace';

/** Keeps each app's endpoints so the HTTP server can route to them. */
export class LocalApiBridge extends ApiBridge {
    public readonly apis = new Map<string, AppApi[]>();

    protected async registerApi(api: AppApi, appId: string): Promise<void> {
        this.apis.set(appId, [...(this.apis.get(appId) || []).filter((a) => a.endpoint.path !== api.endpoint.path), api]);
    }

    protected async unregisterApis(appId: string): Promise<void> {
        this.apis.delete(appId);
    }
}

export class LocalCommandBridge extends CommandBridge {
    public readonly commands = new Map<string, { appId: string; command: ISlashCommand; enabled: boolean }>();

    protected async doesCommandExist(command: string): Promise<boolean> {
        return this.commands.has(command);
    }

    protected async enableCommand(command: string): Promise<void> {
        this.setEnabled(command, true);
    }

    protected async disableCommand(command: string): Promise<void> {
        this.setEnabled(command, false);
    }

    protected async modifyCommand(command: ISlashCommand, appId: string): Promise<void> {
        this.commands.set(command.command, { appId, command, enabled: true });
    }

    protected async registerCommand(command: ISlashCommand, appId: string): Promise<void> {
        this.commands.set(command.command, { appId, command, enabled: true });
    }

    protected async unregisterCommand(command: string): Promise<void> {
        this.commands.delete(command);
    }

    private setEnabled(command: string, enabled: boolean): void {
        const entry = this.commands.get(command);
        if (entry) {
            entry.enabled = enabled;
        }
    }
}

export class LocalAppActivationBridge extends AppActivationBridge {
    public readonly statuses = new Map<string, AppStatus>();

    protected async appAdded(): Promise<void> {}

    protected async appUpdated(): Promise<void> {}

    protected async appRemoved(app: ProxiedApp): Promise<void> {
        this.statuses.delete(app.getID());
    }

    protected async appStatusChanged(app: ProxiedApp, status: AppStatus): Promise<void> {
        this.statuses.set(app.getID(), status);
    }

    protected async actionsChanged(): Promise<void> {}
}

export class LocalAppDetailChangesBridge extends AppDetailChangesBridge {
    protected onAppSettingsChange(): void {}
}

/** Site name, URL, language and sender address, as an admin would set them. */
export class LocalServerSettingBridge extends ServerSettingBridge {
    constructor(private readonly ws: Workspace) {
        super();
    }

    protected async getAll(): Promise<ISetting[]> {
        return Object.keys(this.ws.store.collection('server-settings')).map((id) => this.setting(id));
    }

    protected async getOneById(id: string): Promise<ISetting> {
        return this.setting(id);
    }

    protected async isReadableById(): Promise<boolean> {
        return true;
    }

    protected async hideGroup(): Promise<void> {}

    protected async hideSetting(): Promise<void> {}

    protected async updateOne(setting: ISetting): Promise<void> {
        this.ws.setServerSetting(setting.id, setting.value);
    }

    protected async incrementValue(id: string, value: number): Promise<void> {
        this.ws.setServerSetting(id, Number(this.ws.serverSetting(id) || 0) + value);
    }

    private setting(id: string): ISetting {
        const value = this.ws.serverSetting(id);
        return { id, value, packageValue: value, type: 'string', required: false, public: true, i18nLabel: id } as unknown as ISetting;
    }
}

export class LocalInternalBridge implements IInternalBridge {
    constructor(private readonly ws: Workspace) {}

    public async doGetUsernamesOfRoomById(roomId: string): Promise<string[]> {
        return this.doGetUsernamesOfRoomByIdSync(roomId);
    }

    public doGetUsernamesOfRoomByIdSync(roomId: string): string[] {
        const room = this.ws.room(roomId);
        return (room?.memberIds || []).map((id) => this.ws.user(id)?.username || this.ws.visitor(id)?.username).filter((u): u is string => !!u);
    }

    public async doGetWorkspacePublicKey(): Promise<ISetting> {
        return { id: 'Cloud_Workspace_PublicKey', value: '' } as unknown as ISetting;
    }
}

/** The key pair the engine signs installed apps with; kept in the data folder. */
export class LocalFederationBridge implements IInternalFederationBridge {
    constructor(private readonly store: JsonStore) {}

    public async getPrivateKey(): Promise<string> {
        return this.keys().privateKey;
    }

    public async getPublicKey(): Promise<string> {
        return this.keys().publicKey;
    }

    private keys(): { privateKey: string; publicKey: string } {
        const existing = this.store.get<{ privateKey: string; publicKey: string }>('keys', 'signing');
        if (existing) {
            return existing;
        }
        const pair = generateKeyPairSync('rsa', {
            modulusLength: 2048,
            publicKeyEncoding: { type: 'spki', format: 'pem' },
            privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
        });
        return this.store.put('keys', 'signing', pair);
    }
}
