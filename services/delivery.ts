// Delivers one transcript request: renders it, sends or uploads it, and records the outcome.
// A request is claimed in persistence before the attempt, so a duplicate job or close event
// never sends twice; a failed attempt is retried after the configured delays. What is written
// after something went out (the outcome, the PDF's room copy) is retried in-process, so a
// transient persistence failure neither loses the outcome nor causes a second send. A long
// conversation goes out in parts, one job each (lib/transcript/parts).
import { createHash, randomBytes } from 'crypto';
import { ILogger, IModify, IPersistence, IRead } from '@rocket.chat/apps-engine/definition/accessors';
import { ILivechatRoom } from '@rocket.chat/apps-engine/definition/livechat';
import { renderEmailInTurns } from '../lib/email/renderEmail';
import { renderPdf } from '../lib/pdf/renderPdf';
import { attemptFailed, claimed, delivered, isDue, isWaiting, makeDue, partDelivered, TranscriptKind, TranscriptRequest, withRedactions } from '../lib/requests';
import { pdfFileName } from '../lib/transcript/fileName';
import { failureReason } from '../lib/errors';
import { boundFormat } from '../lib/transcript/format';
import { Transcript } from '../lib/transcript/types';
import { partFileName, partLabel } from '../lib/transcript/parts';
import { messagesPerPartUnder, pdfOrderRefusal, REFUSAL_KEYS, settingRefusalIn } from '../lib/uploadRules';
import { readAppSettings, readWorkspaceSettings } from './appSettings';
import { describedForJson, engineBuffer } from './bridgePayload';
import { LivechatRoomDetails, loadTranscript } from './conversation';
import { directRoomWith, sendDirectMessage } from './directMessage';
import { translator } from './i18n';
import { DeliveryJobData, scheduleDelivery } from './jobs';
import { RequestStore } from './requestStore';
import { readUploadSettings } from './uploadSettings';

/** A claim older than this belongs to an attempt that died (calls time out after 30 s). */
const STALE_CLAIM_MS = 2 * 60_000;

/**
 * The attempt under way in this runtime. One at a time: reading and rendering a long
 * conversation is the app's largest use of memory, and a job and a sweep never race on a request.
 * A job that finds another attempt running waits in `waiting`; the running attempt schedules the
 * next one when it ends, or, an email, once it only waits for the workspace to send it (emails
 * first: they take a second, a long PDF many), and a fallback job
 * (or the sweep) takes it up if that is lost. An attempt older than STALE_CLAIM_MS (a bridge call
 * that never answered) no longer holds the others back.
 */
let running: { key: string; since: number } | undefined;
const waiting = new Map<string, DeliveryJobData>();
const BUSY_FALLBACK_MS = 30_000;

/** The next job in line: emails first, then in order of arrival. */
const nextInLine = (): DeliveryJobData | undefined => {
    const jobs = [...waiting.values()];
    return jobs.find((job) => job.kind === 'email') || jobs[0];
};

const isRunning = (key?: string) => !!running && Date.now() - running.since < STALE_CLAIM_MS && (key === undefined || running.key === key);

/** Pauses between the tries of a write that follows a send: 3 tries in all. */
const RECORD_RETRY_PAUSES_MS = [250, 1000];

const keyOf = (rid: string, kind: TranscriptKind) => `${rid}:${kind}`;

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * An attempt could not record what it did: it leaves its claim, and the sweep later settles it
 * (a claim that was `sending` as `delivery-outcome-unknown`, rather than send again).
 */
class UnrecordedOutcome extends Error {}

/** A part of a long PDF went out and the next one is due in a job of its own. */
const MORE_PARTS = Symbol('more-parts');

/** The request as last written by the attempt that holds its claim. */
interface Attempt {
    request: TranscriptRequest;
}

export interface DeliveryOutcome {
    sha256: string;
    fileId?: string;
    fileName?: string;
}

/** SHA-256 of the pieces one after the other (an email's HTML and text are never joined into one string). */
const sha256 = (...pieces: Array<string | Uint8Array>) => pieces.reduce((hash, piece) => hash.update(piece), createHash('sha256')).digest('hex');

export class TranscriptDelivery {
    private readonly store: RequestStore;

    /** `logger`: where refused redaction patterns are reported (the app log). */
    constructor(private readonly read: IRead, private readonly modify: IModify, persis: IPersistence, private readonly logger?: ILogger) {
        this.store = new RequestStore(read.getPersistenceReader(), persis);
    }

    /** Runs the request for (rid, kind) if it is due. Never throws: the outcome is recorded, or the sweep takes it up again. */
    public async run(rid: string, kind: TranscriptKind): Promise<void> {
        if (kind === 'pdf' && (await this.isDue(rid, 'email'))) {
            // The room's email goes first: it takes a second, the PDF may take many. The PDF
            // waits in line and gets a call of its own.
            waiting.set(keyOf(rid, kind), { rid, kind });
            return this.run(rid, 'email');
        }
        const key = keyOf(rid, kind);
        if (isRunning(key)) {
            return;
        }
        if (isRunning()) {
            waiting.set(key, { rid, kind });
            await scheduleDelivery(this.modify, { rid, kind }, new Date(Date.now() + BUSY_FALLBACK_MS)).catch(() => undefined);
            return;
        }
        const mine = { key, since: Date.now() };
        running = mine;
        waiting.delete(key);
        const handOver = () => this.handOver(mine);
        try {
            await this.attempt(rid, kind, handOver);
        } catch {
            // Persistence failed: the request is still due or claimed, and a later sweep settles it.
        } finally {
            await handOver();
        }
    }

    /**
     * Ends `mine`'s hold on the line and schedules the next job in line. Called when the attempt
     * ends, or earlier by an email whose last part only waits for the workspace to send it: the
     * next job (the room's PDF) renders meanwhile. Does nothing the second time.
     */
    private async handOver(mine: { key: string; since: number }): Promise<void> {
        if (running !== mine) {
            return;
        }
        running = undefined;
        const next = nextInLine();
        if (next) {
            waiting.delete(keyOf(next.rid, next.kind));
            await scheduleDelivery(this.modify, next).catch(() => undefined);
        }
    }

    /**
     * Delivers every due request, and requests still waiting for a close that happened while the
     * app could not hear it (disabled, down); settles attempts that died half-way.
     */
    public async sweep(now = new Date()): Promise<void> {
        for (const { rid, kind } of await this.store.all()) {
            try {
                await this.sweepOne(rid, kind, now);
            } catch {
                // Left for the next sweep.
            }
        }
    }

    private async sweepOne(rid: string, kind: TranscriptKind, now: Date): Promise<void> {
        if (isRunning(keyOf(rid, kind))) {
            return;
        }
        // Read again: the list is as old as the sweep, and a job may have delivered since.
        const request = await this.store.get(rid, kind);
        if (!request) {
            return;
        }
        if (request.claim) {
            if (now.getTime() - Date.parse(request.claim.since) > STALE_CLAIM_MS) {
                await this.settleInterrupted(request, now);
            }
            return;
        }
        if (isWaiting(request) && !(await this.roomIsOpen(rid))) {
            await this.store.save(makeDue(request, now));
        } else if (!isDue(request, now)) {
            return;
        }
        await this.run(rid, kind);
    }

    private async isDue(rid: string, kind: TranscriptKind): Promise<boolean> {
        const request = await this.store.get(rid, kind);
        return !!request && isDue(request, new Date());
    }

    private async attempt(rid: string, kind: TranscriptKind, handOver: () => Promise<void>): Promise<void> {
        const request = await this.store.get(rid, kind);
        const now = new Date();
        if (!request || !isDue(request, now)) {
            return;
        }
        const claimId = randomBytes(8).toString('hex');
        await this.store.save(claimed(request, claimId, now));
        const current = await this.store.get(rid, kind);
        if (current?.claim?.id !== claimId) {
            return;
        }
        const attempt: Attempt = { request: current };
        let outcome: DeliveryOutcome | typeof MORE_PARTS;
        try {
            outcome = kind === 'email' ? await this.sendEmail(attempt, handOver) : await this.uploadPdf(attempt);
        } catch (error) {
            if (!(error instanceof UnrecordedOutcome)) {
                await this.recordFailure(attempt.request, failureReason(error));
            }
            return;
        }
        if (outcome === MORE_PARTS) {
            // The next part takes its turn in line; if this runtime stops, the sweep finds it due.
            waiting.set(keyOf(rid, kind), { rid, kind });
            return;
        }
        await this.record(delivered(attempt.request, new Date(), outcome));
    }

    /**
     * Writes what an attempt did (sent, a PDF's room copy, a failure), retrying a failed write a
     * few times. Throws UnrecordedOutcome when it keeps failing: the claim stays.
     */
    private async record(request: TranscriptRequest): Promise<void> {
        for (let tries = 0; ; tries++) {
            try {
                await this.store.save(request);
                return;
            } catch (error) {
                if (tries >= RECORD_RETRY_PAUSES_MS.length) {
                    throw new UnrecordedOutcome(failureReason(error));
                }
                await pause(RECORD_RETRY_PAUSES_MS[tries]);
            }
        }
    }

    private async recordFailure(request: TranscriptRequest, message: string): Promise<void> {
        const settings = await readAppSettings(this.read);
        // A refusal a workspace setting causes is not retried: nothing changes until an admin does.
        const next = attemptFailed(request, message, new Date(), settingRefusalIn(message) ? [] : settings.retryDelaysMinutes);
        await this.record(next);
        if (next.status === 'failed') {
            await this.tellRequester(next);
        } else if (next.dueAt) {
            await scheduleDelivery(this.modify, { rid: next.rid, kind: next.kind }, new Date(next.dueAt));
        }
    }

    /**
     * An attempt that died before it started sending is retried; one that died while sending
     * may have delivered, so it is marked failed rather than risk a duplicate.
     */
    private async settleInterrupted(request: TranscriptRequest, now: Date): Promise<void> {
        if (request.claim?.sending) {
            const { claim, dueAt, ...rest } = request;
            const failed: TranscriptRequest = { ...rest, status: 'failed', lastError: 'delivery-outcome-unknown: the attempt was interrupted while sending' };
            await this.store.save(failed);
            await this.tellRequester(failed);
            return;
        }
        const { claim, ...rest } = request;
        await this.store.save({ ...rest, dueAt: now.toISOString() });
        await this.run(request.rid, request.kind);
    }

    /** From here on the attempt may have delivered: if it dies, the request is not sent again. */
    private async markSending(attempt: Attempt): Promise<void> {
        const sending = { ...attempt.request, claim: { ...attempt.request.claim!, sending: true } };
        await this.store.save(sending);
        attempt.request = sending;
    }

    private async roomIsOpen(rid: string): Promise<boolean> {
        const room = (await this.read.getRoomReader().getById(rid)) as ILivechatRoom | undefined;
        // A closed room has no `isOpen` at all in Rocket.Chat (its converter copies only defined fields).
        return !!room && room.isOpen === true;
    }

    private async room(rid: string): Promise<LivechatRoomDetails> {
        const room = (await this.read.getRoomReader().getById(rid)) as ILivechatRoom | undefined;
        if (!room) {
            throw new Error('error-invalid-room: the room no longer exists');
        }
        return room as LivechatRoomDetails;
    }

    /**
     * Sends the email (the next part of a long one). Returns MORE_PARTS while parts remain. Once
     * the last part is marked sending, the line goes to the next job (`handOver`).
     */
    private async sendEmail(attempt: Attempt, handOver: () => Promise<void>): Promise<DeliveryOutcome | typeof MORE_PARTS> {
        const request = attempt.request;
        const room = await this.room(request.rid);
        const requester = await this.read.getUserReader().getById(request.requestedBy._id);
        const sent = request.emails || [];
        const audience = { language: requester?.settings?.preferences?.language, utcOffset: request.requestedBy.utcOffset };
        // The room's PDF, when due, comes next in line (emails first) and takes up this read.
        const keepForNext = await this.isDue(request.rid, 'pdf');
        const transcript = await loadTranscript(this.read, room, audience, { index: sent.length, kind: 'email', first: sent[0]?.part, keepForNext });
        this.logRefusedPatterns(transcript);
        const i18n = translator();
        const { html, text } = await renderEmailInTurns(transcript, i18n);
        const { part } = transcript.header;
        const subject = request.subject || i18n.t(transcript.language, 'email_default_subject');
        const partSubject = part ? `${subject} (${partLabel(i18n.labels(transcript.language).label_part, part)})` : subject;
        await this.markSending(attempt);
        if (!part || sent.length + 1 >= part.count) {
            await handOver();
        }
        const { fromEmail } = await readWorkspaceSettings(this.read);
        const email = describedForJson({ to: request.email!, from: fromEmail, subject: partSubject, html, text }, { to: request.email, subject: partSubject, htmlLength: html.length, textLength: text.length });
        await this.modify.getCreator().getEmailCreator().send(email);
        attempt.request = withRedactions(attempt.request, transcript.redaction?.counts);
        const digest = sha256(html, '\n', text);
        if (!part) {
            return { sha256: digest };
        }
        attempt.request = { ...attempt.request, emails: [...sent, { sha256: digest, part }] };
        if (sent.length + 1 < part.count) {
            await this.record(partDelivered(attempt.request, new Date()));
            return MORE_PARTS;
        }
        return { sha256: attempt.request.emails![0].sha256 };
    }

    /**
     * Uploads the PDF (the next part of a long one) to the room, then to the requester's direct
     * message. The room copy is recorded before the second upload, so a retry only sends the
     * missing copy, with the same bytes. Returns MORE_PARTS while parts remain.
     */
    private async uploadPdf(attempt: Attempt): Promise<DeliveryOutcome | typeof MORE_PARTS> {
        const request = attempt.request;
        const room = await this.room(request.rid);
        // The workspace's upload settings (lib/uploadRules): what they refuse fails now, without retries.
        const uploadSettings = await readUploadSettings(this.read);
        const refused = pdfOrderRefusal(uploadSettings);
        if (refused) {
            throw new Error(refused);
        }
        const { room: direct, appUser } = await directRoomWith(this.read, this.modify, request.requestedBy._id);
        const uploads = this.modify.getCreator().getUploadCreator();
        /** The requester's copy, or where to find the room's when direct messages take no files. */
        const toRequester = async (pdf: Buffer, fileName: string) => {
            if (!uploadSettings.directEnabled) {
                const requester = await this.read.getUserReader().getById(request.requestedBy._id);
                const i18n = translator();
                const language = i18n.resolveLanguage(requester?.settings?.preferences?.language);
                await sendDirectMessage(this.read, this.modify, request.requestedBy._id, i18n.t(language, 'transcript_pdf_no_direct_uploads', { room: request.rid }));
                return;
            }
            await uploads.uploadBuffer(pdf, { filename: fileName, room: direct, user: appUser });
        };
        const files = request.parts || [];
        let file = files[files.length - 1];
        if (file && !file.complete) {
            const pdf = engineBuffer(await this.read.getUploadReader().getBufferById(file.fileId));
            await this.markSending(attempt);
            await toRequester(pdf, file.fileName);
        } else {
            const requester = await this.read.getUserReader().getById(request.requestedBy._id);
            const audience = { language: requester?.settings?.preferences?.language, utcOffset: request.requestedBy.utcOffset };
            const transcript = await loadTranscript(this.read, room, audience, { index: files.length, kind: 'pdf', first: file?.part, maxMessages: request.pdfMessagesPerPart });
            this.logRefusedPatterns(transcript);
            const i18n = translator();
            const pdf = engineBuffer(await renderPdf(transcript, i18n.labels(transcript.language), boundFormat(transcript.language, transcript.timeZone)));
            const { header } = transcript;
            if (uploadSettings.maxFileSize > -1 && pdf.length > uploadSettings.maxFileSize) {
                // Too large for the workspace: the first part is made again, in parts that fit.
                const current = request.pdfMessagesPerPart || (await readAppSettings(this.read)).pdfMessagesPerFile;
                const smaller = messagesPerPartUnder(uploadSettings.maxFileSize, { bytes: pdf.length, messages: transcript.messages.length }, current);
                if (files.length > 0 || !smaller || transcript.messages.length <= 1) {
                    throw new Error('error-file-too-large');
                }
                attempt.request = { ...attempt.request, pdfMessagesPerPart: smaller };
                await this.record(partDelivered(attempt.request, new Date()));
                return MORE_PARTS;
            }
            const fileName = partFileName(pdfFileName(header.siteName, header.closedAt || Date.now(), header.visitorName, transcript.timeZone), header.part);
            await this.markSending(attempt);
            const upload = await uploads.uploadBuffer(pdf, { filename: fileName, room, user: appUser });
            file = { fileId: upload.id, fileName, sha256: sha256(pdf), ...(header.part ? { part: header.part } : {}) };
            attempt.request = withRedactions({ ...attempt.request, parts: [...files, file] }, transcript.redaction?.counts);
            await this.record(attempt.request);
            await toRequester(pdf, fileName);
        }
        const parts = [...(attempt.request.parts || []).slice(0, -1), { ...file, complete: true }];
        attempt.request = { ...attempt.request, parts };
        if (file.part && parts.length < file.part.count) {
            await this.record(partDelivered(attempt.request, new Date()));
            return MORE_PARTS;
        }
        return { sha256: parts[0].sha256, fileId: parts[0].fileId, fileName: parts[0].fileName };
    }

    /** A custom redaction pattern that is invalid or unsafe is skipped; the log says which and why. */
    private logRefusedPatterns(transcript: Transcript): void {
        for (const { pattern, reason } of transcript.redaction?.refusedPatterns || []) {
            this.logger?.warn(`Redaction pattern refused: ${JSON.stringify(pattern)}: ${reason}`);
        }
    }

    private async tellRequester(request: TranscriptRequest): Promise<void> {
        const requester = await this.read.getUserReader().getById(request.requestedBy._id);
        const i18n = translator();
        const language = i18n.resolveLanguage(requester?.settings?.preferences?.language);
        const key = request.kind === 'email' ? 'notify_email_failed' : 'notify_pdf_failed';
        const refusal = settingRefusalIn(request.lastError || '');
        const error = refusal ? i18n.t(language, REFUSAL_KEYS[refusal]) : request.lastError || '';
        try {
            await sendDirectMessage(this.read, this.modify, request.requestedBy._id, i18n.t(language, key, { room: request.rid, error }));
        } catch {
            // The failure stays visible in GET livechat/transcript/:rid.
        }
    }
}
