// POST livechat/room.survey {rid, token, data: [{name, value}]} (public): the visitor rates the chat.
import { IHttp, IModify, IPersistence, IRead } from '@rocket.chat/apps-engine/definition/accessors';
import { ApiEndpoint, IApiEndpointInfo, IApiRequest, IApiResponse } from '@rocket.chat/apps-engine/definition/api';
import { failure, invalidParams, success } from '../lib/rest/errors';
import { parseSurvey } from '../lib/survey';
import { validate, VISITOR_ROOM } from '../lib/rest/validation';
import { answer } from '../services/guards';
import { saveRoomDetails } from '../services/roomDetails';
import { requireVisitor, requireVisitorRoom, requireWithinRateLimit } from '../services/visitors';

export class LivechatRoomSurveyEndpoint extends ApiEndpoint {
    public path = 'livechat/room.survey';
    public authRequired = false;

    public async post(request: IApiRequest, _e: IApiEndpointInfo, read: IRead, _m: IModify, _h: IHttp, persis: IPersistence): Promise<IApiResponse> {
        return answer(this.app.getLogger(), async () => {
            const { data, ...identity } = (request.content || {}) as { data?: unknown; rid?: string; token?: string };
            const problem = validate(identity, VISITOR_ROOM) || (data === undefined ? "must have required property 'data'" : undefined);
            if (problem) {
                return invalidParams(problem);
            }
            const { rid, token } = identity as { rid: string; token: string };
            await requireWithinRateLimit(read, token, rid);
            const visitor = await requireVisitor(read, token);
            const room = await requireVisitorRoom(read, visitor, rid);
            const survey = parseSurvey(data);
            if (!survey) {
                return failure('invalid-data');
            }
            const details = await saveRoomDetails(read.getPersistenceReader(), persis, room.id, { survey });
            return success({ rid: room.id, data: details.survey });
        }) as Promise<IApiResponse>;
    }
}
