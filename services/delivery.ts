// Delivers one transcript request: renders it, sends or uploads it, and records the outcome.
// A request is claimed in persistence before the attempt, so a duplicate job or close event
// never sends twice; a failed attempt is retried after the configured delays.
import { createHash, randomBytes } from 'crypto';
import { IModify, IPersistence, IRead } from '@rocket.chat/apps-engine/definition/accessors';
import { ILivechatRoom } from '@rocket.chat/apps-engine/definition/livechat';
import { renderEmail } from '../lib/email/renderEmail';
import { renderPdf } from '../lib/pdf/renderPdf';
import { attemptFailed, claimed, delivered, isDue, TranscriptKind, TranscriptRequest } from '../lib/requests';
import { pdfFileName } from '../lib/transcript/fileName';
import { boundFormat } from '../lib/transcript/format';
import { readAppSettings } from './appSettings';
import { LivechatRoomDetails, loadTranscript } from './conversation';
import { directRoomWith, sendDirectMessage } from './directMessage';
import { translator } from './i18n';
import { scheduleDelivery } from './jobs';
import { RequestStore } from './requestStore';

/** Attempts under way in this runtime, so that a job and a sweep never race on one request. */
const inFlight = new Set<string>();

/** A claim older than this belongs to an attempt that died (calls time out after 30 s). */
const STALE_CLAIM_MS = 2 * 60_000;

export interface DeliveryOutcome {
    sha256: string;
    fileId?: string;
    fileName?: string;
}

const sha256 = (data: string | Uint8Array) => createHash('sha256').update(data).digest('hex');

export class TranscriptDelivery {
    private readonly store: RequestStore;

    constructor(private readonly read: IRead, private readonly modify: IModify, persis: IPersistence) {
        this.store = new RequestStore(read.getPersistenceReader(), persis);
    }

    /** Runs the request for (rid, kind) if it is due. Never throws: the outcome is recorded. */
    public async run(rid: string, kind: TranscriptKind): Promise<void> {
        const key = `${rid}:${kind}`;
        if (inFlight.has(key)) {
            return;
        }
        inFlight.add(key);
        try {
            await this.attempt(rid, kind);
        } finally {
            inFlight.delete(key);
        }
    }

    /** Delivers every due request and settles attempts that died half-way. */
    public async sweep(now = new Date()): Promise<void> {
        for (const request of await this.store.all()) {
            if (request.claim && now.getTime() - Date.parse(request.claim.since) > STALE_CLAIM_MS && !inFlight.has(`${request.rid}:${request.kind}`)) {
                await this.settleInterrupted(request, now);
            } else if (isDue(request, now)) {
                await this.run(request.rid, request.kind);
            }
        }
    }

    private async attempt(rid: string, kind: TranscriptKind): Promise<void> {
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
        let outcome: DeliveryOutcome;
        try {
            outcome = kind === 'email' ? await this.sendEmail(current) : await this.uploadPdf(current);
        } catch (error) {
            await this.recordFailure(current, (error as Error)?.message || String(error));
            return;
        }
        await this.store.save(delivered(current, new Date(), outcome));
    }

    private async recordFailure(request: TranscriptRequest, message: string): Promise<void> {
        const settings = await readAppSettings(this.read);
        const next = attemptFailed(request, message, new Date(), settings.retryDelaysMinutes);
        await this.store.save(next);
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

    private async markSending(request: TranscriptRequest): Promise<void> {
        await this.store.save({ ...request, claim: { ...request.claim!, sending: true } });
    }

    private async room(rid: string): Promise<LivechatRoomDetails> {
        const room = (await this.read.getRoomReader().getById(rid)) as ILivechatRoom | undefined;
        if (!room) {
            throw new Error('error-invalid-room: the room no longer exists');
        }
        return room as LivechatRoomDetails;
    }

    private async sendEmail(request: TranscriptRequest): Promise<DeliveryOutcome> {
        const room = await this.room(request.rid);
        const requester = await this.read.getUserReader().getById(request.requestedBy._id);
        const transcript = await loadTranscript(this.read, room, { language: requester?.settings?.preferences?.language, utcOffset: request.requestedBy.utcOffset });
        const i18n = translator();
        const { html, text } = renderEmail(transcript, i18n);
        const subject = request.subject || i18n.t(transcript.language, 'email_default_subject');
        await this.markSending(request);
        await this.modify.getCreator().getEmailCreator().send({ to: request.email!, subject, html, text });
        return { sha256: sha256(`${html}\n${text}`) };
    }

    private async uploadPdf(request: TranscriptRequest): Promise<DeliveryOutcome> {
        const room = await this.room(request.rid);
        const requester = await this.read.getUserReader().getById(request.requestedBy._id);
        const transcript = await loadTranscript(this.read, room, { language: requester?.settings?.preferences?.language, utcOffset: request.requestedBy.utcOffset });
        const i18n = translator();
        const pdf = await renderPdf(transcript, i18n.labels(transcript.language), boundFormat(transcript.language, transcript.timeZone));
        const fileName = pdfFileName(transcript.header.siteName, transcript.header.closedAt || Date.now(), transcript.header.visitorName, transcript.timeZone);
        const { room: direct, appUser } = await directRoomWith(this.read, this.modify, request.requestedBy._id);
        await this.markSending(request);
        const uploads = this.modify.getCreator().getUploadCreator();
        const upload = await uploads.uploadBuffer(Buffer.from(pdf), { filename: fileName, room, user: appUser });
        await uploads.uploadBuffer(Buffer.from(pdf), { filename: fileName, room: direct, user: appUser });
        return { sha256: sha256(pdf), fileId: upload.id, fileName };
    }

    private async tellRequester(request: TranscriptRequest): Promise<void> {
        const requester = await this.read.getUserReader().getById(request.requestedBy._id);
        const i18n = translator();
        const language = i18n.resolveLanguage(requester?.settings?.preferences?.language);
        const key = request.kind === 'email' ? 'notify_email_failed' : 'notify_pdf_failed';
        try {
            await sendDirectMessage(this.read, this.modify, request.requestedBy._id, i18n.t(language, key, { room: request.rid, error: request.lastError || '' }));
        } catch {
            // The failure stays visible in GET livechat/transcript/:rid.
        }
    }
}
