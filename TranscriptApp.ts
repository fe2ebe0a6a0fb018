import { IAppAccessors, IConfigurationExtend, IEnvironmentRead, IHttp, ILogger, IModify, IPersistence, IRead } from '@rocket.chat/apps-engine/definition/accessors';
import { ApiSecurity, ApiVisibility } from '@rocket.chat/apps-engine/definition/api';
import { App } from '@rocket.chat/apps-engine/definition/App';
import { ILivechatRoom, IPostLivechatRoomClosed } from '@rocket.chat/apps-engine/definition/livechat';
import { IAppInfo } from '@rocket.chat/apps-engine/definition/metadata';
import { SettingType } from '@rocket.chat/apps-engine/definition/settings';
import { RoomTypeFilter, UIActionButtonContext } from '@rocket.chat/apps-engine/definition/ui';
import {
    IUIKitInteractionHandler,
    IUIKitResponse,
    UIKitActionButtonInteractionContext,
    UIKitBlockInteractionContext,
    UIKitViewSubmitInteractionContext,
} from '@rocket.chat/apps-engine/definition/uikit';
import { LivechatRoomCloseByUserEndpoint } from './endpoints/LivechatRoomCloseByUserEndpoint';
import { LivechatRoomCloseEndpoint } from './endpoints/LivechatRoomCloseEndpoint';
import { LivechatRoomEndpoint } from './endpoints/LivechatRoomEndpoint';
import { LivechatRoomForwardEndpoint } from './endpoints/LivechatRoomForwardEndpoint';
import { LivechatRoomSurveyEndpoint } from './endpoints/LivechatRoomSurveyEndpoint';
import { LivechatRoomTransferEndpoint } from './endpoints/LivechatRoomTransferEndpoint';
import { LivechatTranscriptEndpoint } from './endpoints/LivechatTranscriptEndpoint';
import { RequestPdfTranscriptEndpoint } from './endpoints/RequestPdfTranscriptEndpoint';
import { VisitorTranscriptEndpoint } from './endpoints/VisitorTranscriptEndpoint';
import { DeliveryProcessor } from './handlers/DeliveryProcessor';
import { RetentionProcessor } from './handlers/RetentionProcessor';
import { handleRoomClosed } from './handlers/RoomClosedHandler';
import { SweepProcessor } from './handlers/SweepProcessor';
import { refuseOtherMethods } from './lib/rest/methodNotAllowed';
import { panelRoles, SETTINGS } from './lib/settings';
import { asCall } from './lib/turns';
import { PANEL_BUTTON } from './lib/ui/ids';
import { TranscriptCommand } from './slashcommands/TranscriptCommand';
import { emailModalSubmit } from './ui/EmailModalSubmit';
import { openPanelButton } from './ui/OpenPanelButton';
import { panelActionHandler } from './ui/PanelActionHandler';
import { UiCall } from './ui/panelSurface';

const SETTING_TYPES = { string: SettingType.STRING, boolean: SettingType.BOOLEAN, int: SettingType.NUMBER, select: SettingType.SELECT };

export class TranscriptApp extends App implements IPostLivechatRoomClosed, IUIKitInteractionHandler {
    constructor(info: IAppInfo, logger: ILogger, accessors: IAppAccessors) {
        super(info, logger, accessors);
    }

    public async executePostLivechatRoomClosed(room: ILivechatRoom, read: IRead, _http: IHttp, persis: IPersistence, modify: IModify): Promise<void> {
        await asCall(() => handleRoomClosed(room, read, modify, persis));
    }

    // The Transcript panel: the room button, the panel's buttons, the email modal (ui/).
    public async executeActionButtonHandler(context: UIKitActionButtonInteractionContext, read: IRead, _h: IHttp, persis: IPersistence, modify: IModify): Promise<IUIKitResponse> {
        return asCall(() => openPanelButton(this.uiCall(context.getInteractionData(), read, modify, persis), context));
    }

    public async executeBlockActionHandler(context: UIKitBlockInteractionContext, read: IRead, _h: IHttp, persis: IPersistence, modify: IModify): Promise<IUIKitResponse> {
        return asCall(() => panelActionHandler(this.uiCall(context.getInteractionData(), read, modify, persis), context));
    }

    public async executeViewSubmitHandler(context: UIKitViewSubmitInteractionContext, read: IRead, _h: IHttp, persis: IPersistence, modify: IModify): Promise<IUIKitResponse> {
        return asCall(() => emailModalSubmit(this.uiCall(context.getInteractionData(), read, modify, persis), context));
    }

    protected async extendConfiguration(configuration: IConfigurationExtend, environmentRead: IEnvironmentRead): Promise<void> {
        for (const setting of SETTINGS) {
            await configuration.settings.provideSetting({
                id: setting.id,
                type: SETTING_TYPES[setting.type],
                packageValue: setting.packageValue,
                required: false,
                public: false,
                i18nLabel: `setting_${setting.id}`,
                i18nDescription: `setting_${setting.id}_description`,
                ...(setting.values ? { values: setting.values.map((key) => ({ key, i18nLabel: `setting_${setting.id}_${key}` })) } : {}),
                ...(setting.multiline ? { multiline: true } : {}),
            });
        }
        // `:rid` is registered as `*` (lib/rest/pathParams.ts): the same URLs, on engines before 1.60 too.
        const endpoints = [
            new LivechatTranscriptEndpoint(this), //         livechat/transcript/:rid             GET POST DELETE
            new RequestPdfTranscriptEndpoint(this), //       omnichannel/:rid/request-transcript  POST
            new LivechatRoomCloseByUserEndpoint(this), //    livechat/room.closeByUser            POST
            new LivechatRoomEndpoint(this), //               livechat/room                        GET (visitor)
            new LivechatRoomCloseEndpoint(this), //          livechat/room.close                  POST (visitor)
            new LivechatRoomTransferEndpoint(this), //       livechat/room.transfer               POST (visitor)
            new LivechatRoomForwardEndpoint(this), //        livechat/room.forward                POST
            new LivechatRoomSurveyEndpoint(this), //         livechat/room.survey                 POST (visitor)
            new VisitorTranscriptEndpoint(this), //          livechat/transcript                  POST (visitor)
        ];
        await configuration.api.provideApi({ visibility: ApiVisibility.PUBLIC, security: ApiSecurity.UNSECURE, endpoints });
        // After registering, so that the workspace lists only the methods each endpoint implements.
        endpoints.forEach((endpoint) => refuseOtherMethods(endpoint));
        // Shown to the roles that may order transcripts as the settings stood when the app started (README "The Transcript panel").
        configuration.ui.registerButton({
            actionId: PANEL_BUTTON,
            context: UIActionButtonContext.ROOM_ACTION,
            labelI18n: 'ui_button_transcript',
            when: { roomTypes: [RoomTypeFilter.LIVE_CHAT], hasOneRole: await panelRoles((id) => environmentRead.getSettings().getValueById(id)) },
        });
        await configuration.scheduler.registerProcessors([new DeliveryProcessor(this), new SweepProcessor(this), new RetentionProcessor()]);
        // Last: on re-enable the engine still knows the command and refuses it again.
        await configuration.slashCommands.provideSlashCommand(new TranscriptCommand());
    }

    private uiCall(data: { user: UiCall['user']; triggerId?: string }, read: IRead, modify: IModify, persis: IPersistence): UiCall {
        return { appId: this.getID(), read, modify, persis, user: data.user, triggerId: data.triggerId || '' };
    }
}
