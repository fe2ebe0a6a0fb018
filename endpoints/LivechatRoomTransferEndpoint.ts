// POST livechat/room.transfer {rid, token, department} (public): the visitor moves to another department.
import { IHttp, IModify, IRead } from '@rocket.chat/apps-engine/definition/accessors';
import { ApiEndpoint, IApiEndpointInfo, IApiRequest, IApiResponse } from '@rocket.chat/apps-engine/definition/api';
import { ILivechatRoom } from '@rocket.chat/apps-engine/definition/livechat';
import { failure, invalidParams, success } from '../lib/rest/errors';
import { roomView } from '../lib/rest/roomView';
import { validate, VISITOR_TRANSFER } from '../lib/rest/validation';
import { answer, findLivechatRoom } from '../services/guards';
import { transferThroughWorkspace } from '../services/workspaceTransfer';
import { requireVisitor, requireVisitorRoom, requireWithinRateLimit } from '../services/visitors';

export class LivechatRoomTransferEndpoint extends ApiEndpoint {
    public path = 'livechat/room.transfer';
    public authRequired = false;

    public async post(request: IApiRequest, _e: IApiEndpointInfo, read: IRead, modify: IModify, _h: IHttp): Promise<IApiResponse> {
        return answer(this.app.getLogger(), async () => {
            const problem = validate(request.content, VISITOR_TRANSFER);
            if (problem) {
                return invalidParams(problem);
            }
            const { rid, token, department } = request.content as { rid: string; token: string; department: string };
            await requireWithinRateLimit(read, token, rid);
            const visitor = await requireVisitor(read, token);
            const room = await requireVisitorRoom(read, visitor, rid);
            if (!room.isOpen) {
                return failure('room-closed');
            }
            const target = await read.getLivechatReader().getLivechatDepartmentByIdOrName(department);
            if (!target || !target.enabled) {
                return failure('invalid-department');
            }
            const refused = await transferThroughWorkspace(read, modify, visitor, { currentRoom: room, targetDepartment: target.id }, 'error-transferring-visitor');
            if (refused) {
                return failure(refused);
            }
            const after = (await findLivechatRoom(read, rid)) as ILivechatRoom;
            const view = roomView({ ...after, departmentId: after.department?.id });
            return success({ room: { _id: view._id, servedBy: view.servedBy, open: view.open, departmentId: view.departmentId } });
        }) as Promise<IApiResponse>;
    }
}
