// What the sweep reads, the takeover of older versions' records, and retention, over app persistence in memory.
import { RocketChatAssociationModel, RocketChatAssociationRecord } from '@rocket.chat/apps-engine/definition/metadata';
import { lastExpiredDay, retentionDays } from '../../../lib/delivery/retention';
import { claimed, delivered, makeDue, newRequest, requestKey, TranscriptRequest } from '../../../lib/delivery/requests';
import { AttemptRecords } from '../../../services/attemptRecords';
import { removeExpired } from '../../../services/delivery/retention';
import { takeOverOlderRecords } from '../../../services/delivery/takeover';
import { RequestStore } from '../../../services/requestStore';
import { FakeRecords } from './fakeRecords';

const requester = { _id: 'u1', username: 'manager', name: 'Manon', utcOffset: 0 };
const day = (n: number) => new Date(Date.UTC(2026, 0, 1) + n * 86_400_000);
const legacyKeys = (rid: string, kind: string) => [
    new RocketChatAssociationRecord(RocketChatAssociationModel.MISC, 'transcript-request'),
    new RocketChatAssociationRecord(RocketChatAssociationModel.ROOM, rid),
    new RocketChatAssociationRecord(RocketChatAssociationModel.MISC, `transcript-${kind}`),
];

describe('open work', () => {
    test('a pending request is open work until it is finished; the history is never read for it', async () => {
        const records = new FakeRecords();
        const store = new RequestStore(records);
        for (let i = 0; i < 50; i++) {
            const sent = delivered(newRequest({ rid: `old${i}`, kind: 'email', email: 'a@b.co', requestedBy: requester }, day(0)), day(0), { sha256: 'x' });
            await store.save(sent, day(0));
        }
        const waiting = newRequest({ rid: 'now', kind: 'pdf', requestedBy: requester }, day(1));
        await store.save(waiting, day(1));
        records.returned = 0;
        expect(await store.openWork()).toEqual([{ rid: 'now', kind: 'pdf', since: day(1).toISOString() }]);
        expect(records.returned).toBe(1);
        await store.save(delivered(waiting, day(1), { sha256: 'y' }), day(1));
        expect(await store.openWork()).toEqual([]);
    });

    test('a request ordered while its mark is being removed keeps its mark', async () => {
        const records = new FakeRecords();
        const store = new RequestStore(records);
        const old = delivered(newRequest({ rid: 'r', kind: 'email', requestedBy: requester }, day(0)), day(0), { sha256: 'x' });
        await store.save(old, day(0));
        // The sweep saw the old, finished request; a new one is ordered before it unmarks.
        await store.save(newRequest({ rid: 'r', kind: 'email', requestedBy: requester }, day(1)), day(1));
        await store.unmarkOpen('r', 'email', day(1));
        expect(await store.openWork()).toHaveLength(1);
    });
});

describe('records of earlier versions', () => {
    test('are taken over once: pending ones become open work with their progress and a send in flight, finished ones are listed for retention', async () => {
        const records = new FakeRecords();
        const pending: TranscriptRequest = {
            ...claimed(makeDue(newRequest({ rid: 'p', kind: 'pdf', requestedBy: requester }, day(5)), day(5)), 'old-claim', day(5)),
            claim: { id: 'old-claim', since: day(5).toISOString(), sending: true },
            parts: [{ fileId: 'f', fileName: 'a.pdf', sha256: 'h' }],
        };
        const finished = delivered(newRequest({ rid: 'd', kind: 'email', requestedBy: requester }, day(2)), day(3), { sha256: 'x' });
        await records.put(pending, legacyKeys('p', 'pdf'));
        await records.put(finished, legacyKeys('d', 'email'));
        const store = new RequestStore(records);
        const recordsOf = (key: string) => new AttemptRecords(records, key);
        await takeOverOlderRecords(store, recordsOf, day(10));
        expect(await store.openWork()).toEqual([expect.objectContaining({ rid: 'p', kind: 'pdf' })]);
        const attempt = recordsOf(requestKey(pending));
        expect((await attempt.receipts()).map((r) => r.step)).toEqual(['pdf:0:room']);
        expect(await attempt.claims()).toEqual([{ id: 'old-claim', since: day(5).toISOString(), sending: { step: 'pdf:0:dm', since: day(5).toISOString() } }]);
        expect(await store.finishedOn('2026-01-04')).toEqual([expect.objectContaining({ rid: 'd', kind: 'email' })]);
        expect(await store.meta('retention')).toEqual({ nextDay: '2026-01-04' });
    });
});

describe('retention', () => {
    test('the setting: days, 0 keeps forever, nonsense keeps the default', () => {
        expect(retentionDays(30)).toBe(30);
        expect(retentionDays(0)).toBe(0);
        expect(retentionDays('x')).toBe(90);
        expect(retentionDays('')).toBe(90);
        expect(lastExpiredDay(day(100), 0)).toBeUndefined();
        expect(lastExpiredDay(day(100), 90)).toBe('2026-01-10');
    });

    test('removes finished requests past the setting, oldest day first, with their receipts; keeps newer ones and a newer request of the same room', async () => {
        const records = new FakeRecords();
        const store = new RequestStore(records);
        await store.putMeta('retention', { nextDay: '2026-01-01' });
        for (let i = 0; i < 5; i++) {
            const request = delivered(newRequest({ rid: `r${i}`, kind: 'email', email: 'a@b.co', requestedBy: requester }, day(i * 10)), day(i * 10), { sha256: 'x' });
            await store.save(request, day(i * 10));
            await new AttemptRecords(records, requestKey(request)).addReceipt({ step: 'email:0', at: day(i * 10).toISOString(), sha256: 'x' });
        }
        // r0 was ordered again since: the new request stays.
        await store.save(newRequest({ rid: 'r0', kind: 'email', email: 'b@b.co', requestedBy: requester }, day(45)), day(45));
        expect(await removeExpired(store, (key) => new AttemptRecords(records, key), 30, day(55), 10_000)).toBe('done');
        const left = await Promise.all(['r0', 'r1', 'r2', 'r3', 'r4'].map((rid) => store.get(rid, 'email')));
        expect(left.map((r) => r?.status)).toEqual(['pending', undefined, undefined, 'sent', 'sent']);
        expect(await new AttemptRecords(records, requestKey(delivered(newRequest({ rid: 'r1', kind: 'email', requestedBy: requester }, day(10)), day(10), { sha256: 'x' }))).receipts()).toEqual([]);
        expect(await store.meta('retention')).toEqual({ nextDay: '2026-01-26' });
        // Forever: nothing is removed.
        expect(await removeExpired(store, (key) => new AttemptRecords(records, key), 0, day(400), 10_000)).toBe('done');
        expect((await store.get('r3', 'email'))?.status).toBe('sent');
    });
});
