// Closing a livechat room through the workspace, with Rocket.Chat's own refusals. Its closeRoom
// (apps/meteor/app/livechat/server/lib/closeRoom.ts, reached from the apps livechat bridge) throws
// `error-room-closed` for a room that is no longer open, `error-comment-is-required` under the
// workspace setting Livechat_request_comment_when_closing_conversation, and
// `error-tags-must-be-assigned-before-closing-chat` when the department asks for tags and has no
// closing tags of its own (an app cannot pass tags). Apps-Engine 1.46.0 loses a bridge's reason, so
// what the app can see is checked first, and the room is read again after a refusal without one.
import { IModify, IRead } from '@rocket.chat/apps-engine/definition/accessors';
import { ILivechatRoom } from '@rocket.chat/apps-engine/definition/livechat';
import { IUser } from '@rocket.chat/apps-engine/definition/users';
import { findLivechatRoom } from './guards';

export const CLOSE_REFUSALS = ['error-room-closed', 'error-comment-is-required', 'error-tags-must-be-assigned-before-closing-chat'] as const;
export type CloseRefusal = (typeof CLOSE_REFUSALS)[number] | 'error-closing-room';

const COMMENT_REQUIRED_SETTING = 'Livechat_request_comment_when_closing_conversation';

/** Why the workspace will refuse to close `room` with `comment`, as far as the app can tell beforehand. */
export async function foreseenCloseRefusal(read: IRead, room: ILivechatRoom, comment: string): Promise<CloseRefusal | undefined> {
    if (!room.isOpen) {
        return 'error-room-closed';
    }
    const commentRequired = await read
        .getEnvironmentReader()
        .getServerSettings()
        .getValueById(COMMENT_REQUIRED_SETTING)
        .catch(() => false);
    if (commentRequired === true && !comment.trim()) {
        return 'error-comment-is-required';
    }
    const department = room.department as (ILivechatRoom['department'] & { requestTagBeforeClosingChat?: boolean; chatClosingTags?: string[] }) | undefined;
    if (department?.requestTagBeforeClosingChat && !department.chatClosingTags?.length) {
        return 'error-tags-must-be-assigned-before-closing-chat';
    }
    return undefined;
}

/** Closes `room`; answers undefined when closed, else Rocket.Chat's reason. Never throws for a refusal. */
export async function closeThroughWorkspace(read: IRead, modify: IModify, room: ILivechatRoom, comment: string, closer?: IUser): Promise<CloseRefusal | undefined> {
    const foreseen = await foreseenCloseRefusal(read, room, comment);
    if (foreseen) {
        return foreseen;
    }
    try {
        return (await modify.getUpdater().getLivechatUpdater().closeRoom(room, comment, closer)) ? undefined : 'error-closing-room';
    } catch (error) {
        const text = (error as Error)?.message || String(error);
        const named = CLOSE_REFUSALS.find((code) => text.includes(code));
        if (named) {
            return named;
        }
        // A close that raced another one: the room is closed by now.
        const after = await findLivechatRoom(read, room.id);
        return after && !after.isOpen ? 'error-room-closed' : 'error-closing-room';
    }
}
