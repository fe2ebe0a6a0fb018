// Transcript requests as kept in app persistence, and how their delivery state moves.
import { RedactionCounts } from '../redaction/types';
import { TranscriptPart } from '../transcript/parts';

/** A copy a visitor asked for after the close, one per address: `email-to-<digest of the address>`. */
export type VisitorCopyKind = string & { readonly visitorCopy: true };

/** A room's email request, its PDF request, or a visitor's copy (an email too). One record per room and kind. */
export type TranscriptKind = 'email' | 'pdf' | VisitorCopyKind;

/** `email-to-` and a digest of the address (lib/delivery/visitorCopy.ts). */
export const VISITOR_COPY_PREFIX = 'email-to-';

export const isVisitorCopy = (kind: TranscriptKind): kind is VisitorCopyKind => kind.startsWith(VISITOR_COPY_PREFIX);

/** How a kind is delivered: a visitor's copy is an email. */
export const channelOf = (kind: TranscriptKind): 'email' | 'pdf' => (kind === 'pdf' ? 'pdf' : 'email');
export type DeliveryStatus = 'pending' | 'sent' | 'failed';

export interface Requester {
    _id: string;
    username: string;
    name: string;
    utcOffset: number;
}

export interface TranscriptRequest {
    rid: string;
    kind: TranscriptKind;
    status: DeliveryStatus;
    email?: string;
    subject?: string;
    requestedAt: string;
    requestedBy: Requester;
    /** The visitor asked (POST livechat/transcript); `requestedBy` is then the serving agent, or the app when none. */
    requestedByVisitor?: boolean;
    /** The language of a transcript the visitor asked for: theirs, when the workspace knows it (else the requester's). */
    language?: string;
    /**
     * A PDF kept in the room at the close (setting "Keep a PDF transcript in the room"): nobody asked,
     * so it has no copy in anyone's direct message unless an agent asks for one (AttemptRecords.directCopyOrders).
     */
    archive?: boolean;
    /** When the next delivery attempt may run; absent while an email waits for the room to close. */
    dueAt?: string;
    attempts: number;
    lastError?: string;
    /**
     * Shown while an attempt runs: which, since when, whether it has begun sending. Who may send is
     * decided by claim records and receipts (lib/delivery/claims.ts), never by this field.
     */
    claim?: { id: string; since: string; sending?: boolean };
    deliveredAt?: string;
    sha256?: string;
    fileId?: string;
    fileName?: string;
    /** PDF: the files uploaded so far, one per part (lib/transcript/parts); the last may still lack the requester's copy. */
    parts?: PdfPart[];
    /** Email of a conversation too long for one: the parts sent so far. */
    emails?: EmailPart[];
    /** PDF: messages per part when the workspace's FileUpload_MaxFileSize asks for smaller parts than the setting (lib/uploadRules). */
    pdfMessagesPerPart?: number;
    /** How many spans of each kind were redacted in what went out (all parts so far). Never the values. */
    redactions?: RedactionCounts;
}

export interface EmailPart {
    sha256: string;
    part: TranscriptPart;
}

export interface PdfPart {
    fileId: string;
    fileName: string;
    sha256: string;
    /** The room copy went out and so did the requester's. */
    complete?: boolean;
    /** Which part of how many, of how long a conversation; absent when one PDF holds it all. */
    part?: TranscriptPart;
}

export function newRequest(fields: Pick<TranscriptRequest, 'rid' | 'kind' | 'requestedBy'> & Partial<TranscriptRequest>, now: Date): TranscriptRequest {
    return { status: 'pending', attempts: 0, requestedAt: now.toISOString(), ...fields };
}

export const isWaiting = (request: TranscriptRequest): boolean => request.status === 'pending' && !request.dueAt;

/** Due now. An attempt that died leaves its request due, so the next one takes it up (its claim decides when). */
export const isDue = (request: TranscriptRequest, now: Date): boolean => request.status === 'pending' && !!request.dueAt && Date.parse(request.dueAt) <= now.getTime();

export const isFinished = (request: TranscriptRequest): boolean => request.status !== 'pending';

/** One request's records (claims, receipts) are kept under this key: a new request of the room starts anew. */
export const requestKey = (request: Pick<TranscriptRequest, 'rid' | 'kind' | 'requestedAt'>): string => `${request.rid}:${request.kind}:${request.requestedAt}`;

export function makeDue(request: TranscriptRequest, now: Date): TranscriptRequest {
    return { ...request, dueAt: now.toISOString() };
}

export function claimed(request: TranscriptRequest, claimId: string, now: Date): TranscriptRequest {
    return { ...request, attempts: request.attempts + 1, claim: { id: claimId, since: now.toISOString() } };
}

export function delivered(request: TranscriptRequest, now: Date, result: { sha256: string; fileId?: string; fileName?: string }): TranscriptRequest {
    const { claim, dueAt, lastError, ...rest } = request;
    return { ...rest, ...result, status: 'sent', deliveredAt: now.toISOString() };
}

/** A finished request due again for what is still missing (an agent ordered a copy of the room's archive PDF). */
export function reopened(request: TranscriptRequest, now: Date): TranscriptRequest {
    const { deliveredAt, lastError, ...rest } = request;
    return { ...rest, status: 'pending', attempts: 0, dueAt: now.toISOString() };
}

/** A part of a long transcript went out and more remain: the next part is due now, with tries of its own. */
export function partDelivered(request: TranscriptRequest, now: Date): TranscriptRequest {
    const { claim, lastError, ...rest } = request;
    return { ...rest, attempts: 0, dueAt: now.toISOString() };
}

/**
 * After a failed attempt: due again after the next retry delay, or `failed` once every
 * delay is used up (attempts = 1 + number of delays).
 */
export function attemptFailed(request: TranscriptRequest, error: string, now: Date, retryDelaysMinutes: number[]): TranscriptRequest {
    const { claim, ...rest } = request;
    const delay = retryDelaysMinutes[request.attempts - 1];
    if (delay === undefined) {
        const { dueAt, ...done } = rest;
        return { ...done, status: 'failed', lastError: error };
    }
    return { ...rest, lastError: error, dueAt: new Date(now.getTime() + delay * 60_000).toISOString() };
}

/** "1, 5, 30" -> [1, 5, 30]; anything unparsable is dropped. */
export function parseRetryDelays(value: unknown): number[] {
    return String(value ?? '')
        .split(',')
        .map((part) => part.trim())
        .filter((part) => part !== '')
        .map(Number)
        .filter((minutes) => Number.isFinite(minutes) && minutes >= 0);
}

/** What GET livechat/transcript/:rid shows of a request. */
export function publicView(request: TranscriptRequest): Record<string, unknown> {
    const { claim, rid, kind, ...view } = request;
    return { ...view, ...(claim ? { sendingSince: claim.since } : {}) };
}

/** Where a request stands, as the slash command and the panel word it. */
export type DeliveryState = 'waiting' | 'queued' | 'retrying' | 'sending' | 'sent' | 'failed';

export function deliveryState(request: TranscriptRequest): DeliveryState {
    if (request.status !== 'pending') {
        return request.status;
    }
    if (request.claim) {
        return 'sending';
    }
    if (!request.dueAt) {
        return 'waiting';
    }
    return request.attempts > 0 ? 'retrying' : 'queued';
}

/** One request of a kind per room at a time: a new one may be ordered unless one is still pending. */
export const mayOrderNew = (existing: TranscriptRequest | undefined): boolean => !existing || existing.status !== 'pending';

/**
 * The pending request is this very order again (same requester, address and subject): a repeat of a
 * submit the UI client gave up waiting for, after the app had stored it.
 */
export const isSameOrder = (existing: TranscriptRequest | undefined, requesterId: string, email: string, subject: string): boolean =>
    !!existing && existing.status === 'pending' && existing.requestedBy._id === requesterId && existing.email === email && (existing.subject || '') === subject;

/** Only a request still waiting for the close of an open room can be cancelled. */
export const mayCancel = (existing: TranscriptRequest | undefined, roomOpen: boolean): boolean => roomOpen && !!existing && isWaiting(existing);
