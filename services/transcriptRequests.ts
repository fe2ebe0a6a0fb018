// The rules for ordering, cancelling and inspecting a room's transcripts, shared by
// livechat/transcript/:rid and /transcript. They return result codes; each caller words them.
import { IModify, IPersistence, IRead } from '@rocket.chat/apps-engine/definition/accessors';
import { IUser } from '@rocket.chat/apps-engine/definition/users';
import { hasAnyRole } from '../lib/access';
import { isSameOrder, isWaiting, makeDue, mayCancel, mayOrderNew, newRequest, Requester, TranscriptKind, TranscriptRequest } from '../lib/requests';
import { TRANSCRIPT_REQUEST, validate } from '../lib/validation';
import { AppSettings, readAppSettings } from './appSettings';
import { LivechatRoomDetails } from './conversation';
import { findLivechatRoom, mayAccessRoom } from './guards';
import { scheduleDelivery } from './jobs';
import { RequestStore } from './requestStore';
import { appRecords } from './store/records';

/** The caller lacks the role, the room is missing or not livechat, or the caller may not act on it. */
export type AccessProblem = 'not-permitted' | 'invalid-room' | 'no-room-access';

export type EmailRequestResult =
    | { code: 'scheduled' | 'sending'; email: string }
    | { code: 'invalid-params'; problem: string }
    | { code: 'already-requested'; email: string }
    | { code: AccessProblem | 'room-closed' };

export type CancelResult = 'cancelled' | 'not-requested' | 'room-closed' | AccessProblem;

export interface TranscriptStatus {
    email?: TranscriptRequest;
    pdf?: TranscriptRequest;
}

export type StatusResult = { code: 'found'; status: TranscriptStatus } | { code: 'not-requested' | AccessProblem };

/** A closed room: refused (the endpoint), or the transcript is sent at once (the command). */
export type OnClosedRoom = 'refuse' | 'send-now';

export const requesterOf = (user: IUser): Requester => ({ _id: user.id, username: user.username, name: user.name, utcOffset: user.utcOffset });

const rolesFor = (settings: AppSettings, kind: TranscriptKind): string[] => (kind === 'email' ? settings.sendTranscriptRoles : settings.requestPdfRoles);

const holdsRole = (user: IUser, roles: string[]): boolean => hasAnyRole({ id: user.id, roles: user.roles || [] }, roles);

/** Role, then room access: why `user` may not order `kind` transcripts of `room`, if anything. */
export async function transcriptAccessProblem(read: IRead, user: IUser, room: LivechatRoomDetails, kind: TranscriptKind): Promise<AccessProblem | undefined> {
    if (!holdsRole(user, rolesFor(await readAppSettings(read), kind))) {
        return 'not-permitted';
    }
    return mayAccessRoom(user, room) ? undefined : 'no-room-access';
}

/** The visitor's known addresses, first one first. */
export const visitorEmails = (room: LivechatRoomDetails): string[] => (room.visitor?.visitorEmails || []).map((e) => e.address).filter(Boolean);

/**
 * Stores the email request `{email, subject}`: delivered at the close, or now for a closed room with
 * `send-now`. With `repeatIsDone`, the same order again answers as the first did (the UI's submit,
 * which the client may have given up on after the app stored it).
 */
export async function requestEmailTranscript(
    read: IRead,
    modify: IModify,
    persis: IPersistence,
    user: IUser,
    rid: unknown,
    body: unknown,
    onClosedRoom: OnClosedRoom,
    repeatIsDone = false,
): Promise<EmailRequestResult> {
    if (!holdsRole(user, (await readAppSettings(read)).sendTranscriptRoles)) {
        return { code: 'not-permitted' };
    }
    const problem = validate(body, TRANSCRIPT_REQUEST);
    if (problem) {
        return { code: 'invalid-params', problem };
    }
    const room = await findLivechatRoom(read, rid);
    if (!room) {
        return { code: 'invalid-room' };
    }
    if (!room.isOpen && onClosedRoom === 'refuse') {
        return { code: 'room-closed' };
    }
    if (!mayAccessRoom(user, room)) {
        return { code: 'no-room-access' };
    }
    const store = new RequestStore(appRecords(read.getPersistenceReader(), persis));
    const existing = await store.get(room.id, 'email');
    const { email, subject } = body as { email: string; subject: string };
    if (repeatIsDone && isSameOrder(existing, user.id, email, subject)) {
        return { code: isWaiting(existing!) ? 'scheduled' : 'sending', email };
    }
    if (!mayOrderNew(existing)) {
        return { code: 'already-requested', email: existing!.email || '' };
    }
    const now = new Date();
    const request = newRequest({ rid: room.id, kind: 'email', email, subject, requestedBy: requesterOf(user) }, now);
    if (room.isOpen) {
        await store.save(request);
        return { code: 'scheduled', email };
    }
    await store.save(makeDue(request, now));
    await scheduleDelivery(modify, { rid: room.id, kind: 'email' }, now);
    return { code: 'sending', email };
}

/** Removes the room's `kind` request while it waits for the close; one being delivered stays. */
export async function cancelWaitingRequest(read: IRead, persis: IPersistence, user: IUser, rid: unknown, kind: TranscriptKind): Promise<CancelResult> {
    if (!holdsRole(user, rolesFor(await readAppSettings(read), kind))) {
        return 'not-permitted';
    }
    const room = await findLivechatRoom(read, rid);
    if (!room) {
        return 'invalid-room';
    }
    if (!room.isOpen) {
        return 'room-closed';
    }
    if (!mayAccessRoom(user, room)) {
        return 'no-room-access';
    }
    const store = new RequestStore(appRecords(read.getPersistenceReader(), persis));
    const existing = await store.get(room.id, kind);
    if (!mayCancel(existing, room.isOpen)) {
        return 'not-requested';
    }
    await store.remove(room.id, kind);
    return 'cancelled';
}

/** The room's email and PDF requests, for anyone who may order either. */
export async function readTranscriptStatus(read: IRead, user: IUser, rid: unknown): Promise<StatusResult> {
    // Both reads go out together; the answer still checks the role first.
    const [settings, room] = await Promise.all([readAppSettings(read), findLivechatRoom(read, rid)]);
    if (!holdsRole(user, [...settings.sendTranscriptRoles, ...settings.requestPdfRoles])) {
        return { code: 'not-permitted' };
    }
    if (!room) {
        return { code: 'invalid-room' };
    }
    if (!mayAccessRoom(user, room)) {
        return { code: 'no-room-access' };
    }
    const requests = await new RequestStore(appRecords(read.getPersistenceReader())).forRoom(room.id);
    if (requests.length === 0) {
        return { code: 'not-requested' };
    }
    return { code: 'found', status: { email: requests.find((r) => r.kind === 'email'), pdf: requests.find((r) => r.kind === 'pdf') } };
}
