// Transcript requests in app persistence: one record per room and kind, and beside it a marker
// while it is open work, so that the sweep reads open work only, never the history. A finished
// request is listed under the day it finished, for the retention job. Associations cannot change
// once written, hence separate marker records.
import { RocketChatAssociationRecord } from '@rocket.chat/apps-engine/definition/metadata';
import { isFinished, requestKey, TranscriptKind, TranscriptRequest } from '../lib/delivery/requests';
import { dayOf } from '../lib/delivery/retention';
import { misc, Records, roomOf } from './store/records';

const ALL_REQUESTS = misc('transcript-request');
const OPEN_WORK = misc('transcript-open');
const FINISHED = misc('transcript-finished');
const finishedOn = (day: string) => misc(`transcript-finished-${day}`);
const ofKind = (kind: TranscriptKind) => misc(`transcript-${kind}`);

const requestKeys = (rid: string, kind: TranscriptKind) => [ALL_REQUESTS, roomOf(rid), ofKind(kind)];
const openKeys = (rid: string, kind: TranscriptKind) => [OPEN_WORK, roomOf(rid), ofKind(kind)];
const finishedKeys = (request: TranscriptRequest, day: string) => [FINISHED, finishedOn(day), roomOf(request.rid), ofKind(request.kind), misc(`transcript-of-${requestKey(request)}`)];

/** Open work: a pending request of a room. */
export interface OpenWork {
    rid: string;
    kind: TranscriptKind;
    since: string;
}

/** A finished request as listed for the retention job. */
export interface FinishedEntry {
    rid: string;
    kind: TranscriptKind;
    key: string;
    finishedAt: string;
}

export class RequestStore {
    constructor(private readonly records: Records) {}

    public async get(rid: string, kind: TranscriptKind): Promise<TranscriptRequest | undefined> {
        const [found] = (await this.records.read(requestKeys(rid, kind))) as TranscriptRequest[];
        return found;
    }

    public async forRoom(rid: string): Promise<TranscriptRequest[]> {
        return (await this.records.read([ALL_REQUESTS, roomOf(rid)])) as TranscriptRequest[];
    }

    /** Every request record, history included: only the one-time takeover of older versions' records reads it. */
    public async all(): Promise<TranscriptRequest[]> {
        return (await this.records.read([ALL_REQUESTS])) as TranscriptRequest[];
    }

    public async openWork(): Promise<OpenWork[]> {
        const unique = new Map<string, OpenWork>();
        for (const work of (await this.records.read([OPEN_WORK])) as OpenWork[]) {
            unique.set(`${work.rid}:${work.kind}`, work);
        }
        return [...unique.values()];
    }

    public async finishedOn(day: string): Promise<FinishedEntry[]> {
        return (await this.records.read([finishedOn(day)])) as FinishedEntry[];
    }

    /**
     * Writes the request. Pending work is marked before and after it is written; a finished request
     * is listed for retention, then unmarked (see unmarkOpen). Whatever fails or races in between,
     * pending work keeps its mark.
     */
    public async save(request: TranscriptRequest, now = new Date()): Promise<void> {
        if (!isFinished(request)) {
            await this.markOpen(request.rid, request.kind, now);
            await this.records.put(request, requestKeys(request.rid, request.kind));
            await this.markOpen(request.rid, request.kind, now);
            return;
        }
        await this.records.put(request, requestKeys(request.rid, request.kind));
        await this.listFinished(request, now);
        await this.unmarkOpen(request.rid, request.kind, now);
    }

    /** Removes a request that never went out (cancelled before the close). */
    public async remove(rid: string, kind: TranscriptKind): Promise<void> {
        await this.records.remove(requestKeys(rid, kind));
        await this.unmarkOpen(rid, kind);
    }

    public async markOpen(rid: string, kind: TranscriptKind, now: Date): Promise<void> {
        await this.records.put({ rid, kind, since: now.toISOString() } as OpenWork, openKeys(rid, kind));
    }

    /**
     * Unmarks, then reads the request again and marks it back if it is pending: a request ordered
     * meanwhile (marked, written, marked again) keeps its mark whichever way the writes interleave.
     */
    public async unmarkOpen(rid: string, kind: TranscriptKind, now = new Date()): Promise<void> {
        await this.records.remove(openKeys(rid, kind));
        const current = await this.get(rid, kind);
        if (current && !isFinished(current)) {
            await this.markOpen(rid, kind, now);
        }
    }

    public async listFinished(request: TranscriptRequest, finishedAt: Date): Promise<void> {
        const entry: FinishedEntry = { rid: request.rid, kind: request.kind, key: requestKey(request), finishedAt: finishedAt.toISOString() };
        await this.records.put(entry, finishedKeys(request, dayOf(finishedAt)));
    }

    /** Forgets a finished request: its record (unless a newer request took its place) and its listing. */
    public async forget(entry: FinishedEntry, day: string): Promise<void> {
        const current = await this.get(entry.rid, entry.kind);
        if (current && requestKey(current) === entry.key && isFinished(current)) {
            await this.records.remove(requestKeys(entry.rid, entry.kind));
        }
        await this.records.remove([finishedOn(day), misc(`transcript-of-${entry.key}`)]);
    }

    /** Small records of the app's own: whether older records were taken over, where retention stands. */
    public async meta<T extends object>(name: string): Promise<T | undefined> {
        const [found] = (await this.records.read(metaKeys(name))) as T[];
        return found;
    }

    public async putMeta(name: string, value: object): Promise<void> {
        await this.records.put(value, metaKeys(name));
    }
}

const metaKeys = (name: string): RocketChatAssociationRecord[] => [misc('transcript-meta'), misc(`transcript-meta-${name}`)];
