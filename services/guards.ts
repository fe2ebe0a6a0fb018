// The checks every staff endpoint makes: who calls, may they, and which room.
import { ILogger, IRead } from '@rocket.chat/apps-engine/definition/accessors';
import { IApiRequest } from '@rocket.chat/apps-engine/definition/api';
import { ILivechatRoom } from '@rocket.chat/apps-engine/definition/livechat';
import { RoomType } from '@rocket.chat/apps-engine/definition/rooms';
import { IUser } from '@rocket.chat/apps-engine/definition/users';
import { canAccessLivechatRoom, hasAnyRole } from '../lib/access';
import { ApiAnswer, internalError, notLoggedIn, unauthorized } from '../lib/rest/errors';
import { asCall } from '../lib/turns';
import { isIdLike } from '../lib/rest/validation';
import { LivechatRoomDetails } from './conversation';

/** Thrown by a guard; the endpoint answers with it. */
export class Rejection extends Error {
    constructor(public readonly answer: ApiAnswer) {
        super(JSON.stringify(answer.content));
    }
}

export function requireCaller(request: IApiRequest): IUser {
    if (!request.user) {
        throw new Rejection(notLoggedIn());
    }
    return request.user;
}

export function requireRole(user: IUser, roles: string[]): void {
    if (!hasAnyRole({ id: user.id, roles: user.roles || [] }, roles)) {
        throw new Rejection(unauthorized());
    }
}

export function mayAccessRoom(user: IUser, room: ILivechatRoom): boolean {
    return canAccessLivechatRoom({ id: user.id, roles: user.roles || [] }, { servedById: room.servedBy?.id });
}

/** Only the serving agent and omnichannel supervisors may act on a room. */
export function requireRoomAccess(user: IUser, room: ILivechatRoom, denied: ApiAnswer = unauthorized()): void {
    if (!mayAccessRoom(user, room)) {
        throw new Rejection(denied);
    }
}

/** The livechat room with this id, or undefined when it does not exist or is another kind of room. */
export async function findLivechatRoom(read: IRead, rid: unknown): Promise<LivechatRoomDetails | undefined> {
    if (!isIdLike(rid)) {
        return undefined;
    }
    const room = await read.getRoomReader().getById(rid);
    return room && room.type === RoomType.LIVE_CHAT ? (room as LivechatRoomDetails) : undefined;
}

/**
 * Runs an endpoint body, turning a Rejection into its answer. Anything else that escapes (a
 * workspace read that throws) is logged once and answered in Rocket.Chat's shape, without its details.
 */
export async function answer(logger: ILogger, run: () => Promise<ApiAnswer>): Promise<{ status: number; content: object }> {
    try {
        return await asCall(run);
    } catch (error) {
        if (error instanceof Rejection) {
            return error.answer;
        }
        logger.error('Unexpected error in an endpoint:', error instanceof Error ? error.stack || error.message : String(error));
        return internalError();
    }
}
