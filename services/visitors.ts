// Checks for the public (visitor) endpoints: a known token, the visitor's own room, a rate limit.
import { IRead } from '@rocket.chat/apps-engine/definition/accessors';
import { IVisitor } from '@rocket.chat/apps-engine/definition/livechat';
import { failure, tooManyRequests } from '../lib/rest/errors';
import { RateLimiter } from '../lib/rest/rateLimit';
import { isIdLike } from '../lib/rest/validation';
import { readAppSettings } from './appSettings';
import { LivechatRoomDetails } from './conversation';
import { findLivechatRoom, Rejection } from './guards';

const limiter = new RateLimiter();

/**
 * Counts the call against the visitor's token and the room; 429 once over the setting's limit.
 * A token that cannot be one (not a string, over-long) is refused first and counted nowhere, so
 * callers without a token cannot grow the table; an over-long room id is not counted either.
 */
export async function requireWithinRateLimit(read: IRead, token: unknown, rid?: unknown): Promise<void> {
    if (!isIdLike(token)) {
        throw new Rejection(failure('invalid-token'));
    }
    const keys = [`token:${token}`, ...(isIdLike(rid) ? [`room:${rid}`] : [])];
    const { publicRateLimitPerMinute } = await readAppSettings(read);
    if (!limiter.allow(keys, publicRateLimitPerMinute)) {
        throw new Rejection(tooManyRequests());
    }
}

export async function requireVisitor(read: IRead, token: unknown): Promise<IVisitor> {
    const visitor = typeof token === 'string' && token ? await read.getLivechatReader().getLivechatVisitorByToken(token) : undefined;
    if (!visitor) {
        throw new Rejection(failure('invalid-token'));
    }
    return visitor;
}

/** The visitor's own livechat room; any other room answers exactly like a missing one. */
export async function requireVisitorRoom(read: IRead, visitor: IVisitor, rid: unknown, error = 'invalid-room'): Promise<LivechatRoomDetails> {
    const room = await findLivechatRoom(read, rid);
    if (!room || room.visitor?.token !== visitor.token) {
        throw new Rejection(failure(error));
    }
    return room;
}
