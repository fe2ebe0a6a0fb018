// One delivery attempt of a transcript request: claim it, send its next part through its channel,
// record what went out, and settle how it ended. Whatever instance of the app runs it, and however
// many run at once, a step is sent at most once (lib/delivery/claims.ts).
import { Claim, decideOnClaim, decideOnSend } from '../../lib/delivery/claims';
import { allSent, outcomeOf, progressOf, Receipt, stepsDone } from '../../lib/delivery/receipts';
import { failureReason } from '../../lib/rest/errors';
import { attemptFailed, claimed, delivered, isDue, isFinished, partDelivered, reopened, requestKey, TranscriptRequest } from '../../lib/delivery/requests';
import { settingRefusalIn } from '../../lib/uploadRules';
import { AttemptRecords } from '../attemptRecords';
import { RequestStore } from '../requestStore';
import { AttemptEnd, LineJob } from './line';

/** What a channel (email, PDF) is given to send the request's next part. */
export interface PartSender {
    /** The request as this attempt claimed it. */
    readonly request: TranscriptRequest;
    /** The steps sent so far, this attempt's included. */
    readonly receipts: Receipt[];
    /** Who receives a PDF's copy in their direct message; none for an archive PDF nobody ordered. */
    readonly directCopyTo?: string;
    /**
     * Call right before sending `step`: true to send it now, false when it went out already.
     * Throws when another attempt may be sending: the channel must not send then.
     */
    begin(step: string): Promise<boolean>;
    /** Call right after a step went out. */
    sent(receipt: Omit<Receipt, 'at'>): Promise<void>;
    /** The line may go on to the next job: this attempt only waits for the workspace now. */
    handOver(): Promise<void>;
    /** Changes to the request that the attempt records with its outcome (a PDF's parts planned anew). */
    readonly changes: Partial<TranscriptRequest>;
}

export interface Channel {
    sendNextPart(sender: PartSender): Promise<void>;
}

export interface AttemptDeps {
    store: RequestStore;
    recordsOf(key: string): AttemptRecords;
    /** The channel that sends this request's kind. */
    channel(request: TranscriptRequest): Channel;
    retryDelaysMinutes(): Promise<number[]>;
    schedule(job: LineJob, when: Date): Promise<void>;
    tellRequester(request: TranscriptRequest): Promise<void>;
    now(): Date;
    newId(): string;
    pause(ms: number): Promise<void>;
}

/** Pauses between the tries of a write that follows a send: 3 tries in all. */
const RECORD_RETRY_PAUSES_MS = [250, 1000];

/** Another attempt marked a step for sending first: this one stands back without sending. */
class StandBack extends Error {}

/** An attempt that died while sending may have delivered: the request ends, not sent again. */
class OutcomeUnknown extends Error {}

/** A step went out but could not be recorded: the claim's mark stays, and the request ends as outcome unknown. */
class UnrecordedOutcome extends Error {}

const OUTCOME_UNKNOWN = 'delivery-outcome-unknown: the attempt was interrupted while sending';

export async function attemptDelivery(deps: AttemptDeps, job: LineJob, handOver: () => Promise<void>): Promise<AttemptEnd> {
    const now = deps.now();
    const request = await deps.store.get(job.rid, job.kind);
    if (!request || !isDue(request, now)) {
        if (request && isFinished(request)) {
            // An attempt that stood back may have marked it open again after another finished it.
            await deps.store.unmarkOpen(request.rid, request.kind, now);
        }
        return 'left';
    }
    const records = deps.recordsOf(requestKey(request));
    const mine: Claim = { id: deps.newId(), since: now.toISOString() };
    await records.putClaim(mine);
    const claims = await records.claims();
    const receipts = await records.receipts();
    const decision = decideOnClaim(mine, claims, stepsDone(receipts), now);
    if (decision !== 'proceed') {
        await release(records, mine);
        if (decision === 'outcome-unknown') {
            await settleUnknown(deps, request);
        }
        return 'left';
    }
    const directCopyTo = await directCopyRecipient(records, request);
    if (allSent(job.kind, receipts, !!directCopyTo)) {
        // An earlier attempt sent everything and could not say so: say it now.
        await deps.store.save(delivered({ ...request, ...progressOf(job.kind, receipts) }, now, outcomeOf(job.kind, receipts)));
        await release(records, mine);
        return (await reopenForLateOrder(deps, records, request, directCopyTo)) ? 'more-parts' : 'finished';
    }
    const current = claimed(request, mine.id, now);
    await deps.store.save(current);
    const sender = partSender(deps, records, mine, current, receipts, handOver, directCopyTo);
    try {
        await deps.channel(current).sendNextPart(sender);
    } catch (error) {
        // What went out before the failure shows in GET meanwhile.
        return ended(deps, records, mine, { ...current, ...sender.changes, ...progressOf(job.kind, sender.receipts) }, error);
    }
    const progress = { ...current, ...sender.changes, ...progressOf(job.kind, sender.receipts) };
    const finished = allSent(job.kind, sender.receipts, !!directCopyTo);
    try {
        await withRetries(deps, () => deps.store.save(finished ? delivered(progress, deps.now(), outcomeOf(job.kind, sender.receipts)) : partDelivered(progress, deps.now())));
    } catch {
        // The receipts hold what went out; the next attempt records it.
    }
    await release(records, mine);
    if (finished && (await reopenForLateOrder(deps, records, progress, directCopyTo).catch(() => false))) {
        return 'more-parts';
    }
    return finished ? 'finished' : 'more-parts';
}

/** The PDF's direct-message recipient: the requester, or for an archive PDF the first agent who ordered a copy. */
async function directCopyRecipient(records: AttemptRecords, request: TranscriptRequest): Promise<string | undefined> {
    if (request.kind !== 'pdf') {
        return undefined;
    }
    if (!request.archive) {
        return request.requestedBy._id;
    }
    const [first] = await records.directCopyOrders();
    return first?.requester._id;
}

/**
 * An agent may order a copy of the archive PDF while this attempt finishes it without one. The order
 * is written before the agent reads the request; this reads the orders after writing the request
 * finished: one of the two sees the other, and makes the request due again for the copy.
 */
async function reopenForLateOrder(deps: AttemptDeps, records: AttemptRecords, request: TranscriptRequest, directCopyTo: string | undefined): Promise<boolean> {
    if (!request.archive || directCopyTo || (await records.directCopyOrders()).length === 0) {
        return false;
    }
    const latest = await deps.store.get(request.rid, request.kind);
    if (!latest || requestKey(latest) !== requestKey(request) || latest.status !== 'sent') {
        return false;
    }
    await deps.store.save(reopened(latest, deps.now()));
    return true;
}

function partSender(deps: AttemptDeps, records: AttemptRecords, mine: Claim, request: TranscriptRequest, receipts: Receipt[], handOver: () => Promise<void>, directCopyTo?: string): PartSender {
    const sent = [...receipts];
    return {
        request,
        receipts: sent,
        directCopyTo,
        handOver,
        changes: {},
        async begin(step) {
            mine.sending = { step, since: deps.now().toISOString() };
            await records.putClaim(mine);
            // Claims first, then receipts: an attempt that has unmarked its step has written the step's receipt before.
            const claims = await records.claims();
            const done = await records.receipts();
            if (done.some((r) => r.step === step)) {
                sent.splice(0, sent.length, ...done);
                return false;
            }
            const decision = decideOnSend(mine, claims, stepsDone(done), deps.now());
            if (decision === 'outcome-unknown') {
                throw new OutcomeUnknown();
            }
            if (decision === 'busy') {
                throw new StandBack();
            }
            return true;
        },
        async sent(fields) {
            const receipt: Receipt = { ...fields, at: deps.now().toISOString() };
            try {
                await withRetries(deps, () => records.addReceipt(receipt));
            } catch (error) {
                throw new UnrecordedOutcome(failureReason(error));
            }
            sent.push(receipt);
        },
    };
}

/** An attempt that did not send everything it meant to: why, and what follows. */
async function ended(deps: AttemptDeps, records: AttemptRecords, mine: Claim, request: TranscriptRequest, error: unknown): Promise<AttemptEnd> {
    if (error instanceof UnrecordedOutcome) {
        return 'left';
    }
    await release(records, mine);
    if (error instanceof StandBack) {
        return 'retry-soon';
    }
    if (error instanceof OutcomeUnknown) {
        await settleUnknown(deps, request);
        return 'left';
    }
    await recordFailure(deps, request, failureReason(error));
    return 'left';
}

/**
 * Due again after the next retry delay, or failed once they are used up (the requester is told).
 * A refusal a workspace setting causes fails at once: nothing changes until an admin does.
 */
async function recordFailure(deps: AttemptDeps, request: TranscriptRequest, reason: string): Promise<void> {
    const next = attemptFailed(request, reason, deps.now(), settingRefusalIn(reason) ? [] : await deps.retryDelaysMinutes());
    await withRetries(deps, () => deps.store.save(next));
    if (next.status === 'failed') {
        await deps.tellRequester(next);
    } else if (next.dueAt) {
        await deps.schedule({ rid: next.rid, kind: next.kind }, new Date(next.dueAt));
    }
}

/** An attempt died while sending: it may have delivered, so the request ends failed rather than risk a second copy. */
async function settleUnknown(deps: AttemptDeps, request: TranscriptRequest): Promise<void> {
    const { claim, dueAt, ...rest } = request;
    const failed: TranscriptRequest = { ...rest, status: 'failed', lastError: OUTCOME_UNKNOWN };
    await deps.store.save(failed);
    await deps.tellRequester(failed);
}

/** Removes this attempt's claim; one left behind is stale in two minutes and holds nobody back. */
async function release(records: AttemptRecords, mine: Claim): Promise<void> {
    await records.removeClaim(mine.id).catch(() => undefined);
}

/** A write that follows a send, tried again a few times before giving up. */
async function withRetries(deps: AttemptDeps, write: () => Promise<void>): Promise<void> {
    for (let tries = 0; ; tries++) {
        try {
            await write();
            return;
        } catch (error) {
            if (tries >= RECORD_RETRY_PAUSES_MS.length) {
                throw error;
            }
            await deps.pause(RECORD_RETRY_PAUSES_MS[tries]);
        }
    }
}
