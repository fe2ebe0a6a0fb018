// Checks for the public (visitor) endpoints: a known token, the visitor's own room, a rate limit.
import { IRead } from '@rocket.chat/apps-engine/definition/accessors';
import { IVisitor } from '@rocket.chat/apps-engine/definition/livechat';
import { failure, tooManyRequests } from '../lib/errors';
import { RateLimiter } from '../lib/rateLimit';
import { readAppSettings } from './appSettings';
import { LivechatRoomDetails } from './conversation';
import { findLivechatRoom, Rejection } from './guards';

const limiter = new RateLimiter();

/** Counts the call against each key (e.g. `token:…`, `room:…`); 429 once over the setting's limit. */
export async function requireWithinRateLimit(read: IRead, keys: string[]): Promise<void> {
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
