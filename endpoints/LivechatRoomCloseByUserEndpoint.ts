// POST livechat/room.closeByUser: an agent closes a conversation and orders its transcripts.
// They are stored before the close (services/transcriptOrders.ts), so the room-closed handler delivers them.
import { IHttp, IModify, IPersistence, IRead } from '@rocket.chat/apps-engine/definition/accessors';
import { ApiEndpoint, IApiEndpointInfo, IApiRequest, IApiResponse } from '@rocket.chat/apps-engine/definition/api';
import { hasAnyRole } from '../lib/access';
import { failure, invalidParams, success, typedFailure, unauthorized } from '../lib/rest/errors';
import { CLOSE_BY_USER, validate } from '../lib/rest/validation';
import { readAppSettings } from '../services/appSettings';
import { answer, findLivechatRoom, Rejection, requireCaller } from '../services/guards';
import { CloseEmailChoice, prepareClose } from '../services/transcriptOrders';
import { closeThroughWorkspace, foreseenCloseRefusal } from '../services/workspaceClose';

interface CloseByUserBody {
    rid: string;
    comment?: string;
    tags?: string[];
    generateTranscriptPdf?: boolean;
    forceClose?: boolean;
    transcriptEmail?: CloseEmailChoice;
}

export class LivechatRoomCloseByUserEndpoint extends ApiEndpoint {
    public path = 'livechat/room.closeByUser';
    public authRequired = true;

    public async post(request: IApiRequest, _e: IApiEndpointInfo, read: IRead, modify: IModify, _h: IHttp, persis: IPersistence): Promise<IApiResponse> {
        return answer(this.app.getLogger(), async () => {
            const user = requireCaller(request);
            const settings = await readAppSettings(read);
            const caller = { id: user.id, roles: user.roles || [] };
            if (!hasAnyRole(caller, settings.closeRoomRoles)) {
                throw new Rejection(unauthorized());
            }
            const problem = validate(request.content, CLOSE_BY_USER);
            if (problem) {
                return invalidParams(problem);
            }
            const body = request.content as CloseByUserBody;
            const room = await findLivechatRoom(read, body.rid);
            if (!room) {
                return failure('error-invalid-room');
            }
            if (!room.isOpen) {
                return failure('error-room-already-closed');
            }
            if (room.servedBy?.id !== user.id && !hasAnyRole(caller, settings.closeOthersRoomRoles)) {
                throw new Rejection(unauthorized());
            }
            if (body.forceClose && !settings.allowForceClose) {
                return failure('error-not-allowed');
            }
            if (settings.requireCloseComment && !body.comment?.trim()) {
                return failure('error-comment-is-required');
            }
            if (body.generateTranscriptPdf && !hasAnyRole(caller, settings.requestPdfRoles)) {
                throw new Rejection(unauthorized());
            }
            // What the workspace would refuse is answered before anything is stored.
            const foreseen = await foreseenCloseRefusal(read, room, body.comment || '');
            if (foreseen) {
                return failure(foreseen);
            }
            const prepared = await prepareClose(read, persis, room, user, { email: body.transcriptEmail, pdf: body.generateTranscriptPdf, comment: body.comment, tags: body.tags });
            if ('problem' in prepared) {
                return typedFailure('error-invalid-email', 'Invalid email');
            }
            const refused = await closeThroughWorkspace(read, modify, room, body.comment || '', user);
            // With forceClose, a room that another close got to first counts as closed.
            if (refused && !(body.forceClose && refused === 'error-room-closed')) {
                await prepared.undo();
                return failure(refused);
            }
            return success();
        }) as Promise<IApiResponse>;
    }
}
