import { AppBridges } from 'apps-engine-server/server/bridges';
import { Converter } from '../convert';
import { Faults } from '../faults';
import { JsonStore } from '../store';
import { Workspace } from '../workspace';
import { LocalEmailBridge } from './email';
import { LocalLivechatBridge } from './livechat';
import { LocalPersistenceBridge } from './persistence';
import {
    LocalApiBridge,
    LocalAppActivationBridge,
    LocalAppDetailChangesBridge,
    LocalCommandBridge,
    LocalFederationBridge,
    LocalInternalBridge,
    LocalServerSettingBridge,
} from './platform';
import { LocalMessageBridge, LocalRoomBridge } from './rooms';
import { LocalSchedulerBridge } from './scheduler';
import { LocalUiInteractionBridge } from './ui';
import { LocalUploadBridge } from './uploads';
import { LocalUserBridge } from './users';

/**
 * A bridge this workspace does not model: every call fails. Not the engine's own class, as some
 * (Contact, Experimental, OutboundMessage) do not exist in older engines.
 */
const unsupported = (name: string): any =>
    new Proxy(
        {},
        {
            get: (_target, method) =>
                method === 'then'
                    ? undefined
                    : () => {
                          throw new Error(`The local workspace does not model the ${name} bridge (${String(method)})`);
                      },
        },
    );

export class LocalBridges extends AppBridges {
    public readonly api = new LocalApiBridge();
    public readonly commands = new LocalCommandBridge();
    public readonly activation = new LocalAppActivationBridge();
    public readonly scheduler: LocalSchedulerBridge;
    public readonly ui = new LocalUiInteractionBridge();
    private readonly livechat: LocalLivechatBridge;
    private readonly room: LocalRoomBridge;
    private readonly message: LocalMessageBridge;
    private readonly user: LocalUserBridge;
    private readonly upload: LocalUploadBridge;
    private readonly email: LocalEmailBridge;
    private readonly persistence: LocalPersistenceBridge;
    private readonly serverSetting: LocalServerSettingBridge;
    private readonly internal: LocalInternalBridge;
    private readonly federation: LocalFederationBridge;
    private readonly detailChanges = new LocalAppDetailChangesBridge();

    constructor(ws: Workspace, store: JsonStore, faults: Faults) {
        super();
        const convert = new Converter(ws);
        this.scheduler = new LocalSchedulerBridge(store);
        this.livechat = new LocalLivechatBridge(ws, convert);
        this.room = new LocalRoomBridge(ws, convert);
        this.message = new LocalMessageBridge(ws, convert);
        this.user = new LocalUserBridge(ws, convert);
        this.upload = new LocalUploadBridge(ws, convert, faults);
        this.email = new LocalEmailBridge(ws, faults);
        this.persistence = new LocalPersistenceBridge(store, faults);
        this.serverSetting = new LocalServerSettingBridge(ws);
        this.internal = new LocalInternalBridge(ws);
        this.federation = new LocalFederationBridge(store);
    }

    public getCommandBridge = () => this.commands;
    public getApiBridge = () => this.api;
    public getAppActivationBridge = () => this.activation;
    public getSchedulerBridge = () => this.scheduler;
    public getLivechatBridge = () => this.livechat;
    public getRoomBridge = () => this.room;
    public getMessageBridge = () => this.message;
    public getUserBridge = () => this.user;
    public getUploadBridge = () => this.upload;
    public getEmailBridge = () => this.email;
    public getPersistenceBridge = () => this.persistence;
    public getServerSettingBridge = () => this.serverSetting;
    public getInternalBridge = () => this.internal;
    public getInternalFederationBridge = () => this.federation;
    public getAppDetailChangesBridge = () => this.detailChanges;
    public getUiInteractionBridge = () => this.ui;
    // Events reach the engine through its listener manager directly (see engine.ts).
    public getListenerBridge = () => unsupported('Listener');
    public getRoleBridge = () => unsupported('Role');
    public getHttpBridge = () => unsupported('Http');
    public getEnvironmentalVariableBridge = () => unsupported('EnvironmentalVariable');
    public getCloudWorkspaceBridge = () => unsupported('CloudWorkspace');
    public getVideoConferenceBridge = () => unsupported('VideoConference');
    public getOAuthAppsBridge = () => unsupported('OAuthApps');
    public getModerationBridge = () => unsupported('Moderation');
    public getThreadBridge = () => unsupported('Thread');
    public getContactBridge = () => unsupported('Contact');
    public getExperimentalBridge = () => unsupported('Experimental');
    public getOutboundMessageBridge = () => unsupported('OutboundMessage');
}
