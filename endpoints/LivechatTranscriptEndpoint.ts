// livechat/transcript/:rid: schedule (POST), cancel (DELETE) and inspect (GET) the email
// transcript of a conversation, as Rocket.Chat's endpoint of the same path.
import { IHttp, IModify, IPersistence, IRead } from '@rocket.chat/apps-engine/definition/accessors';
import { ApiEndpoint, IApiEndpointInfo, IApiRequest, IApiResponse } from '@rocket.chat/apps-engine/definition/api';
import { invalidParams, success, typedFailure } from '../lib/errors';
import { isWaiting, newRequest, publicView, TranscriptRequest } from '../lib/requests';
import { TRANSCRIPT_REQUEST, validate } from '../lib/validation';
import { readAppSettings } from '../services/appSettings';
import { answer, findLivechatRoom, Rejection, requireCaller, requireRole, requireRoomAccess } from '../services/guards';
import { RequestStore } from '../services/requestStore';

const invalidRoom = () => new Rejection(typedFailure('error-invalid-room', 'Invalid room'));
const notRequested = () => typedFailure('error-transcript-not-requested', 'No transcript requested for this chat');

export class LivechatTranscriptEndpoint extends ApiEndpoint {
    public path = 'livechat/transcript/:rid';
    public authRequired = true;

    public async post(request: IApiRequest, _e: IApiEndpointInfo, read: IRead, _m: IModify, _h: IHttp, persis: IPersistence): Promise<IApiResponse> {
        return answer(async () => {
            const user = requireCaller(request);
            requireRole(user, (await readAppSettings(read)).sendTranscriptRoles);
            const problem = validate(request.content, TRANSCRIPT_REQUEST);
            if (problem) {
                return invalidParams(problem);
            }
            const room = await findLivechatRoom(read, request.params.rid);
            if (!room || !room.isOpen) {
                throw invalidRoom();
            }
            requireRoomAccess(user, room);
            const store = new RequestStore(read.getPersistenceReader(), persis);
            const existing = await store.get(room.id, 'email');
            if (existing && existing.status === 'pending') {
                return typedFailure('error-transcript-already-requested', 'Transcript already requested');
            }
            const { email, subject } = request.content as { email: string; subject: string };
            await store.save(
                newRequest({ rid: room.id, kind: 'email', email, subject, requestedBy: { _id: user.id, username: user.username, name: user.name, utcOffset: user.utcOffset } }, new Date()),
            );
            return success();
        }) as Promise<IApiResponse>;
    }

    public async delete(request: IApiRequest, _e: IApiEndpointInfo, read: IRead, _m: IModify, _h: IHttp, persis: IPersistence): Promise<IApiResponse> {
        return answer(async () => {
            const user = requireCaller(request);
            requireRole(user, (await readAppSettings(read)).sendTranscriptRoles);
            const room = await findLivechatRoom(read, request.params.rid);
            if (!room || !room.isOpen) {
                throw invalidRoom();
            }
            requireRoomAccess(user, room);
            const store = new RequestStore(read.getPersistenceReader(), persis);
            const existing = await store.get(room.id, 'email');
            if (!existing || !isWaiting(existing)) {
                return notRequested();
            }
            await store.remove(room.id, 'email');
            return success();
        }) as Promise<IApiResponse>;
    }

    public async get(request: IApiRequest, _e: IApiEndpointInfo, read: IRead): Promise<IApiResponse> {
        return answer(async () => {
            const user = requireCaller(request);
            const settings = await readAppSettings(read);
            requireRole(user, [...settings.sendTranscriptRoles, ...settings.requestPdfRoles]);
            const room = await findLivechatRoom(read, request.params.rid);
            if (!room) {
                throw invalidRoom();
            }
            requireRoomAccess(user, room);
            const requests = await new RequestStore(read.getPersistenceReader()).forRoom(room.id);
            if (requests.length === 0) {
                return notRequested();
            }
            return success({ transcript: transcriptView(requests) });
        }) as Promise<IApiResponse>;
    }
}

/** The email request's fields at the top level (as Rocket.Chat's `transcriptRequest`), the PDF's under `pdf`. */
function transcriptView(requests: TranscriptRequest[]): Record<string, unknown> {
    const email = requests.find((r) => r.kind === 'email');
    const pdf = requests.find((r) => r.kind === 'pdf');
    return { ...(email ? publicView(email) : {}), ...(pdf ? { pdf: publicView(pdf) } : {}) };
}
