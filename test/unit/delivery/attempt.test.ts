// Attempts on one request, from several instances at once, in every order fast-check finds:
// persistence answers one operation at a time, in an order the scheduler picks.
import fc from 'fast-check';
import { RocketChatAssociationRecord } from '@rocket.chat/apps-engine/definition/metadata';
import { CLAIM_STALE_MS } from '../../../lib/delivery/claims';
import { makeDue, newRequest, TranscriptKind, TranscriptRequest } from '../../../lib/delivery/requests';
import { AttemptRecords } from '../../../services/attemptRecords';
import { AttemptDeps, attemptDelivery, Channel } from '../../../services/delivery/attempt';
import { orderArchiveCopy } from '../../../services/transcriptOrders';
import { RequestStore } from '../../../services/requestStore';
import { Records } from '../../../services/store/records';
import { FakeRecords } from './fakeRecords';

const t0 = new Date('2026-12-01T10:00:00Z');
const requester = { _id: 'u1', username: 'manager', name: 'Manon', utcOffset: 0 };

/** Sends each step of a request: an email in one step, a PDF part in two (room, then direct message). */
class CountingChannel implements Channel {
    public readonly sends: string[] = [];

    constructor(private readonly kind: TranscriptKind) {}

    public async sendNextPart(sender: Parameters<Channel['sendNextPart']>[0]): Promise<void> {
        const steps = this.kind === 'email' ? ['email:0'] : sender.directCopyTo ? ['pdf:0:room', 'pdf:0:dm'] : ['pdf:0:room'];
        for (const step of steps.filter((s) => !sender.receipts.some((r) => r.step === s))) {
            if (await sender.begin(step)) {
                this.sends.push(step);
                await sender.sent({ step, sha256: 'digest', ...(step === 'pdf:0:room' ? { fileId: 'f1', fileName: 'a.pdf' } : {}) });
            }
        }
    }
}

function depsFor(records: Records, channel: Channel, now: () => Date, told: TranscriptRequest[]): AttemptDeps {
    let ids = 0;
    return {
        store: new RequestStore(records),
        recordsOf: (key) => new AttemptRecords(records, key),
        channel: () => channel,
        retryDelaysMinutes: async () => [1],
        schedule: async () => undefined,
        tellRequester: async (request) => {
            told.push(request);
        },
        now,
        newId: () => `claim-${String(++ids).padStart(3, '0')}-${Math.random().toString(36).slice(2, 6)}`,
        pause: async () => undefined,
    };
}

/** Every persistence operation waits for the scheduler, then runs alone. */
function scheduled(inner: Records, s: fc.Scheduler): Records {
    const turn = <T>(run: () => Promise<T>) => s.schedule(Promise.resolve()).then(run);
    return {
        read: (a: RocketChatAssociationRecord[]) => turn(() => inner.read(a)),
        create: (d: object, a: RocketChatAssociationRecord[]) => turn(() => inner.create(d, a)),
        put: (d: object, a: RocketChatAssociationRecord[]) => turn(() => inner.put(d, a)),
        remove: (a: RocketChatAssociationRecord[]) => turn(() => inner.remove(a)),
    };
}

async function seed(records: FakeRecords, kind: TranscriptKind): Promise<TranscriptRequest> {
    const request = makeDue(newRequest({ rid: 'room1', kind, email: 'v@example.com', requestedBy: requester }, t0), t0);
    await new RequestStore(records).save(request, t0);
    return request;
}

describe('attempts racing on one request', () => {
    test.each(['email', 'pdf'] as const)('%s: every step is sent at most once, and exactly once after a last attempt alone', async (kind) => {
        await fc.assert(
            fc.asyncProperty(fc.scheduler(), fc.integer({ min: 2, max: 4 }), fc.boolean(), async (s, attempts, staleWriter) => {
                const records = new FakeRecords();
                const original = await seed(records, kind);
                const channel = new CountingChannel(kind);
                const told: TranscriptRequest[] = [];
                const deps = depsFor(scheduled(records, s), channel, () => t0, told);
                const running = Array.from({ length: attempts }, () => attemptDelivery(deps, { rid: 'room1', kind }, async () => undefined));
                if (staleWriter) {
                    // A duplicate close event that read the request before any attempt wrote: it writes it back as due.
                    running.push(deps.store.save(original, t0).then(() => 'left' as const));
                }
                await s.waitFor(Promise.all(running));
                const quiet = depsFor(records, channel, () => t0, told);
                for (let i = 0; i < 3; i++) {
                    await attemptDelivery(quiet, { rid: 'room1', kind }, async () => undefined);
                }
                const steps = kind === 'email' ? ['email:0'] : ['pdf:0:room', 'pdf:0:dm'];
                expect([...channel.sends].sort()).toEqual([...steps].sort());
                expect((await quiet.store.get('room1', kind))?.status).toBe('sent');
                expect(await quiet.store.openWork()).toEqual([]);
                expect(told).toEqual([]);
            }),
            { numRuns: 150 },
        );
    });

    test('an archive PDF: the room copy only, unless an agent orders a copy, then exactly one direct copy, whatever the order of operations', async () => {
        await fc.assert(
            fc.asyncProperty(fc.scheduler(), fc.integer({ min: 1, max: 3 }), fc.boolean(), async (s, attempts, agentOrders) => {
                const records = new FakeRecords();
                const archive = makeDue(newRequest({ rid: 'room1', kind: 'pdf', requestedBy: requester, archive: true }, t0), t0);
                await new RequestStore(records).save(archive, t0);
                const channel = new CountingChannel('pdf');
                const told: TranscriptRequest[] = [];
                const deps = depsFor(scheduled(records, s), channel, () => t0, told);
                const agent = { ...requester, _id: 'agent' };
                const running: Array<Promise<unknown>> = Array.from({ length: attempts }, () => attemptDelivery(deps, { rid: 'room1', kind: 'pdf' }, async () => undefined));
                if (agentOrders) {
                    running.push(orderArchiveCopy(deps.store, deps.recordsOf(`room1:pdf:${archive.requestedAt}`), archive, agent, async () => undefined, t0));
                }
                await s.waitFor(Promise.all(running));
                const quiet = depsFor(records, channel, () => t0, told);
                for (let i = 0; i < 3; i++) {
                    await attemptDelivery(quiet, { rid: 'room1', kind: 'pdf' }, async () => undefined);
                }
                expect([...channel.sends].sort()).toEqual(agentOrders ? ['pdf:0:dm', 'pdf:0:room'] : ['pdf:0:room']);
                expect((await quiet.store.get('room1', 'pdf'))?.status).toBe('sent');
                expect(await quiet.store.openWork()).toEqual([]);
                expect(told).toEqual([]);
            }),
            { numRuns: 150 },
        );
    });

    test('an attempt that died while sending ends the request as outcome unknown, once stale; nothing is sent again', async () => {
        const records = new FakeRecords();
        const request = await seed(records, 'email');
        const key = `room1:email:${request.requestedAt}`;
        await new AttemptRecords(records, key).putClaim({ id: 'dead', since: t0.toISOString(), sending: { step: 'email:0', since: t0.toISOString() } });
        const channel = new CountingChannel('email');
        const told: TranscriptRequest[] = [];
        let now = new Date(t0.getTime() + 1000);
        const deps = depsFor(records, channel, () => now, told);
        // While the mark may still belong to a live attempt, others stand back.
        expect(await attemptDelivery(deps, { rid: 'room1', kind: 'email' }, async () => undefined)).toBe('left');
        expect((await deps.store.get('room1', 'email'))?.status).toBe('pending');
        now = new Date(t0.getTime() + CLAIM_STALE_MS + 1000);
        await attemptDelivery(deps, { rid: 'room1', kind: 'email' }, async () => undefined);
        expect(await deps.store.get('room1', 'email')).toMatchObject({ status: 'failed', lastError: expect.stringMatching(/^delivery-outcome-unknown/) });
        expect(channel.sends).toEqual([]);
        expect(told).toHaveLength(1);
        expect(await deps.store.openWork()).toEqual([]);
    });

    test('a dead attempt that had recorded its send is not "unknown": the request is recorded sent', async () => {
        const records = new FakeRecords();
        const request = await seed(records, 'email');
        const attemptRecords = new AttemptRecords(records, `room1:email:${request.requestedAt}`);
        await attemptRecords.putClaim({ id: 'dead', since: t0.toISOString(), sending: { step: 'email:0', since: t0.toISOString() } });
        await attemptRecords.addReceipt({ step: 'email:0', at: t0.toISOString(), sha256: 'abc' });
        const channel = new CountingChannel('email');
        const deps = depsFor(records, channel, () => new Date(t0.getTime() + CLAIM_STALE_MS + 1000), []);
        expect(await attemptDelivery(deps, { rid: 'room1', kind: 'email' }, async () => undefined)).toBe('finished');
        expect(await deps.store.get('room1', 'email')).toMatchObject({ status: 'sent', sha256: 'abc' });
        expect(channel.sends).toEqual([]);
    });

    test('a stale claim that never marked a send holds nobody back', async () => {
        const records = new FakeRecords();
        const request = await seed(records, 'pdf');
        await new AttemptRecords(records, `room1:pdf:${request.requestedAt}`).putClaim({ id: 'dead', since: t0.toISOString() });
        const channel = new CountingChannel('pdf');
        const deps = depsFor(records, channel, () => new Date(t0.getTime() + CLAIM_STALE_MS + 1000), []);
        expect(await attemptDelivery(deps, { rid: 'room1', kind: 'pdf' }, async () => undefined)).toBe('finished');
        expect(channel.sends).toEqual(['pdf:0:room', 'pdf:0:dm']);
    });

    test('a failed send is retried later: the request stays open work with its error', async () => {
        const records = new FakeRecords();
        await seed(records, 'email');
        const failing: Channel = {
            sendNextPart: async (sender) => {
                await sender.begin('email:0');
                throw new Error('smtp down');
            },
        };
        const deps = depsFor(records, failing, () => t0, []);
        expect(await attemptDelivery(deps, { rid: 'room1', kind: 'email' }, async () => undefined)).toBe('left');
        expect(await deps.store.get('room1', 'email')).toMatchObject({ status: 'pending', attempts: 1, lastError: 'smtp down', dueAt: '2026-12-01T10:01:00.000Z' });
        expect(await deps.store.openWork()).toHaveLength(1);
    });
});
