import { IAppAccessors, IConfigurationExtend, IHttp, ILogger, IModify, IPersistence, IRead } from '@rocket.chat/apps-engine/definition/accessors';
import { ApiSecurity, ApiVisibility } from '@rocket.chat/apps-engine/definition/api';
import { App } from '@rocket.chat/apps-engine/definition/App';
import { ILivechatRoom, IPostLivechatRoomClosed } from '@rocket.chat/apps-engine/definition/livechat';
import { IAppInfo } from '@rocket.chat/apps-engine/definition/metadata';
import { SettingType } from '@rocket.chat/apps-engine/definition/settings';
import { LivechatRoomCloseByUserEndpoint } from './endpoints/LivechatRoomCloseByUserEndpoint';
import { LivechatRoomCloseEndpoint } from './endpoints/LivechatRoomCloseEndpoint';
import { LivechatRoomEndpoint } from './endpoints/LivechatRoomEndpoint';
import { LivechatRoomForwardEndpoint } from './endpoints/LivechatRoomForwardEndpoint';
import { LivechatRoomSurveyEndpoint } from './endpoints/LivechatRoomSurveyEndpoint';
import { LivechatRoomTransferEndpoint } from './endpoints/LivechatRoomTransferEndpoint';
import { LivechatTranscriptEndpoint } from './endpoints/LivechatTranscriptEndpoint';
import { RequestPdfTranscriptEndpoint } from './endpoints/RequestPdfTranscriptEndpoint';
import { DeliveryProcessor } from './handlers/DeliveryProcessor';
import { handleRoomClosed } from './handlers/RoomClosedHandler';
import { SweepProcessor } from './handlers/SweepProcessor';
import { SETTINGS } from './lib/settings';
import { TranscriptCommand } from './slashcommands/TranscriptCommand';

const SETTING_TYPES = { string: SettingType.STRING, boolean: SettingType.BOOLEAN, int: SettingType.NUMBER };

export class TranscriptApp extends App implements IPostLivechatRoomClosed {
    constructor(info: IAppInfo, logger: ILogger, accessors: IAppAccessors) {
        super(info, logger, accessors);
    }

    public async executePostLivechatRoomClosed(room: ILivechatRoom, read: IRead, _http: IHttp, persis: IPersistence, modify: IModify): Promise<void> {
        await handleRoomClosed(room, read, modify, persis);
    }

    protected async extendConfiguration(configuration: IConfigurationExtend): Promise<void> {
        for (const setting of SETTINGS) {
            await configuration.settings.provideSetting({
                id: setting.id,
                type: SETTING_TYPES[setting.type],
                packageValue: setting.packageValue,
                required: false,
                public: false,
                i18nLabel: `setting_${setting.id}`,
                i18nDescription: `setting_${setting.id}_description`,
            });
        }
        await configuration.api.provideApi({
            visibility: ApiVisibility.PUBLIC,
            security: ApiSecurity.UNSECURE,
            // `:rid` is registered as `*` (lib/pathParams.ts): the same URLs, on engines before 1.60 too.
            endpoints: [
                new LivechatTranscriptEndpoint(this), //         livechat/transcript/:rid             GET POST DELETE
                new RequestPdfTranscriptEndpoint(this), //       omnichannel/:rid/request-transcript  POST
                new LivechatRoomCloseByUserEndpoint(this), //    livechat/room.closeByUser            POST
                new LivechatRoomEndpoint(this), //               livechat/room                        GET (visitor)
                new LivechatRoomCloseEndpoint(this), //          livechat/room.close                  POST (visitor)
                new LivechatRoomTransferEndpoint(this), //       livechat/room.transfer               POST (visitor)
                new LivechatRoomForwardEndpoint(this), //        livechat/room.forward                POST
                new LivechatRoomSurveyEndpoint(this), //         livechat/room.survey                 POST (visitor)
            ],
        });
        await configuration.scheduler.registerProcessors([new DeliveryProcessor(), new SweepProcessor()]);
        // Last: on re-enable the engine still knows the command and refuses it again.
        await configuration.slashCommands.provideSlashCommand(new TranscriptCommand());
    }
}
