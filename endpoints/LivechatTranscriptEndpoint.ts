// livechat/transcript/:rid: schedule (POST), cancel (DELETE) and inspect (GET) the email
// transcript of a conversation, as Rocket.Chat's endpoint of the same path.
import { IHttp, IModify, IPersistence, IRead } from '@rocket.chat/apps-engine/definition/accessors';
import { ApiEndpoint, IApiEndpointInfo, IApiRequest, IApiResponse } from '@rocket.chat/apps-engine/definition/api';
import { ApiAnswer, invalidParams, success, typedFailure, unauthorized } from '../lib/rest/errors';
import { EMAIL_TRANSCRIPT_PATH, roomIdParam } from '../lib/rest/pathParams';
import { publicView } from '../lib/delivery/requests';
import { answer, requireCaller } from '../services/guards';
import { AccessProblem, cancelWaiting, orderEmail, readStatus, TranscriptStatus } from '../services/transcriptOrders';

const invalidRoom = () => typedFailure('error-invalid-room', 'Invalid room');
const notRequested = () => typedFailure('error-transcript-not-requested', 'No transcript requested for this chat');

/** The answer for a refusal every method shares; a closed room is an invalid one here. */
function refusal(code: AccessProblem | 'room-closed'): ApiAnswer {
    return code === 'invalid-room' || code === 'room-closed' ? invalidRoom() : unauthorized();
}

export class LivechatTranscriptEndpoint extends ApiEndpoint {
    public path = EMAIL_TRANSCRIPT_PATH; // livechat/transcript/:rid
    public authRequired = true;

    public async post(request: IApiRequest, _e: IApiEndpointInfo, read: IRead, modify: IModify, _h: IHttp, persis: IPersistence): Promise<IApiResponse> {
        return answer(this.app.getLogger(), async () => {
            const user = requireCaller(request);
            const result = await orderEmail(read, modify, persis, user, roomIdParam(request.params), request.content, 'refuse');
            switch (result.code) {
                case 'scheduled':
                case 'sending':
                    return success();
                case 'invalid-params':
                    return invalidParams(result.problem);
                case 'already-requested':
                    return typedFailure('error-transcript-already-requested', 'Transcript already requested');
                default:
                    return refusal(result.code);
            }
        }) as Promise<IApiResponse>;
    }

    public async delete(request: IApiRequest, _e: IApiEndpointInfo, read: IRead, _m: IModify, _h: IHttp, persis: IPersistence): Promise<IApiResponse> {
        return answer(this.app.getLogger(), async () => {
            const user = requireCaller(request);
            const result = await cancelWaiting(read, persis, user, roomIdParam(request.params), 'email');
            switch (result) {
                case 'cancelled':
                    return success();
                case 'not-requested':
                    return notRequested();
                default:
                    return refusal(result);
            }
        }) as Promise<IApiResponse>;
    }

    public async get(request: IApiRequest, _e: IApiEndpointInfo, read: IRead): Promise<IApiResponse> {
        return answer(this.app.getLogger(), async () => {
            const user = requireCaller(request);
            const result = await readStatus(read, user, roomIdParam(request.params));
            switch (result.code) {
                case 'found':
                    return success({ transcript: transcriptView(result.status) });
                case 'not-requested':
                    return notRequested();
                default:
                    return refusal(result.code);
            }
        }) as Promise<IApiResponse>;
    }
}

/**
 * The email request's fields at the top level (as Rocket.Chat's `transcriptRequest`), the PDF's under
 * `pdf`, the copies the visitor asked for after the close under `visitorCopies`.
 */
function transcriptView({ email, pdf, visitorCopies }: TranscriptStatus): Record<string, unknown> {
    return {
        ...(email ? publicView(email) : {}),
        ...(pdf ? { pdf: publicView(pdf) } : {}),
        ...(visitorCopies.length ? { visitorCopies: visitorCopies.map(publicView) } : {}),
    };
}
