// POST livechat/room.closeByUser: an agent closes a conversation and orders its transcripts.
// The email request is stored before the close, so the room-closed handler delivers it.
import { IHttp, IModify, IPersistence, IRead } from '@rocket.chat/apps-engine/definition/accessors';
import { ApiEndpoint, IApiEndpointInfo, IApiRequest, IApiResponse } from '@rocket.chat/apps-engine/definition/api';
import { hasAnyRole } from '../lib/access';
import { failure, invalidParams, success, typedFailure, unauthorized } from '../lib/errors';
import { newRequest } from '../lib/requests';
import { CLOSE_BY_USER, isEmailAddress, validate } from '../lib/validation';
import { readAppSettings } from '../services/appSettings';
import { answer, findLivechatRoom, Rejection, requireCaller } from '../services/guards';
import { queuePdf } from '../services/pdfRequests';
import { RequestStore } from '../services/requestStore';
import { appRecords } from '../services/store/records';
import { saveRoomDetails } from '../services/roomDetails';
import { requesterOf } from '../services/transcriptRequests';
import { closeThroughWorkspace, foreseenCloseRefusal } from '../services/workspaceClose';

interface CloseByUserBody {
    rid: string;
    comment?: string;
    tags?: string[];
    generateTranscriptPdf?: boolean;
    forceClose?: boolean;
    transcriptEmail?: { sendToVisitor: boolean; requestData?: { email: string; subject: string } };
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
            const store = new RequestStore(appRecords(read.getPersistenceReader(), persis));
            const previousEmail = await store.get(room.id, 'email');
            const email = body.transcriptEmail;
            if (email?.sendToVisitor) {
                const address = email.requestData?.email || room.visitor?.visitorEmails?.[0]?.address;
                if (!address || !isEmailAddress(address)) {
                    return typedFailure('error-invalid-email', 'Invalid email');
                }
                await store.save(newRequest({ rid: room.id, kind: 'email', email: address, subject: email.requestData?.subject || '', requestedBy: requesterOf(user) }, new Date()));
            } else if (email && !email.sendToVisitor) {
                await store.remove(room.id, 'email');
            }
            await saveRoomDetails(read.getPersistenceReader(), persis, room.id, { comment: body.comment, tags: body.tags });
            const refused = await closeThroughWorkspace(read, modify, room, body.comment || '', user);
            // With forceClose, a room that another close got to first counts as closed.
            if (refused && !(body.forceClose && refused === 'error-room-closed')) {
                await (previousEmail ? store.save(previousEmail) : store.remove(room.id, 'email'));
                return failure(refused);
            }
            if (body.generateTranscriptPdf) {
                await queuePdf(read, modify, persis, room.id, user);
            }
            return success();
        }) as Promise<IApiResponse>;
    }
}
