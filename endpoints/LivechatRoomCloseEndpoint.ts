// POST livechat/room.close {rid, token} (public): the visitor closes their own conversation.
import { IHttp, IModify, IRead } from '@rocket.chat/apps-engine/definition/accessors';
import { ApiEndpoint, IApiEndpointInfo, IApiRequest, IApiResponse } from '@rocket.chat/apps-engine/definition/api';
import { failure, invalidParams, success } from '../lib/rest/errors';
import { validate, VISITOR_ROOM } from '../lib/rest/validation';
import { readAppSettings } from '../services/appSettings';
import { answer } from '../services/guards';
import { closeThroughWorkspace } from '../services/workspaceClose';
import { requireVisitor, requireVisitorRoom, requireWithinRateLimit } from '../services/visitors';

const CLOSED_BY_VISITOR = 'Closed by visitor';

export class LivechatRoomCloseEndpoint extends ApiEndpoint {
    public path = 'livechat/room.close';
    public authRequired = false;

    public async post(request: IApiRequest, _e: IApiEndpointInfo, read: IRead, modify: IModify, _h: IHttp): Promise<IApiResponse> {
        return answer(this.app.getLogger(), async () => {
            const problem = validate(request.content, VISITOR_ROOM);
            if (problem) {
                return invalidParams(problem);
            }
            const { rid, token } = request.content as { rid: string; token: string };
            await requireWithinRateLimit(read, token, rid);
            const visitor = await requireVisitor(read, token);
            const room = await requireVisitorRoom(read, visitor, rid);
            if (!room.isOpen) {
                return failure('room-closed');
            }
            if (!(await readAppSettings(read)).visitorsCanClose) {
                return failure('error-not-allowed-to-close-conversation');
            }
            const refused = await closeThroughWorkspace(read, modify, room, CLOSED_BY_VISITOR);
            if (refused) {
                return failure(refused);
            }
            return success({ rid: room.id, comment: CLOSED_BY_VISITOR });
        }) as Promise<IApiResponse>;
    }
}
