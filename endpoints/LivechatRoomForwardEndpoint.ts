// POST livechat/room.forward {roomId, userId?, departmentId?}: staff hand a conversation over.
import { IHttp, IModify, IRead } from '@rocket.chat/apps-engine/definition/accessors';
import { ApiEndpoint, IApiEndpointInfo, IApiRequest, IApiResponse } from '@rocket.chat/apps-engine/definition/api';
import { hasAnyRole } from '../lib/access';
import { failure, invalidParams, success, unauthorized } from '../lib/rest/errors';
import { ROOM_FORWARD, validate } from '../lib/rest/validation';
import { readAppSettings } from '../services/appSettings';
import { answer, findLivechatRoom, Rejection, requireCaller } from '../services/guards';
import { transferThroughWorkspace } from '../services/workspaceTransfer';

const LIVECHAT_AGENT = 'livechat-agent';

export class LivechatRoomForwardEndpoint extends ApiEndpoint {
    public path = 'livechat/room.forward';
    public authRequired = true;

    public async post(request: IApiRequest, _e: IApiEndpointInfo, read: IRead, modify: IModify, _h: IHttp): Promise<IApiResponse> {
        return answer(this.app.getLogger(), async () => {
            const user = requireCaller(request);
            const problem = validate(request.content, ROOM_FORWARD);
            if (problem) {
                return invalidParams(problem);
            }
            const { roomId, userId, departmentId } = request.content as { roomId: string; userId?: string; departmentId?: string };
            if (!userId && !departmentId) {
                return invalidParams("must have required property 'userId' or 'departmentId'");
            }
            const room = await findLivechatRoom(read, roomId);
            const servesRoom = !!room && room.servedBy?.id === user.id;
            if (!servesRoom && !hasAnyRole({ id: user.id, roles: user.roles || [] }, (await readAppSettings(read)).transferRoles)) {
                throw new Rejection(unauthorized());
            }
            if (!room) {
                return failure('error-invalid-room');
            }
            if (!room.isOpen) {
                return failure('This_conversation_is_already_closed');
            }
            // Rocket.Chat forwards only to a livechat agent, and only to a department that exists and is enabled (a disabled one has no agent to take the chat).
            const targetDepartment = departmentId ? await read.getLivechatReader().getLivechatDepartmentByIdOrName(departmentId) : undefined;
            if (departmentId && !targetDepartment) {
                return failure('error-invalid-department');
            }
            const targetAgent = userId ? await read.getUserReader().getById(userId) : undefined;
            if (userId && !targetAgent?.roles?.includes(LIVECHAT_AGENT)) {
                return failure('error-user-is-offline');
            }
            if (targetDepartment && !targetDepartment.enabled) {
                return failure('error-no-agents-online-in-department');
            }
            if (targetAgent && targetAgent.id === room.servedBy?.id) {
                return failure('error-forwarding-chat');
            }
            const refused = await transferThroughWorkspace(read, modify, room.visitor, { currentRoom: room, targetAgent, targetDepartment: targetDepartment?.id }, 'error-forwarding-chat');
            return refused ? failure(refused) : success();
        }) as Promise<IApiResponse>;
    }
}
