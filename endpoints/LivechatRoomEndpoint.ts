// GET livechat/room?token=…&rid=… (public): the visitor's open room, or a new one.
import { IHttp, IModify, IRead } from '@rocket.chat/apps-engine/definition/accessors';
import { ApiEndpoint, IApiEndpointInfo, IApiRequest, IApiResponse } from '@rocket.chat/apps-engine/definition/api';
import { ILivechatRoom } from '@rocket.chat/apps-engine/definition/livechat';
import { IUser } from '@rocket.chat/apps-engine/definition/users';
import { failure, success } from '../lib/rest/errors';
import { roomView } from '../lib/rest/roomView';
import { checkRoomQuery } from '../lib/rest/validation';
import { answer } from '../services/guards';
import { requireVisitor, requireVisitorRoom, requireWithinRateLimit } from '../services/visitors';

export class LivechatRoomEndpoint extends ApiEndpoint {
    public path = 'livechat/room';
    public authRequired = false;

    public async get(request: IApiRequest, _e: IApiEndpointInfo, read: IRead, modify: IModify, _h: IHttp): Promise<IApiResponse> {
        return answer(this.app.getLogger(), async () => {
            const problem = checkRoomQuery(request.query || {});
            if (problem) {
                return failure(problem);
            }
            const { token, rid } = request.query;
            await requireWithinRateLimit(read, token, rid);
            const visitor = await requireVisitor(read, token);
            if (rid !== undefined) {
                const room = await requireVisitorRoom(read, visitor, rid);
                return success({ room: view(room), newRoom: false });
            }
            const rooms = await read.getLivechatReader().getLivechatRooms(visitor);
            const open = rooms.find((r) => r.isOpen);
            if (open) {
                return success({ room: view(open), newRoom: false });
            }
            const created = await modify.getCreator().getLivechatCreator().createRoom(visitor, undefined as unknown as IUser);
            return success({ room: view(created), newRoom: true });
        }) as Promise<IApiResponse>;
    }
}

function view(room: ILivechatRoom): Record<string, unknown> {
    return roomView({ ...room, departmentId: room.department?.id });
}
