// Records written by versions before open-work marks and receipts, taken over once: pending
// requests are marked as open work (their progress and an attempt caught sending become receipts
// and a claim), finished ones are listed for retention. Idempotent: a restart half-way does it again.
import { Claim } from '../../lib/delivery/claims';
import { directCopyStep, emailStep, Receipt, roomCopyStep } from '../../lib/delivery/receipts';
import { dayOf } from '../../lib/delivery/retention';
import { channelOf, isFinished, requestKey, TranscriptRequest } from '../../lib/delivery/requests';
import { nextTurn } from '../../lib/turns';
import { AttemptRecords } from '../attemptRecords';
import { RequestStore } from '../requestStore';

const TAKEN_OVER = 'storage-v2';
export const RETENTION_CURSOR = 'retention';
const BATCH = 100;

/** Set once this runtime saw the takeover done: later sweeps read nothing for it. */
let takenOver = false;

export async function takeOverOlderRecords(store: RequestStore, recordsOf: (key: string) => AttemptRecords, now: Date): Promise<void> {
    if (takenOver || (await store.meta(TAKEN_OVER))) {
        takenOver = true;
        return;
    }
    // App persistence cannot be read in pages: this one read of every record happens once.
    const all = await store.all();
    const marked = new Set((await store.openWork()).map((work) => `${work.rid}:${work.kind}`));
    let oldest = dayOf(now);
    for (let start = 0; start < all.length; start += BATCH) {
        for (const request of all.slice(start, start + BATCH)) {
            if (isFinished(request)) {
                const finishedAt = new Date(request.deliveredAt || request.requestedAt);
                oldest = dayOf(finishedAt) < oldest ? dayOf(finishedAt) : oldest;
                await store.listFinished(request, finishedAt);
            } else if (!marked.has(`${request.rid}:${request.kind}`)) {
                await takeOverPending(store, recordsOf(requestKey(request)), request, now);
            }
        }
        await nextTurn();
    }
    const cursor = await store.meta<{ nextDay: string }>(RETENTION_CURSOR);
    if (!cursor || oldest < cursor.nextDay) {
        await store.putMeta(RETENTION_CURSOR, { nextDay: oldest });
    }
    await store.putMeta(TAKEN_OVER, { at: now.toISOString(), records: all.length });
    takenOver = true;
}

async function takeOverPending(store: RequestStore, records: AttemptRecords, request: TranscriptRequest, now: Date): Promise<void> {
    const receipts = legacyReceipts(request);
    const known = new Set((await records.receipts()).map((r) => r.step));
    for (const receipt of receipts.filter((r) => !known.has(r.step))) {
        await records.addReceipt(receipt);
    }
    if (request.claim?.sending) {
        // An attempt of the older version was sending: the same rules settle it.
        const claim: Claim = { id: request.claim.id, since: request.claim.since, sending: { step: nextStep(request), since: request.claim.since } };
        await records.putClaim(claim);
    }
    await store.markOpen(request.rid, request.kind, now);
}

function legacyReceipts(request: TranscriptRequest): Receipt[] {
    const at = request.requestedAt;
    if (channelOf(request.kind) === 'email') {
        return (request.emails || []).map((sent, index) => ({ step: emailStep(index), at, sha256: sent.sha256, part: sent.part }));
    }
    return (request.parts || []).flatMap((file, index) => {
        const room: Receipt = { step: roomCopyStep(index), at, sha256: file.sha256, fileId: file.fileId, fileName: file.fileName, ...(file.part ? { part: file.part } : {}) };
        return file.complete ? [room, { step: directCopyStep(index), at, sha256: file.sha256 }] : [room];
    });
}

function nextStep(request: TranscriptRequest): string {
    if (channelOf(request.kind) === 'email') {
        return emailStep((request.emails || []).length);
    }
    const parts = request.parts || [];
    const last = parts[parts.length - 1];
    return last && !last.complete ? directCopyStep(parts.length - 1) : roomCopyStep(parts.length);
}
