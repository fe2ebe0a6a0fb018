// What the Transcript panel shows a caller about a room: the same reads and rights checks as
// GET livechat/transcript/:rid and /transcript status, gathered for lib/ui/views.
import { IRead } from '@rocket.chat/apps-engine/definition/accessors';
import { IUser } from '@rocket.chat/apps-engine/definition/users';
import { TranslationParams } from '../lib/i18n';
import { resolveTimeZone } from '../lib/timeZone';
import { formatDateTime } from '../lib/transcript/format';
import { PanelFacts, Wording } from '../lib/ui/views';
import { LivechatRoomDetails } from './conversation';
import { findLivechatRoom } from './guards';
import { callerLanguage, translator } from './i18n';
import { AccessProblem, readStatus, transcriptAccessProblem, TranscriptStatus } from './transcriptOrders';

export type PanelResult = { facts: PanelFacts; room: LivechatRoomDetails } | { problem: AccessProblem };

/** The room and its requests, or why the caller may see nothing of it. */
export async function readPanelFacts(read: IRead, user: IUser, rid: unknown): Promise<PanelResult> {
    const status = await readStatus(read, user, rid);
    if (status.code !== 'found' && status.code !== 'not-requested') {
        return { problem: status.code };
    }
    const room = (await findLivechatRoom(read, rid))!;
    const [email, pdf] = await Promise.all([transcriptAccessProblem(read, user, room, 'email'), transcriptAccessProblem(read, user, room, 'pdf')]);
    const requests: Partial<TranscriptStatus> = status.code === 'found' ? status.status : {};
    return {
        room,
        facts: {
            rid: room.id,
            isOpen: room.isOpen === true,
            visitorName: room.visitor?.name || room.visitor?.username || '',
            agentName: room.servedBy ? room.servedBy.name || room.servedBy.username : undefined,
            email: requests.email,
            pdf: requests.pdf,
            visitorCopies: requests.visitorCopies,
            rights: { email: !email, pdf: !pdf },
        },
    };
}

/** Translations in the caller's language, dates in their zone (as /transcript status). */
export async function wordingFor(read: IRead, user: IUser): Promise<Wording> {
    const language = await callerLanguage(read, user);
    const zone = resolveTimeZone('requester', { serverZone: Intl.DateTimeFormat().resolvedOptions().timeZone, requesterUtcOffset: user.utcOffset });
    const i18n = translator();
    return {
        t: (key: string, params?: TranslationParams) => i18n.t(language, key, params),
        dateTime: (iso: string) => formatDateTime(Date.parse(iso), language, zone),
    };
}
