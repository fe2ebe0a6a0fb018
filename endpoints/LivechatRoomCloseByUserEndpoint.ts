// POST livechat/room.closeByUser: an agent closes a conversation and orders its transcripts.
// They are stored before the close (services/transcriptOrders.ts), so the room-closed handler delivers them.
import { IHttp, IModify, IPersistence, IRead } from '@rocket.chat/apps-engine/definition/accessors';
import { ApiEndpoint, IApiEndpointInfo, IApiRequest, IApiResponse } from '@rocket.chat/apps-engine/definition/api';
import { ILivechatRoom } from '@rocket.chat/apps-engine/definition/livechat';
import { IUser } from '@rocket.chat/apps-engine/definition/users';
import { hasAnyRole } from '../lib/access';
import { failure, invalidParams, success, typedFailure, unauthorized } from '../lib/errors';
import { CLOSE_BY_USER, validate } from '../lib/validation';
import { readAppSettings } from '../services/appSettings';
import { answer, findLivechatRoom, Rejection, requireCaller } from '../services/guards';
import { CloseEmailChoice, prepareClose } from '../services/transcriptOrders';

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
            const prepared = await prepareClose(read, persis, room, user, { email: body.transcriptEmail, pdf: body.generateTranscriptPdf, comment: body.comment, tags: body.tags });
            if ('problem' in prepared) {
                return typedFailure('error-invalid-email', 'Invalid email');
            }
            if (!(await this.close(read, modify, room, body, user))) {
                await prepared.undo();
                return failure('error-closing-room');
            }
            return success();
        }) as Promise<IApiResponse>;
    }

    /**
     * Closes through the livechat updater. With forceClose, a close that reports failure is
     * checked against the room itself: a room the workspace did close counts as closed.
     */
    private async close(read: IRead, modify: IModify, room: ILivechatRoom, body: CloseByUserBody, user: IUser): Promise<boolean> {
        const closed = await modify
            .getUpdater()
            .getLivechatUpdater()
            .closeRoom(room, body.comment || '', user)
            .catch(() => false);
        if (closed || !body.forceClose) {
            return closed;
        }
        const after = await findLivechatRoom(read, room.id);
        return !!after && !after.isOpen;
    }
}
