// Issue: never lose a transcript, never send one twice. Faults are injected into the email,
// upload and persistence bridges; close events are replayed; the workspace restarts and the app
// is disabled and enabled. Each test asserts what was delivered and how many times.
import * as path from 'path';
import { JsonStore } from '../../dev/store';
import { failureReason } from '../../lib/rest/errors';
import { startedWorkspace, unique } from './fixtures';
import { DemoUser } from './workspace';

// Each room has a new visitor with a unique name, so the PDF's file name is unique too.
const { ws, users, openRoom, emailsWith, transcriptOf, requestEmail } = startedWorkspace();
let appUserId: string;

/** Retries after ~1.2 s: attempts = 3 before `failed`. */
const FAST_RETRIES = '0.02, 0.02';
/** What the app records for an injected fault: Apps-Engine 1.46.0 loses a bridge's reason (lib/rest/errors.ts failureReason). */
const reason = (injected: string) => (process.env.APPS_ENGINE === '1.46.0' ? failureReason(new Error(String({}))) : injected);
const INJECTED = reason('injected email fault');
const INJECTED_UPLOAD = reason('injected upload fault');

beforeAll(async () => {
    appUserId = (await ws.snapshot() as any).users.find((u: any) => u.type === 'app').id;
    await setRetryDelays(FAST_RETRIES);
});

afterEach(async () => {
    await ws.dev('POST', 'faults', { clear: true });
    await setRetryDelays(FAST_RETRIES);
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function setRetryDelays(value: string) {
    return ws.dev('POST', 'settings/app', { id: 'delivery_retry_delays_minutes', value });
}

const close = (rid: string) => ws.dev('POST', `rooms/${rid}/close`, { userId: users.agent.id });

async function requestPdf(rid: string, user: DemoUser = users.agent): Promise<void> {
    const answer = await ws.api('POST', `omnichannel/${rid}/request-transcript`, { user });
    expect(answer.body).toEqual({ success: true });
}

async function emailCount(subject: string): Promise<number> {
    return (await emailsWith(subject)).length;
}

function waitForTranscript(rid: string, check: (t: any) => boolean, what: string, timeoutMs = 20_000): Promise<any> {
    return ws.waitFor(async () => {
        const t = await transcriptOf(rid);
        return t && check(t) ? t : undefined;
    }, timeoutMs, what);
}

const emailSent = (rid: string) => waitForTranscript(rid, (t) => t.status === 'sent', 'email sent');
const pdfSent = (rid: string) => waitForTranscript(rid, (t) => t.pdf?.status === 'sent', 'PDF sent', 30_000);

/**
 * A persistence fault hits whatever app call comes next: keep the minute sweep's reads out of the
 * few seconds a test arms one for, by waiting until its next run is a while away.
 */
async function armPersistenceFault(fault: object): Promise<void> {
    const sweep = (await ws.dev('GET', 'jobs')).jobs.find((j: any) => j.processorId.startsWith('transcript-sweep'));
    const untilSweep = sweep ? Date.parse(sweep.runAt) - Date.now() : Infinity;
    if (untilSweep < 12_000) {
        await sleep(Math.max(untilSweep, 0) + 1000);
    }
    await ws.dev('POST', 'faults', { target: 'persistence', mode: 'fail', ...fault });
}

async function injected(): Promise<{ email: number; upload: number; persistence: number }> {
    return (await ws.dev('GET', 'faults')).injected;
}

/** The direct-message room between the app user and `userId`, if there is one. */
async function directRoom(userId: string): Promise<string | undefined> {
    const state = await ws.snapshot() as any;
    return state.rooms.find((r: any) => r.type === 'd' && r.memberIds.includes(userId) && r.memberIds.includes(appUserId))?.id;
}

async function messagesFromApp(userId: string): Promise<any[]> {
    const rid = await directRoom(userId);
    return rid ? (await ws.dev('GET', `rooms/${rid}`)).messages.filter((m: any) => m.senderId === appUserId) : [];
}

/** Where the PDF of this visitor's room was uploaded: how many copies in the room and in `requester`'s direct message. */
async function pdfCopies(rid: string, visitorName: string, requester: DemoUser = users.agent): Promise<{ room: number; direct: number; sha256: string[] }> {
    const direct = await directRoom(requester.id);
    const suffix = `_${visitorName.replace(/\s+/g, '_')}.pdf`;
    const pdfs = (await ws.dev('GET', 'uploads')).uploads.filter((u: any) => u.name.endsWith(suffix));
    return {
        room: pdfs.filter((u: any) => u.rid === rid).length,
        direct: pdfs.filter((u: any) => u.rid === direct).length,
        sha256: Array.from(new Set(pdfs.map((u: any) => u.sha256))),
    };
}

describe('a failing bridge is retried', () => {
    test('email bridge fails twice: retried, delivered once, attempts 3; lastError kept while pending', async () => {
        const subject = unique('Retried email');
        const before = await injected();
        await ws.dev('POST', 'faults', { target: 'email', mode: 'fail', count: 2 });
        const { rid } = await openRoom();
        await requestEmail(rid, subject);
        await close(rid);
        const pending = await waitForTranscript(rid, (t) => t.status === 'pending' && !!t.lastError, 'a failed attempt');
        expect(pending.lastError).toBe(INJECTED);
        const sent = await emailSent(rid);
        expect(sent).toMatchObject({ status: 'sent', attempts: 3 });
        expect(sent.lastError).toBeUndefined();
        expect((await injected()).email - before.email).toBe(2);
        await sleep(1500);
        expect(await emailCount(subject)).toBe(1);
    });

    test('upload bridge fails: the PDF is retried and delivered once, to the room and to the requester', async () => {
        await ws.dev('POST', 'faults', { target: 'upload', mode: 'fail', count: 1 });
        const { rid, visitor: { name: visitorName } } = await openRoom();
        await close(rid);
        await requestPdf(rid);
        const sent = await pdfSent(rid);
        expect(sent.pdf).toMatchObject({ status: 'sent', attempts: 2 });
        await sleep(1500);
        const copies = await pdfCopies(rid, visitorName);
        expect(copies).toMatchObject({ room: 1, direct: 1 });
        expect(copies.sha256).toEqual([sent.pdf.sha256]);
    });

    test('the second upload fails: only the missing copy is sent again, with the same bytes', async () => {
        await ws.dev('POST', 'faults', { target: 'upload', mode: 'fail', count: 1, after: 'upload' });
        const { rid, visitor: { name: visitorName } } = await openRoom();
        await close(rid);
        await requestPdf(rid);
        const pending = await waitForTranscript(rid, (t) => t.pdf?.status === 'pending' && !!t.pdf.lastError, 'a failed attempt');
        expect(pending.pdf).toMatchObject({ attempts: 1, lastError: INJECTED_UPLOAD });
        expect(pending.pdf.parts).toEqual([{ fileId: expect.any(String), fileName: expect.any(String), sha256: expect.any(String) }]);
        const sent = await pdfSent(rid);
        expect(sent.pdf).toMatchObject({ status: 'sent', attempts: 2, fileId: pending.pdf.parts[0].fileId });
        await sleep(1500);
        const copies = await pdfCopies(rid, visitorName);
        expect(copies).toMatchObject({ room: 1, direct: 1 });
        expect(copies.sha256).toEqual([sent.pdf.sha256]);
    });

    test('a long PDF in parts: uploads fail mid-way, each part still arrives once in the room and once to the requester', async () => {
        await ws.dev('POST', 'settings/app', { id: 'pdf_messages_per_file', value: 1 });
        try {
            // Part 1's copy to the requester fails, and so does its retry.
            await ws.dev('POST', 'faults', { target: 'upload', mode: 'fail', count: 2, after: 'upload' });
            const { rid } = await openRoom();
            await close(rid);
            await requestPdf(rid);
            const sent = await pdfSent(rid);
            const count = sent.pdf.parts[0].part.count;
            expect(count).toBeGreaterThanOrEqual(2);
            expect(sent.pdf.parts).toHaveLength(count);
            await sleep(1500);
            const direct = await directRoom(users.agent.id);
            const uploads = (await ws.dev('GET', 'uploads')).uploads;
            for (const part of sent.pdf.parts) {
                const copies = uploads.filter((u: any) => u.name === part.fileName);
                expect(copies.map((u: any) => u.rid).sort()).toEqual([rid, direct].sort());
                expect(copies.every((u: any) => u.sha256 === part.sha256)).toBe(true);
            }
        } finally {
            await ws.dev('POST', 'settings/app', { id: 'pdf_messages_per_file', value: 12000 });
        }
    });

    test('a long email in parts: the second part fails once, is retried, and each part is sent once', async () => {
        const subject = unique('Long email');
        const { rid } = await openRoom();
        const messages = Array.from({ length: 10_000 }, (_, i) => ({ from: i % 2 ? 'agent' : 'visitor', text: `message ${i}` }));
        for (let i = 0; i < messages.length; i += 2000) {
            await ws.dev('POST', `rooms/${rid}/messages`, { messages: messages.slice(i, i + 2000) });
        }
        await ws.dev('POST', 'faults', { target: 'email', mode: 'fail', count: 1, after: 'email' });
        await requestEmail(rid, subject);
        await close(rid);
        const sent = await emailSent(rid);
        expect(sent.emails).toHaveLength(2);
        expect(sent).toMatchObject({ status: 'sent', attempts: 2 });
        await sleep(1500);
        expect(await emailCount(`${subject} (Part 1 of 2)`)).toBe(1);
        expect(await emailCount(`${subject} (Part 2 of 2)`)).toBe(1);
    });

    test('a hanging email bridge does not lose the request, and nothing runs twice meanwhile', async () => {
        const subject = unique('Hanging email');
        await ws.dev('POST', 'faults', { target: 'email', mode: 'hang', count: 1, hangMs: 4000 });
        const { rid } = await openRoom();
        await requestEmail(rid, subject);
        await close(rid);
        const hanging = await waitForTranscript(rid, (t) => !!t.sendingSince, 'the attempt in flight');
        expect(hanging).toMatchObject({ status: 'pending', attempts: 1 });
        // A duplicate close event and a concurrent pair while the bridge hangs.
        await ws.dev('POST', `rooms/${rid}/closed-event`, { count: 2 });
        const failedOnce = await waitForTranscript(rid, (t) => !!t.lastError || t.status === 'sent', 'the hang to end', 15_000);
        expect(failedOnce.lastError ?? INJECTED).toBe(INJECTED);
        const sent = await emailSent(rid);
        expect(sent).toMatchObject({ status: 'sent', attempts: 2 });
        await sleep(1500);
        expect(await emailCount(subject)).toBe(1);
    });
});

describe('when every attempt fails', () => {
    test('email: failed after 3 attempts, the requester gets a direct message, GET shows attempts and lastError', async () => {
        const subject = unique('Never sent');
        await ws.dev('POST', 'faults', { target: 'email', mode: 'fail', count: 3 });
        const messagesBefore = (await messagesFromApp(users.manager.id)).length;
        const { rid } = await openRoom();
        await requestEmail(rid, subject);
        await close(rid);
        const failed = await waitForTranscript(rid, (t) => t.status === 'failed', 'email failed');
        expect(failed).toMatchObject({ status: 'failed', attempts: 3, lastError: INJECTED });
        expect(failed.sendingSince).toBeUndefined();
        const messages = await ws.waitFor(async () => {
            const list = await messagesFromApp(users.manager.id);
            return list.length > messagesBefore && list;
        }, 10_000, 'the direct message');
        expect(messages.slice(messagesBefore).map((m: any) => m.text)).toEqual([`The email transcript for conversation ${rid} could not be sent: ${INJECTED}`]);
        await sleep(2000);
        expect(await emailCount(subject)).toBe(0);
        expect((await transcriptOf(rid)).attempts).toBe(3);
    });

    test('PDF: failed after 3 attempts with a direct message; a new request afterwards starts again and delivers once', async () => {
        await ws.dev('POST', 'faults', { target: 'upload', mode: 'fail', count: 3 });
        const messagesBefore = (await messagesFromApp(users.agent.id)).length;
        const { rid, visitor: { name: visitorName } } = await openRoom();
        await close(rid);
        await requestPdf(rid);
        const failed = await waitForTranscript(rid, (t) => t.pdf?.status === 'failed', 'PDF failed', 30_000);
        expect(failed.pdf).toMatchObject({ status: 'failed', attempts: 3, lastError: INJECTED_UPLOAD });
        const notice = await ws.waitFor(async () => (await messagesFromApp(users.agent.id)).slice(messagesBefore).find((m: any) => m.text.includes(rid)), 10_000, 'the direct message');
        expect(notice.text).toBe(`The PDF transcript for conversation ${rid} could not be created: ${INJECTED_UPLOAD}`);
        expect(await pdfCopies(rid, visitorName)).toMatchObject({ room: 0, direct: 0 });

        await requestPdf(rid);
        const sent = await pdfSent(rid);
        expect(sent.pdf).toMatchObject({ status: 'sent', attempts: 1 });
        expect(sent.pdf.lastError).toBeUndefined();
        await sleep(1500);
        expect(await pdfCopies(rid, visitorName)).toMatchObject({ room: 1, direct: 1 });
    });
});

describe('duplicate close events', () => {
    /** An open room with an email request and a PDF ordered for the close (`/transcript pdf`). */
    async function roomWithBothRequests(subject: string) {
        const room = await openRoom();
        await requestEmail(room.rid, subject);
        const slash = await ws.dev('POST', 'slash', { userId: users.manager.id, roomId: room.rid, command: '/transcript pdf' });
        expect(slash.notifications).toHaveLength(1);
        expect((await transcriptOf(room.rid)).pdf).toMatchObject({ status: 'pending', attempts: 0 });
        return room;
    }

    test('a close event replayed before and after delivery: one email, one PDF', async () => {
        const subject = unique('Replayed close');
        const { rid, visitor: { name: visitorName } } = await roomWithBothRequests(subject);
        await close(rid);
        await ws.dev('POST', `rooms/${rid}/closed-event`, {});
        await emailSent(rid);
        await pdfSent(rid);
        await ws.dev('POST', `rooms/${rid}/closed-event`, {});
        await sleep(2000);
        expect(await transcriptOf(rid)).toMatchObject({ status: 'sent', attempts: 1, pdf: { status: 'sent', attempts: 1 } });
        expect(await emailCount(subject)).toBe(1);
        expect(await pdfCopies(rid, visitorName, users.manager)).toMatchObject({ room: 1, direct: 1 });
    });

    test('close events fired concurrently: one email, one PDF', async () => {
        const subject = unique('Concurrent close');
        const { rid, visitor: { name: visitorName } } = await roomWithBothRequests(subject);
        await close(rid);
        await Promise.all([ws.dev('POST', `rooms/${rid}/closed-event`, { count: 2 }), ws.dev('POST', `rooms/${rid}/closed-event`, { count: 2 })]);
        await emailSent(rid);
        await pdfSent(rid);
        await sleep(2000);
        expect(await transcriptOf(rid)).toMatchObject({ status: 'sent', attempts: 1, pdf: { status: 'sent', attempts: 1 } });
        expect(await emailCount(subject)).toBe(1);
        expect(await pdfCopies(rid, visitorName, users.manager)).toMatchObject({ room: 1, direct: 1 });
    });

    test('the dev route refuses an open room', async () => {
        const { rid } = await openRoom();
        const answer = await ws.request('POST', `/dev/rooms/${rid}/closed-event`, { body: {} });
        expect(answer.status).toBe(400);
    });
});

describe('order', () => {
    test("a room's email goes out before its PDF when both fall due at the close", async () => {
        const { rid } = await openRoom();
        const subject = unique('Email first');
        await requestEmail(rid, subject);
        const closed = await ws.api('POST', 'livechat/room.closeByUser', { user: users.agent, body: { rid, generateTranscriptPdf: true } });
        expect(closed.body).toEqual({ success: true });
        const sent = await waitForTranscript(rid, (t) => t.status === 'sent' && t.pdf?.status === 'sent', 'email and PDF sent');
        expect(Date.parse(sent.deliveredAt)).toBeLessThanOrEqual(Date.parse(sent.pdf.deliveredAt));
        expect(await emailCount(subject)).toBe(1);
    });
});

describe('persistence fails on the write after the send', () => {
    test('email: the write is retried in-process, one email, ends sent', async () => {
        const subject = unique('Bookkeeping');
        const before = await injected();
        await armPersistenceFault({ count: 2, after: 'email' });
        const { rid } = await openRoom();
        await requestEmail(rid, subject);
        await close(rid);
        // Only look at the app's persistence once both faults hit the write after the send.
        await ws.waitFor(async () => (await injected()).persistence - before.persistence === 2, 20_000, 'the persistence faults');
        const sent = await emailSent(rid);
        expect(sent).toMatchObject({ status: 'sent', attempts: 1 });
        await sleep(1500);
        expect(await emailCount(subject)).toBe(1);
    });

    test('PDF: the write recording the room copy is retried, one copy each, ends sent', async () => {
        const before = await injected();
        await armPersistenceFault({ count: 2, after: 'upload' });
        const { rid, visitor: { name: visitorName } } = await openRoom();
        await close(rid);
        await requestPdf(rid);
        await ws.waitFor(async () => (await injected()).persistence - before.persistence === 2, 30_000, 'the persistence faults');
        const sent = await pdfSent(rid);
        expect(sent.pdf).toMatchObject({ status: 'sent', attempts: 1 });
        await sleep(1500);
        expect(await pdfCopies(rid, visitorName)).toMatchObject({ room: 1, direct: 1 });
    });

    test('it keeps failing: the claim stays, no second email, even after a restart; a stale claim ends failed (outcome unknown) with a direct message', async () => {
        const subject = unique('Unrecorded');
        const before = await injected();
        await armPersistenceFault({ count: 3, after: 'email' });
        const { rid } = await openRoom();
        await requestEmail(rid, subject);
        await close(rid);
        await ws.waitFor(async () => (await injected()).persistence - before.persistence === 3, 20_000, 'the persistence faults');
        await sleep(1000);
        const stuck = await transcriptOf(rid);
        expect(stuck).toMatchObject({ status: 'pending', attempts: 1 });
        expect(stuck.sendingSince).toBeTruthy();
        expect(await emailCount(subject)).toBe(1);

        // The startup sweep leaves a fresh claim alone: it may still belong to a live attempt.
        await ws.restart();
        await sleep(2000);
        expect(await emailCount(subject)).toBe(1);
        expect((await transcriptOf(rid)).sendingSince).toBe(stuck.sendingSince);

        // Two minutes later (the claim is made older while the workspace is down) the sweep settles it.
        const messagesBefore = (await messagesFromApp(users.manager.id)).length;
        await ws.stop();
        try {
            ageClaim(rid, 'email', 3 * 60_000);
        } finally {
            await ws.start();
        }
        // A restart keeps the recurring sweep's pending next run (as Agenda does): run it now.
        await ws.dev('POST', 'jobs/run', { processor: 'transcript-sweep' });
        const failed = await waitForTranscript(rid, (t) => t.status === 'failed', 'outcome unknown');
        expect(failed.lastError).toMatch(/^delivery-outcome-unknown/);
        expect(failed.sendingSince).toBeUndefined();
        await ws.waitFor(async () => (await messagesFromApp(users.manager.id)).length > messagesBefore, 10_000, 'the direct message');
        expect(await emailCount(subject)).toBe(1);
    }, 90_000);
});

/** Moves a request's claims (the app's claim records) back in time in the stopped workspace's database. */
function ageClaim(rid: string, kind: string, ms: number): void {
    const store = new JsonStore(path.join(ws.dataDir, 'db'));
    try {
        const older = (iso: string) => new Date(Date.parse(iso) - ms).toISOString();
        const claims = Object.entries(store.persistence.all()).filter(([, r]: [string, any]) => r.associations.some((a: any) => a.id.startsWith(`transcript-claims-${rid}:${kind}:`)));
        expect(claims.length).toBeGreaterThan(0);
        for (const [id, record] of claims as Array<[string, any]>) {
            record.data.since = older(record.data.since);
            if (record.data.sending) {
                record.data.sending.since = older(record.data.sending.since);
            }
            store.persistence.setData(id, record.data);
        }
    } finally {
        store.close();
    }
}

describe('restarts and a disabled app', () => {
    test('(a) restart after the request, before the close: delivered once after the close', async () => {
        const subject = unique('Before restart');
        const { rid } = await openRoom();
        await requestEmail(rid, subject);
        await ws.restart();
        await close(rid);
        expect(await emailSent(rid)).toMatchObject({ status: 'sent', attempts: 1 });
        await sleep(1500);
        expect(await emailCount(subject)).toBe(1);
    }, 60_000);

    test('(b) restart during a scheduled retry: delivered once afterwards', async () => {
        const subject = unique('During retry');
        await setRetryDelays('0.1');
        await ws.dev('POST', 'faults', { target: 'email', mode: 'fail', count: 1 });
        const { rid } = await openRoom();
        await requestEmail(rid, subject);
        await close(rid);
        const waiting = await waitForTranscript(rid, (t) => !!t.lastError && !t.sendingSince, 'the retry to be scheduled');
        expect(waiting).toMatchObject({ status: 'pending', attempts: 1, lastError: INJECTED });
        expect(Date.parse(waiting.dueAt)).toBeGreaterThan(Date.now());
        await ws.restart();
        expect(await emailSent(rid)).toMatchObject({ status: 'sent', attempts: 2 });
        await sleep(1500);
        expect(await emailCount(subject)).toBe(1);
    }, 60_000);

    test('(c) disable and enable the app: a retry that fell due and a close it never heard of are delivered once', async () => {
        const retried = unique('Disabled retry');
        const unheard = unique('Closed while disabled');
        await setRetryDelays('0.05');
        await ws.dev('POST', 'faults', { target: 'email', mode: 'fail', count: 1 });
        const a = await openRoom();
        const b = await openRoom();
        await requestEmail(a.rid, retried);
        await requestEmail(b.rid, unheard);
        await close(a.rid);
        await waitForTranscript(a.rid, (t) => !!t.lastError && !t.sendingSince, 'the retry to be scheduled');
        await ws.dev('POST', 'app/disable');
        await close(b.rid);
        // A's retry job falls due while the app is disabled and is dropped; B's close is never heard.
        await sleep(4000);
        expect(await emailCount(retried)).toBe(0);
        expect(await emailCount(unheard)).toBe(0);
        await ws.dev('POST', 'app/enable');
        // The sweep delivers both: at the enable when the app re-registers its processors, else at
        // its next run (the engine keeps the recurring job of a disabled app), within a minute.
        const bySweep = (rid: string) => waitForTranscript(rid, (t) => t.status === 'sent', 'the sweep', 75_000);
        expect(await bySweep(a.rid)).toMatchObject({ status: 'sent', attempts: 2 });
        expect(await bySweep(b.rid)).toMatchObject({ status: 'sent', attempts: 1 });
        await sleep(1500);
        expect(await emailCount(retried)).toBe(1);
        expect(await emailCount(unheard)).toBe(1);
    }, 120_000);
});
