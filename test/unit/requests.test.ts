import { allSent } from '../../lib/delivery/receipts';
import { attemptFailed, channelOf, claimed, delivered, isDue, isVisitorCopy, isWaiting, makeDue, newRequest, parseRetryDelays, publicView, reopened } from '../../lib/delivery/requests';
import { visitorCopyKind } from '../../lib/delivery/visitorCopy';

const requester = { _id: 'u1', username: 'manager', name: 'Manon', utcOffset: 1 };
const t0 = new Date('2026-03-01T10:00:00Z');

describe('transcript request lifecycle', () => {
    test('waits for the close, then is due, claimed and delivered', () => {
        const request = newRequest({ rid: 'r1', kind: 'email', email: 'a@b.co', subject: 's', requestedBy: requester }, t0);
        expect(isWaiting(request)).toBe(true);
        expect(isDue(request, t0)).toBe(false);
        const due = makeDue(request, t0);
        expect(isWaiting(due)).toBe(false);
        expect(isDue(due, t0)).toBe(true);
        const running = claimed(due, 'c1', t0);
        expect(running.attempts).toBe(1);
        // Still due: an attempt that dies leaves it so; claim records decide who works on it.
        expect(isDue(running, t0)).toBe(true);
        const done = delivered(running, t0, { sha256: 'abc' });
        expect(done).toMatchObject({ status: 'sent', sha256: 'abc', deliveredAt: t0.toISOString(), attempts: 1 });
        expect(done.claim).toBeUndefined();
        expect(done.dueAt).toBeUndefined();
    });

    test('a failed attempt is retried after each delay, then fails for good', () => {
        let request = claimed(makeDue(newRequest({ rid: 'r1', kind: 'pdf', requestedBy: requester }, t0), t0), 'c', t0);
        request = attemptFailed(request, 'smtp down', t0, [1, 5]);
        expect(request).toMatchObject({ status: 'pending', lastError: 'smtp down', dueAt: '2026-03-01T10:01:00.000Z', attempts: 1 });
        request = attemptFailed(claimed(request, 'c', t0), 'again', t0, [1, 5]);
        expect(request.dueAt).toBe('2026-03-01T10:05:00.000Z');
        request = attemptFailed(claimed(request, 'c', t0), 'last', t0, [1, 5]);
        expect(request).toMatchObject({ status: 'failed', lastError: 'last', attempts: 3 });
        expect(request.dueAt).toBeUndefined();
    });

    test('retry delays come from a setting text', () => {
        expect(parseRetryDelays('1, 5, 30, 120, 720')).toEqual([1, 5, 30, 120, 720]);
        expect(parseRetryDelays('x, -1, 2')).toEqual([2]);
        expect(parseRetryDelays(undefined)).toEqual([]);
    });

    test('the public view hides bookkeeping', () => {
        const view = publicView(claimed(makeDue(newRequest({ rid: 'r', kind: 'email', requestedBy: requester }, t0), t0), 'secret', t0));
        expect(view).not.toHaveProperty('claim');
        expect(view).not.toHaveProperty('rid');
        expect(view.sendingSince).toBe(t0.toISOString());
    });
});

describe('visitor copies and archive PDFs', () => {
    test("a visitor's copy is keyed by its address, whatever its case, and delivered as an email", () => {
        const kind = visitorCopyKind('Vera@Example.com ');
        expect(kind).toBe(visitorCopyKind('vera@example.com'));
        expect(kind).not.toBe(visitorCopyKind('other@example.com'));
        expect(kind).not.toContain('vera');
        expect(isVisitorCopy(kind)).toBe(true);
        expect(isVisitorCopy('email')).toBe(false);
        expect(channelOf(kind)).toBe('email');
        expect(channelOf('pdf')).toBe('pdf');
    });

    test('an archive PDF is all sent with its room copies; a PDF for someone needs their copies too', () => {
        const room = { step: 'pdf:0:room', at: 't', sha256: 'd', fileId: 'f', fileName: 'a.pdf' };
        expect(allSent('pdf', [room], false)).toBe(true);
        expect(allSent('pdf', [room])).toBe(false);
        expect(allSent('pdf', [room, { step: 'pdf:0:dm', at: 't', sha256: 'd' }])).toBe(true);
        expect(allSent(visitorCopyKind('a@b.co'), [{ step: 'email:0', at: 't', sha256: 'd' }])).toBe(true);
    });

    test('a reopened request is due now, with tries of its own', () => {
        const now = new Date('2026-12-01T10:00:00Z');
        const sent = { ...newRequest({ rid: 'r', kind: 'pdf', requestedBy: { _id: 'u', username: 'u', name: 'U', utcOffset: 0 } }, now), status: 'sent' as const, attempts: 2, deliveredAt: now.toISOString() };
        expect(reopened(sent, now)).toMatchObject({ status: 'pending', attempts: 0, dueAt: now.toISOString() });
        expect(reopened(sent, now).deliveredAt).toBeUndefined();
    });
});
