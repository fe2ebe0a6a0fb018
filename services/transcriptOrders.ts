// Ordering transcripts: the one place that decides what a room's email and PDF requests become,
// whoever orders them (livechat/transcript/:rid, omnichannel/:rid/request-transcript, /transcript,
// the panel, livechat/room.closeByUser, the visitor's livechat/transcript, and the close-time
// settings). Each entrance is a thin adapter that words the result codes returned here.
import { IModify, IPersistence, IRead } from '@rocket.chat/apps-engine/definition/accessors';
import { ILivechatRoom, IVisitor } from '@rocket.chat/apps-engine/definition/livechat';
import { IUser } from '@rocket.chat/apps-engine/definition/users';
import { hasAnyRole } from '../lib/access';
import {
    isFinished,
    isSameOrder,
    isVisitorCopy,
    isWaiting,
    makeDue,
    mayCancel,
    mayOrderNew,
    newRequest,
    reopened,
    requestKey,
    Requester,
    TranscriptKind,
    TranscriptRequest,
} from '../lib/delivery/requests';
import { visitorCopyKind } from '../lib/delivery/visitorCopy';
import { pdfOrderRefusal } from '../lib/uploadRules';
import { isEmailAddress, TRANSCRIPT_REQUEST, validate } from '../lib/rest/validation';
import { AppSettings, readAppSettings } from './appSettings';
import { AttemptRecords } from './attemptRecords';
import { LivechatRoomDetails } from './conversation';
import { findLivechatRoom, mayAccessRoom } from './guards';
import { scheduleDelivery } from './jobs';
import { RequestStore } from './requestStore';
import { readRoomDetails, saveRoomDetails } from './roomDetails';
import { appRecords } from './store/records';
import { readUploadSettings } from './uploadSettings';

/** The caller lacks the role, the room is missing or not livechat, or the caller may not act on it. */
export type AccessProblem = 'not-permitted' | 'invalid-room' | 'no-room-access';

export type EmailRequestResult =
    | { code: 'scheduled' | 'sending'; email: string }
    | { code: 'invalid-params'; problem: string }
    | { code: 'already-requested'; email: string }
    | { code: AccessProblem | 'room-closed' };

/** `room-copy-kept`: the room's archive PDF is the room copy; the caller receives it in their direct message. */
export type PdfRequestResult = 'queued' | 'waiting-for-close' | 'room-copy-kept' | 'already-requested' | AccessProblem | PdfOrderRefusal;

/** The workspace takes no PDF uploads at all (FileUpload_Enabled off, or PDFs not an accepted type). */
export type PdfOrderRefusal = NonNullable<ReturnType<typeof pdfOrderRefusal>>;

/** Why no PDF transcript can be made in this workspace now, if so: said at once rather than after the retries. */
export async function pdfRefusal(read: IRead): Promise<PdfOrderRefusal | undefined> {
    return pdfOrderRefusal(await readUploadSettings(read));
}

export type CancelResult = 'cancelled' | 'not-requested' | 'room-closed' | AccessProblem;

export interface TranscriptStatus {
    email?: TranscriptRequest;
    pdf?: TranscriptRequest;
    /** Copies visitors asked for after the close, one per address. */
    visitorCopies: TranscriptRequest[];
}

export type StatusResult = { code: 'found'; status: TranscriptStatus } | { code: 'not-requested' | AccessProblem };

/** A closed room: refused (the endpoint), or the transcript is sent at once (the command, the panel). */
export type OnClosedRoom = 'refuse' | 'send-now';

/** `livechat/room.closeByUser`'s `transcriptEmail`. */
export interface CloseEmailChoice {
    sendToVisitor: boolean;
    requestData?: { email: string; subject: string };
}

export type VisitorRequestResult =
    | 'will-send-at-close'
    | 'sent'
    | 'not-allowed'
    | 'invalid-email'
    | 'already-requested'
    | 'too-many-addresses';

/** Distinct addresses a visitor may have a closed room's transcript sent to. */
export const MAX_VISITOR_COPIES = 3;

export const requesterOf = (user: IUser): Requester => ({ _id: user.id, username: user.username, name: user.name, utcOffset: user.utcOffset });

const rolesFor = (settings: AppSettings, kind: TranscriptKind): string[] => (kind === 'email' ? settings.sendTranscriptRoles : settings.requestPdfRoles);

const holdsRole = (user: IUser, roles: string[]): boolean => hasAnyRole({ id: user.id, roles: user.roles || [] }, roles);

const storeOf = (read: IRead, persis?: IPersistence) => new RequestStore(appRecords(read.getPersistenceReader(), persis));

/** Role, then room access: why `user` may not order `kind` transcripts of `room`, if anything. */
export async function transcriptAccessProblem(read: IRead, user: IUser, room: LivechatRoomDetails, kind: TranscriptKind): Promise<AccessProblem | undefined> {
    if (!holdsRole(user, rolesFor(await readAppSettings(read), kind))) {
        return 'not-permitted';
    }
    return mayAccessRoom(user, room) ? undefined : 'no-room-access';
}

/** The visitor's known addresses, first one first. */
export const visitorEmails = (room: LivechatRoomDetails): string[] => (room.visitor?.visitorEmails || []).map((e) => e.address).filter(Boolean);

/** Stores the request and, for a closed room, schedules its delivery now. */
async function place(modify: IModify, store: RequestStore, request: TranscriptRequest, roomOpen: boolean): Promise<void> {
    if (roomOpen) {
        await store.save(request);
        return;
    }
    const now = new Date();
    await store.save(makeDue(request, now));
    await scheduleDelivery(modify, { rid: request.rid, kind: request.kind }, now);
}

/** Stores the email request `{email, subject}`: delivered at the close, or now for a closed room with `send-now`. */
/**
 * Stores the email request `{email, subject}`: delivered at the close, or now for a closed room with
 * `send-now`. With `repeatIsDone`, the same order again answers as the first did (the UI's submit,
 * which the client may have given up on after the app stored it).
 */
export async function orderEmail(
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
    const store = storeOf(read, persis);
    const existing = await store.get(room.id, 'email');
    const { email, subject } = body as { email: string; subject: string };
    if (repeatIsDone && isSameOrder(existing, user.id, email, subject)) {
        return { code: isWaiting(existing!) ? 'scheduled' : 'sending', email };
    }
    if (!mayOrderNew(existing)) {
        return { code: 'already-requested', email: existing!.email || '' };
    }
    await place(modify, store, newRequest({ rid: room.id, kind: 'email', email, subject, requestedBy: requesterOf(user) }, new Date()), room.isOpen);
    return { code: room.isOpen ? 'scheduled' : 'sending', email };
}

/** The PDF of a closed room now, of an open room at its close. */
export async function orderPdf(read: IRead, modify: IModify, persis: IPersistence, user: IUser, rid: unknown): Promise<PdfRequestResult> {
    const room = await findLivechatRoom(read, rid);
    if (!room) {
        return 'invalid-room';
    }
    const problem = await transcriptAccessProblem(read, user, room, 'pdf');
    if (problem) {
        return problem;
    }
    const refused = await pdfRefusal(read);
    if (refused) {
        return refused;
    }
    return placePdf(read, modify, persis, room, requesterOf(user));
}

/** Orders the room's PDF for `requester`, who has been checked. */
export async function placePdf(read: IRead, modify: IModify, persis: IPersistence, room: LivechatRoomDetails, requester: Requester): Promise<PdfRequestResult> {
    const store = storeOf(read, persis);
    const existing = await store.get(room.id, 'pdf');
    if (existing?.archive && existing.status !== 'failed') {
        const records = new AttemptRecords(appRecords(read.getPersistenceReader(), persis), requestKey(existing));
        const copy = await orderArchiveCopy(store, records, existing, requester, (when) => scheduleDelivery(modify, { rid: room.id, kind: 'pdf' }, when));
        if (copy) {
            return copy;
        }
    }
    if (!mayOrderNew(existing)) {
        return 'already-requested';
    }
    await place(modify, store, newRequest({ rid: room.id, kind: 'pdf', requestedBy: requester }, new Date()), room.isOpen);
    return room.isOpen ? 'waiting-for-close' : 'queued';
}

/**
 * The room already has (or is making) its archive PDF: the agent receives that file in their direct
 * message instead of a second room copy. The first order is the one served; undefined once served,
 * so a later order makes a PDF of its own. The order is written before the request is read: an
 * attempt finishing meanwhile reads the orders after its write (services/delivery/attempt.ts).
 */
export async function orderArchiveCopy(
    store: RequestStore,
    records: AttemptRecords,
    archive: TranscriptRequest,
    requester: Requester,
    schedule: (when: Date) => Promise<void>,
    now = new Date(),
): Promise<PdfRequestResult | undefined> {
    const orders = await records.directCopyOrders();
    if (orders.length > 0) {
        return isFinished(archive) ? undefined : 'already-requested';
    }
    await records.addDirectCopyOrder({ requester, at: now.toISOString() });
    const latest = await store.get(archive.rid, 'pdf');
    if (latest && requestKey(latest) === requestKey(archive) && latest.status === 'sent') {
        await store.save(reopened(latest, now), now);
        await schedule(now);
    }
    return 'room-copy-kept';
}

/** Removes the room's `kind` request while it waits for the close; one being delivered stays. */
export async function cancelWaiting(read: IRead, persis: IPersistence, user: IUser, rid: unknown, kind: TranscriptKind): Promise<CancelResult> {
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
    const store = storeOf(read, persis);
    if (!mayCancel(await store.get(room.id, kind), room.isOpen)) {
        return 'not-requested';
    }
    await store.remove(room.id, kind);
    return 'cancelled';
}

/** The room's email and PDF requests and the visitors' copies, for anyone who may order either. */
export async function readStatus(read: IRead, user: IUser, rid: unknown): Promise<StatusResult> {
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
    const requests = await storeOf(read).forRoom(room.id);
    if (requests.length === 0) {
        return { code: 'not-requested' };
    }
    return {
        code: 'found',
        status: {
            email: requests.find((r) => r.kind === 'email'),
            pdf: requests.find((r) => r.kind === 'pdf'),
            visitorCopies: requests.filter((r) => isVisitorCopy(r.kind)).sort((a, b) => (a.requestedAt < b.requestedAt ? -1 : 1)),
        },
    };
}

/**
 * livechat/room.closeByUser, before the close: the email request its `transcriptEmail` asks for (or
 * its refusal of one), and the PDF `generateTranscriptPdf` asks for, both delivered by the close.
 * Returns how to undo them when the close fails, or `invalid-email`.
 */
export async function prepareClose(
    read: IRead,
    persis: IPersistence,
    room: LivechatRoomDetails,
    user: IUser,
    choice: { email?: CloseEmailChoice; pdf?: boolean; comment?: string; tags?: string[] },
): Promise<{ problem: 'invalid-email' } | { undo: () => Promise<void> }> {
    const store = storeOf(read, persis);
    const { email } = choice;
    const address = email?.sendToVisitor ? email.requestData?.email || visitorEmails(room)[0] : undefined;
    if (email?.sendToVisitor && (!address || !isEmailAddress(address))) {
        return { problem: 'invalid-email' };
    }
    const [previousEmail, previousPdf, previousDetails] = await Promise.all([store.get(room.id, 'email'), store.get(room.id, 'pdf'), readRoomDetails(read.getPersistenceReader(), room.id)]);
    const requester = requesterOf(user);
    const now = new Date();
    if (address) {
        await store.save(newRequest({ rid: room.id, kind: 'email', email: address, subject: email!.requestData?.subject || '', requestedBy: requester }, now));
    } else if (email) {
        await store.remove(room.id, 'email');
    }
    const newPdf = choice.pdf && mayOrderNew(previousPdf);
    if (newPdf) {
        await store.save(newRequest({ rid: room.id, kind: 'pdf', requestedBy: requester }, now));
    }
    await saveRoomDetails(read.getPersistenceReader(), persis, room.id, { comment: choice.comment, tags: choice.tags, visitorEmailDeclined: !!email && !email.sendToVisitor });
    return {
        undo: async () => {
            await (previousEmail ? store.save(previousEmail) : store.remove(room.id, 'email'));
            if (newPdf) {
                await (previousPdf ? store.save(previousPdf) : store.remove(room.id, 'pdf'));
            }
            await saveRoomDetails(read.getPersistenceReader(), persis, room.id, { visitorEmailDeclined: previousDetails?.visitorEmailDeclined });
        },
    };
}

/**
 * IPostLivechatRoomClosed, however the room closed: the close-time settings' requests, then every
 * request waiting for the close becomes due. The settings' requests carry the close time as their
 * request time, so a duplicate close event writes the same request (the same receipts), not a second one.
 */
export async function onRoomClosed(read: IRead, modify: IModify, persis: IPersistence, room: ILivechatRoom): Promise<void> {
    const store = storeOf(read, persis);
    const settings = await readAppSettings(read);
    const closedAt = room.closedAt ? new Date(room.closedAt) : new Date();
    if (settings.emailVisitorOnClose || settings.keepPdfOnClose) {
        const requester = await closeRequester(read, room);
        if (settings.emailVisitorOnClose && requester) {
            await orderVisitorEmailOnClose(read, store, room as LivechatRoomDetails, requester, closedAt);
        }
        if (settings.keepPdfOnClose && requester && !(await store.get(room.id, 'pdf'))) {
            await store.save(newRequest({ rid: room.id, kind: 'pdf', requestedBy: requester, archive: true }, closedAt));
        }
    }
    const now = new Date();
    for (const { kind } of await store.forRoom(room.id)) {
        // Read again right before the write, so a delivery that just finished is never overwritten.
        const request = await store.get(room.id, kind);
        if (request && isWaiting(request)) {
            await store.save(makeDue(request, now), now);
            await scheduleDelivery(modify, { rid: room.id, kind }, now);
        }
    }
}

/**
 * Who orders what nobody asked for, as Rocket.Chat's `parseTranscriptRequest`: the agent who closed
 * the room, else the serving agent, else the app user (Rocket.Chat takes rocket.cat).
 */
async function closeRequester(read: IRead, room: ILivechatRoom): Promise<Requester | undefined> {
    const user = (room.closer === 'user' && room.closedBy) || room.servedBy || (await read.getUserReader().getAppUser());
    return user ? requesterOf(user) : undefined;
}

/** "Always email the transcript to the visitor": the first address, the default subject, unless the room has an email request or the close declined it. */
async function orderVisitorEmailOnClose(read: IRead, store: RequestStore, room: LivechatRoomDetails, requester: Requester, closedAt: Date): Promise<void> {
    const [address] = visitorEmails(room);
    if (!address || !isEmailAddress(address) || (await store.get(room.id, 'email'))) {
        return;
    }
    if ((await readRoomDetails(read.getPersistenceReader(), room.id))?.visitorEmailDeclined) {
        return;
    }
    await store.save(newRequest({ rid: room.id, kind: 'email', email: address, subject: '', requestedBy: requester }, closedAt));
}

/**
 * POST livechat/transcript: the visitor's own request, for their own room (checked by the caller).
 * An open room's request becomes its email request, delivered at the close. A closed room's
 * transcript is sent now, once per address, to at most MAX_VISITOR_COPIES addresses.
 */
export async function orderForVisitor(
    read: IRead,
    modify: IModify,
    persis: IPersistence,
    visitor: IVisitor,
    room: LivechatRoomDetails,
    body: { email: string; subject?: string },
): Promise<VisitorRequestResult> {
    if (!(await readAppSettings(read)).visitorRequests) {
        return 'not-allowed';
    }
    const email = body.email.trim();
    if (!isEmailAddress(email)) {
        return 'invalid-email';
    }
    const store = storeOf(read, persis);
    const requester = room.servedBy ? requesterOf(room.servedBy) : await appRequester(read);
    const language = visitorLanguage(visitor);
    const fields = { rid: room.id, email, subject: body.subject || '', requestedBy: requester, requestedByVisitor: true, ...(language ? { language } : {}) };
    if (room.isOpen) {
        if (!mayOrderNew(await store.get(room.id, 'email'))) {
            return 'already-requested';
        }
        await place(modify, store, newRequest({ ...fields, kind: 'email' }, new Date()), true);
        return 'will-send-at-close';
    }
    const kind = visitorCopyKind(email);
    const requests = await store.forRoom(room.id);
    // Already sent (or on its way) to this address: as the room's email, or as a visitor's copy.
    const sameAddress = (r: TranscriptRequest) => r.kind === kind || (r.kind === 'email' && r.status !== 'failed' && r.email?.toLowerCase() === email.toLowerCase());
    if (requests.some(sameAddress)) {
        return 'sent';
    }
    if (requests.filter((r) => isVisitorCopy(r.kind)).length >= MAX_VISITOR_COPIES) {
        return 'too-many-addresses';
    }
    await place(modify, store, newRequest({ ...fields, kind }, new Date()), false);
    return 'sent';
}

async function appRequester(read: IRead): Promise<Requester> {
    const app = await read.getUserReader().getAppUser();
    if (!app) {
        throw new Error('The app user does not exist');
    }
    return requesterOf(app);
}

/** The visitor's language for the endpoint's answer, when the workspace knows it. */
export const visitorLanguage = (visitor: IVisitor): string | undefined => (visitor as IVisitor & { language?: string }).language || visitor.livechatData?.language;
