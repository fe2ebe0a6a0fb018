// omnichannel/:rid/request-transcript: queue the PDF of a closed conversation, as Rocket.Chat's
// endpoint of the same path. The PDF is rendered and uploaded by a scheduler job.
import { IHttp, IModify, IPersistence, IRead } from '@rocket.chat/apps-engine/definition/accessors';
import { ApiEndpoint, IApiEndpointInfo, IApiRequest, IApiResponse } from '@rocket.chat/apps-engine/definition/api';
import { failure, success, typedFailure } from '../lib/rest/errors';
import { PDF_TRANSCRIPT_PATH, roomIdParam } from '../lib/rest/pathParams';
import { readAppSettings } from '../services/appSettings';
import { answer, findLivechatRoom, requireCaller, requireRole, requireRoomAccess } from '../services/guards';
import { REFUSAL_KEYS } from '../lib/uploadRules';
import { callerLanguage, translator } from '../services/i18n';
import { pdfRefusal, placePdf, requesterOf } from '../services/transcriptOrders';

export class RequestPdfTranscriptEndpoint extends ApiEndpoint {
    public path = PDF_TRANSCRIPT_PATH; // omnichannel/:rid/request-transcript
    public authRequired = true;

    public async post(request: IApiRequest, _e: IApiEndpointInfo, read: IRead, modify: IModify, _h: IHttp, persis: IPersistence): Promise<IApiResponse> {
        return answer(this.app.getLogger(), async () => {
            const user = requireCaller(request);
            requireRole(user, (await readAppSettings(read)).requestPdfRoles);
            const room = await findLivechatRoom(read, roomIdParam(request.params));
            if (!room) {
                return failure('error-invalid-room');
            }
            if (room.isOpen) {
                return failure('room-still-open');
            }
            requireRoomAccess(user, room, failure('error-not-allowed'));
            const refused = await pdfRefusal(read);
            if (refused) {
                return typedFailure(refused, translator().t(await callerLanguage(read, user), REFUSAL_KEYS[refused]));
            }
            // As Rocket.Chat's: success whether a PDF is queued, on its way, or the room's archive PDF is sent to the caller.
            await placePdf(read, modify, persis, room, requesterOf(user));
            return success();
        }) as Promise<IApiResponse>;
    }
}
