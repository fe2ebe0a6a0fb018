// POST livechat/transcript {token, rid, email, subject?} (public): the visitor asks for the
// transcript of their own conversation, as Rocket.Chat's endpoint of the same path (the livechat
// widget's "send me the transcript"). An open room's transcript is emailed at the close, a closed
// room's now (services/transcriptOrders.ts).
import { IHttp, IModify, IPersistence, IRead } from '@rocket.chat/apps-engine/definition/accessors';
import { ApiEndpoint, IApiEndpointInfo, IApiRequest, IApiResponse } from '@rocket.chat/apps-engine/definition/api';
import { failure, invalidParams, success, tooManyRequests, typedFailure } from '../lib/rest/errors';
import { validate, VISITOR_TRANSCRIPT } from '../lib/rest/validation';
import { readWorkspaceSettings } from '../services/appSettings';
import { answer } from '../services/guards';
import { translator } from '../services/i18n';
import { orderForVisitor, visitorLanguage } from '../services/transcriptOrders';
import { requireVisitor, requireVisitorRoom, requireWithinRateLimit } from '../services/visitors';

export class VisitorTranscriptEndpoint extends ApiEndpoint {
    public path = 'livechat/transcript';
    public authRequired = false;

    public async post(request: IApiRequest, _e: IApiEndpointInfo, read: IRead, modify: IModify, _h: IHttp, persis: IPersistence): Promise<IApiResponse> {
        return answer(this.app.getLogger(), async () => {
            const problem = validate(request.content, VISITOR_TRANSCRIPT);
            if (problem) {
                return invalidParams(problem);
            }
            const { rid, token, email, subject } = request.content as { rid: string; token: string; email: string; subject?: string };
            await requireWithinRateLimit(read, token, rid);
            const visitor = await requireVisitor(read, token);
            const room = await requireVisitorRoom(read, visitor, rid, 'error-invalid-room');
            const result = await orderForVisitor(read, modify, persis, visitor, room, { email, subject });
            const message = async (key: string) => {
                const i18n = translator();
                return i18n.t(i18n.resolveLanguage(visitorLanguage(visitor) || (await readWorkspaceSettings(read)).language), key);
            };
            switch (result) {
                case 'sent':
                    return success({ message: await message('visitor_transcript_sent') });
                case 'will-send-at-close':
                    return success({ message: await message('visitor_transcript_at_close') });
                case 'not-allowed':
                    return failure('error-not-allowed');
                case 'invalid-email':
                    return typedFailure('error-invalid-email', 'Invalid email');
                case 'already-requested':
                    return typedFailure('error-transcript-already-requested', 'Transcript already requested');
                case 'too-many-addresses':
                    return tooManyRequests();
            }
        }) as Promise<IApiResponse>;
    }
}
