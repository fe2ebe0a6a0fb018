// What both channels read before making a part: the room, and who the transcript is for.
import { ILogger, IRead } from '@rocket.chat/apps-engine/definition/accessors';
import { ILivechatRoom } from '@rocket.chat/apps-engine/definition/livechat';
import { TranscriptRequest } from '../../lib/delivery/requests';
import { Transcript } from '../../lib/transcript/types';
import { LivechatRoomDetails, TranscriptAudience } from '../conversation';

export async function roomOf(read: IRead, rid: string): Promise<LivechatRoomDetails> {
    const room = (await read.getRoomReader().getById(rid)) as ILivechatRoom | undefined;
    if (!room) {
        throw new Error('error-invalid-room: the room no longer exists');
    }
    return room as LivechatRoomDetails;
}

/** The requester's language (the visitor's, for their own request) and UTC offset decide labels and dates. */
export async function audienceOf(read: IRead, request: TranscriptRequest): Promise<TranscriptAudience> {
    if (request.language) {
        return { language: request.language, utcOffset: request.requestedBy.utcOffset };
    }
    const requester = await read.getUserReader().getById(request.requestedBy._id);
    return { language: requester?.settings?.preferences?.language, utcOffset: request.requestedBy.utcOffset };
}

/** A custom redaction pattern that is invalid or unsafe is skipped; the log says which and why. */
export function logRefusedPatterns(transcript: Transcript, logger?: ILogger): void {
    for (const { pattern, reason } of transcript.redaction?.refusedPatterns || []) {
        logger?.warn(`Redaction pattern refused: ${JSON.stringify(pattern)}: ${reason}`);
    }
}
