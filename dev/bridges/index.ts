import { AppBridges, IListenerBridge } from 'apps-engine-server/server/bridges';
import { CloudWorkspaceBridge } from 'apps-engine-server/server/bridges/CloudWorkspaceBridge';
import { ContactBridge } from 'apps-engine-server/server/bridges/ContactBridge';
import { EnvironmentalVariableBridge } from 'apps-engine-server/server/bridges/EnvironmentalVariableBridge';
import { ExperimentalBridge } from 'apps-engine-server/server/bridges/ExperimentalBridge';
import { HttpBridge } from 'apps-engine-server/server/bridges/HttpBridge';
import { ModerationBridge } from 'apps-engine-server/server/bridges/ModerationBridge';
import { OAuthAppsBridge } from 'apps-engine-server/server/bridges/OAuthAppsBridge';
import { OutboundMessageBridge } from 'apps-engine-server/server/bridges/OutboundMessagesBridge';
import { RoleBridge } from 'apps-engine-server/server/bridges/RoleBridge';
import { ThreadBridge } from 'apps-engine-server/server/bridges/ThreadBridge';
import { UiInteractionBridge } from 'apps-engine-server/server/bridges/UiInteractionBridge';
import { VideoConferenceBridge } from 'apps-engine-server/server/bridges/VideoConferenceBridge';
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
import { LocalUploadBridge } from './uploads';
import { LocalUserBridge } from './users';

/** A bridge this workspace does not model: the engine gets an instance whose calls fail. */
const unsupported = <T>(Bridge: abstract new (...args: any[]) => T): T => new (Bridge as unknown as new () => T)();

export class LocalBridges extends AppBridges {
    public readonly api = new LocalApiBridge();
    public readonly commands = new LocalCommandBridge();
    public readonly activation = new LocalAppActivationBridge();
    public readonly scheduler: LocalSchedulerBridge;
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
    // Events reach the engine through its listener manager directly (see engine.ts).
    public getListenerBridge = () => unsupported(NoListenerBridge);
    public getRoleBridge = () => unsupported(RoleBridge);
    public getHttpBridge = () => unsupported(HttpBridge);
    public getEnvironmentalVariableBridge = () => unsupported(EnvironmentalVariableBridge);
    public getUiInteractionBridge = () => unsupported(UiInteractionBridge);
    public getCloudWorkspaceBridge = () => unsupported(CloudWorkspaceBridge);
    public getVideoConferenceBridge = () => unsupported(VideoConferenceBridge);
    public getOAuthAppsBridge = () => unsupported(OAuthAppsBridge);
    public getModerationBridge = () => unsupported(ModerationBridge);
    public getThreadBridge = () => unsupported(ThreadBridge);
    public getContactBridge = () => unsupported(ContactBridge);
    public getExperimentalBridge = () => unsupported(ExperimentalBridge);
    public getOutboundMessageBridge = () => unsupported(OutboundMessageBridge);
}

abstract class NoListenerBridge implements IListenerBridge {
    public abstract messageEvent(): Promise<void>;
    public abstract roomEvent(): Promise<void>;
    public abstract uiKitInteractionEvent(): Promise<void>;
}
