// The local workspace as Rocket.Chat really is: rooms as its converter hands them to apps, its
// livechat message read, its close and forward refusals, its UI Kit client's timeout, its mailer
// and its upload checks. Each test fails on an app (or a workspace) that assumed otherwise.
import { EmailField, emailModalViewId, PANEL_ACTIONS_BLOCK, PANEL_BUTTON, PanelAction, panelViewId } from '../../lib/ui/ids';
import { createTranslator } from '../../lib/i18n';
import { shippedCatalogs } from '../catalogs';
import { charactersOf } from './eml';
import { startedWorkspace, unique } from './fixtures';
import { DemoUser } from './workspace';

// eslint-disable-next-line @typescript-eslint/no-var-requires
const pdfParse: (data: Buffer) => Promise<{ text: string }> = require('pdf-parse/lib/pdf-parse.js');
const i18n = createTranslator(shippedCatalogs());

const { ws, users, openRoom, closedRoom, emailsWith, waitForEmail, requestEmail, download } = startedWorkspace();

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const setServerSetting = (id: string, value: unknown) => ws.dev('POST', 'settings/server', { id, value });
const setAppSetting = (id: string, value: unknown) => ws.dev('POST', 'settings/app', { id, value });

describe('1. a closed room has no isOpen', () => {
    test('request an email, disable the app, close the room, enable the app: the email is delivered once', async () => {
        const subject = unique('Closed while disabled');
        const { rid } = await openRoom({ messages: [{ from: 'visitor', text: 'Where is my parcel?' }] });
        await requestEmail(rid, subject);
        await ws.dev('POST', 'app/disable');
        await ws.dev('POST', `rooms/${rid}/close`, { userId: users.agent.id });
        await sleep(2000);
        await ws.dev('POST', 'app/enable');
        // The sweep finds the room closed: at the enable, else at its next run within a minute.
        await waitForEmail(subject, 80_000);
        await sleep(2000);
        expect(await emailsWith(subject)).toHaveLength(1);
    }, 120_000);
});

describe('2. tags and survey where Rocket.Chat puts them', () => {
    test("a chat closed in Rocket.Chat's UI with tags and rated through its survey: tags and survey in the transcript, the close comment not", async () => {
        const subject = unique('Tags and survey');
        const { rid } = await openRoom({ messages: [{ from: 'visitor', text: 'Thanks for the help' }] });
        await requestEmail(rid, subject);
        await ws.dev('POST', `rooms/${rid}/survey`, { data: [{ name: 'satisfaction', value: '5' }, { name: 'additionalFeedback', value: 'Very quick' }] });
        await ws.dev('POST', `rooms/${rid}/close`, { userId: users.agent.id, comment: 'Hidden comment', tags: ['returns', 'vip'] });
        const { eml } = await waitForEmail(subject);
        expect(eml.text).toContain('returns, vip');
        expect(eml.text).toContain('Very quick');
        expect(eml.text).toMatch(/Satisfaction.*5/);
        expect(eml.text).not.toContain('Hidden comment');
    });

    test('the comment the app was given (closeByUser) is kept', async () => {
        const subject = unique('Comment kept');
        const { rid } = await openRoom({ messages: [{ from: 'visitor', text: 'Bye' }] });
        await requestEmail(rid, subject);
        const closed = await ws.api('POST', 'livechat/room.closeByUser', { user: users.agent, body: { rid, comment: 'Refund sent', tags: ['refund'] } });
        expect(closed.body).toEqual({ success: true });
        const { eml } = await waitForEmail(subject);
        expect(eml.text).toContain('Refund sent');
        expect(eml.text).toContain('refund');
    });
});

describe("3. the livechat read leaves out Rocket.Chat's ignored types and hidden messages", () => {
    test('navigation, start, close, command, video call, transcript history and hidden messages are not in the transcript', async () => {
        const subject = unique('Ignored types');
        await setAppSetting('transcript_include_system_messages', true);
        try {
            const { rid } = await openRoom({ messages: [
                { from: 'visitor', text: 'first words' },
                { from: 'agent', text: '', t: 'livechat-started' },
                { from: 'visitor', text: 'https://shop.example.com/cart', t: 'livechat_navigation_history' },
                { from: 'agent', text: '/giphy cats', t: 'command' },
                { from: 'agent', text: 'call', t: 'livechat_video_call' },
                { from: 'agent', text: 'transcript requested', t: 'livechat_transcript_history' },
                { from: 'agent', text: 'an old version', hidden: true },
                { from: 'agent', text: '', t: 'uj' },
                { from: 'agent', text: 'last words' },
            ] });
            await requestEmail(rid, subject);
            await ws.dev('POST', `rooms/${rid}/close`, { userId: users.agent.id, comment: 'closing words' });
            const { eml } = await waitForEmail(subject);
            const lines = eml.text.split('\n').filter((line) => /^\[\d/.test(line));
            expect(lines).toEqual([expect.stringContaining('first words'), expect.stringContaining('joined'), expect.stringContaining('last words')]);
            for (const left of ['shop.example.com', 'giphy', 'call', 'transcript requested', 'an old version', 'closing words']) {
                expect(eml.text).not.toContain(left);
            }
        } finally {
            await setAppSetting('transcript_include_system_messages', false);
        }
    });
});

describe("7. the email goes through Rocket.Chat's mailer", () => {
    const TRICKY = ['{"order": 4711}', 'Hello {Username}', '[Site_Name] and __Site_Name__', 'costs $$5', 'match $& here', "after $' there", 'before $` tick'];

    test('every character of the conversation arrives as written, in both parts; the HTML sits in the workspace header and footer', async () => {
        const subject = unique('Mailer');
        const { rid } = await openRoom({ messages: TRICKY.map((text) => ({ from: 'visitor', text })) });
        await requestEmail(rid, subject);
        await ws.dev('POST', `rooms/${rid}/close`, { userId: users.agent.id });
        const { eml } = await waitForEmail(subject);
        expect(eml.subject).toBe(subject);
        // One document: the workspace's header opens it, its footer closes it.
        expect(eml.html.match(/<html/g)).toHaveLength(1);
        expect(eml.html).toContain(`${ws.url('')}/assets/logo.png`);
        expect(eml.html).toContain('© Rocket.Chat Technologies Corp.');
        const htmlText = charactersOf(eml.html);
        for (const text of TRICKY) {
            expect(htmlText).toContain(text);
            expect(eml.text).toContain(text);
        }
    });

    test('a conversation the replacement leaves alone keeps the text part as the app wrote it', async () => {
        const subject = unique('Plain');
        const { rid } = await openRoom({ messages: [{ from: 'visitor', text: 'plain words, $5 and [brackets]' }] });
        await requestEmail(rid, subject);
        await ws.dev('POST', `rooms/${rid}/close`, { userId: users.agent.id });
        const { eml } = await waitForEmail(subject);
        expect(eml.text).toMatch(/^\[\d.*plain words, \$5 and \[brackets\]$/m);
    });
});

describe("4. closing through the workspace can be refused: Rocket.Chat's reason, never a 500", () => {
    const closeByUser = (body: unknown) => ws.api('POST', 'livechat/room.closeByUser', { user: users.agent, body });
    const visitorClose = (rid: string, token: string) => ws.api('POST', 'livechat/room.close', { body: { rid, token } });

    test('Livechat_request_comment_when_closing_conversation: error-comment-is-required, nothing changes', async () => {
        await setServerSetting('Livechat_request_comment_when_closing_conversation', true);
        try {
            const { rid } = await openRoom({ messages: [{ from: 'visitor', text: 'hi' }] });
            const answer = await ws.expectUnchanged(() => closeByUser({ rid }));
            expect(answer.body).toEqual({ success: false, error: 'error-comment-is-required' });
            expect((await closeByUser({ rid, comment: 'done' })).body).toEqual({ success: true });
        } finally {
            await setServerSetting('Livechat_request_comment_when_closing_conversation', false);
        }
    });

    test('a department that asks for tags and has no closing tags: error-tags-must-be-assigned-before-closing-chat, for agents and visitors', async () => {
        const { department } = await ws.dev('POST', 'departments', { name: unique('Tagged'), agentIds: [users.agent.id], requestTagBeforeClosingChat: true });
        const { rid, visitor: { token: visitorToken } } = await openRoom({ messages: [{ from: 'visitor', text: 'hi' }], departmentId: department.id });
        expect((await ws.expectUnchanged(() => closeByUser({ rid, comment: 'x', tags: ['mine'] }))).body).toEqual({ success: false, error: 'error-tags-must-be-assigned-before-closing-chat' });
        expect((await ws.expectUnchanged(() => visitorClose(rid, visitorToken))).body).toEqual({ success: false, error: 'error-tags-must-be-assigned-before-closing-chat' });
    });

    test("a department with closing tags: the close goes through and the room gets the department's tags", async () => {
        const subject = unique('Closing tags');
        const { department } = await ws.dev('POST', 'departments', { name: unique('Auto-tagged'), agentIds: [users.agent.id], requestTagBeforeClosingChat: true, chatClosingTags: ['auto-tag'] });
        const { rid } = await openRoom({ messages: [{ from: 'visitor', text: 'hi' }], departmentId: department.id });
        await requestEmail(rid, subject);
        expect((await closeByUser({ rid, comment: 'x' })).body).toEqual({ success: true });
        expect((await waitForEmail(subject)).eml.text).toContain('auto-tag');
    });

    test('closes racing each other: one closes, the others get a refusal, none a 500', async () => {
        const { rid, visitor: { token: visitorToken } } = await openRoom({ messages: [{ from: 'visitor', text: 'hi' }] });
        const answers = await Promise.all([closeByUser({ rid, comment: 'a' }), visitorClose(rid, visitorToken), closeByUser({ rid, comment: 'b' }), visitorClose(rid, visitorToken)]);
        expect(answers.filter((a) => a.status === 200)).toHaveLength(1);
        for (const answer of answers.filter((a) => a.status !== 200)) {
            expect(answer.status).toBe(400);
            expect(['error-room-closed', 'error-room-already-closed', 'room-closed']).toContain(answer.body.error);
        }
    });
});

describe('5. forwarding needs an available agent', () => {
    const forward = (body: unknown) => ws.api('POST', 'livechat/room.forward', { user: users.manager, body });
    const setStatus = (user: DemoUser, status: Record<string, unknown>) => ws.dev('POST', `users/${user.id}/status`, status);
    /** Apps-Engine 1.46.0 loses a bridge's reason (lib/rest/errors.ts failureReason): the app answers its own. */
    const lostReason = process.env.APPS_ENGINE === '1.46.0';

    afterEach(() => setStatus(users.agent2, { status: 'online', statusLivechat: 'available' }));

    test('to an agent who is offline: error-user-is-offline; to one not available for omnichannel: the same', async () => {
        const { rid } = await openRoom();
        await setStatus(users.agent2, { status: 'offline' });
        expect((await ws.expectUnchanged(() => forward({ roomId: rid, userId: users.agent2.id }))).body).toEqual({ success: false, error: 'error-user-is-offline' });
        await setStatus(users.agent2, { status: 'online', statusLivechat: 'not-available' });
        expect((await ws.expectUnchanged(() => forward({ roomId: rid, userId: users.agent2.id }))).body).toEqual({ success: false, error: lostReason ? 'error-forwarding-chat' : 'error-user-is-offline' });
        await setStatus(users.agent2, { statusLivechat: 'available' });
        expect((await forward({ roomId: rid, userId: users.agent2.id })).body).toEqual({ success: true });
    });

    test('to a department with nobody available: error-no-agents-online-in-department, for staff and for the visitor', async () => {
        const { department } = await ws.dev('POST', 'departments', { name: unique('Night shift'), agentIds: [users.agent2.id] });
        const { rid, visitor: { token: visitorToken } } = await openRoom();
        await setStatus(users.agent2, { statusLivechat: 'not-available' });
        expect((await ws.expectUnchanged(() => forward({ roomId: rid, departmentId: department.id }))).body).toEqual({ success: false, error: 'error-no-agents-online-in-department' });
        const transfer = await ws.expectUnchanged(() => ws.api('POST', 'livechat/room.transfer', { body: { rid, token: visitorToken, department: department.id } }));
        expect(transfer.body).toEqual({ success: false, error: 'error-no-agents-online-in-department' });
        await setStatus(users.agent2, { statusLivechat: 'available' });
        expect((await forward({ roomId: rid, departmentId: department.id })).body).toEqual({ success: true });
        const { room } = await ws.dev('GET', `rooms/${rid}`);
        expect(room.servedById).toBe(users.agent2.id);
    });
});

describe("6. Rocket.Chat's UI Kit client gives up after 5 s", () => {
    const setClientTimeout = (ms?: number) => ws.dev('POST', 'ui/timeout', ms === undefined ? {} : { ms });

    afterEach(() => setClientTimeout());

    test('a submit the client gave up on, which the app stored, is not refused as "already requested" when the agent submits again', async () => {
        const { rid } = await openRoom({ messages: [{ from: 'visitor', text: 'hi' }] });
        const agent = users.manager;
        await ws.dev('POST', 'ui/buttons/click', { userId: agent.id, roomId: rid, actionId: PANEL_BUTTON });
        const openModal = () => ws.dev('POST', 'ui/block-action', { userId: agent.id, roomId: rid, viewId: panelViewId(rid), blockId: PANEL_ACTIONS_BLOCK, actionId: PanelAction.SendEmail, value: rid });
        const submit = () => ws.dev('POST', 'ui/view-submit', { userId: agent.id, viewId: emailModalViewId(rid), values: { [EmailField.OtherAddress]: 'other@example.com' } });
        await openModal();
        await setClientTimeout(0);
        const gaveUp = await submit();
        expect(gaveUp.timedOut).toBe(true);
        // The client disposed the modal and showed its toast.
        expect(gaveUp.surfaces.map((s: any) => s.viewId)).not.toContain(emailModalViewId(rid));
        const { events } = await ws.dev('GET', `ui/surfaces?userId=${agent.id}`);
        expect(events.map((e: any) => e.type)).toContain('UIKit_Interaction_Timeout');
        // The app stored the request meanwhile; what it pushed for the given-up trigger was ignored.
        const stored = await ws.waitFor(async () => (await ws.api('GET', `livechat/transcript/${rid}`, { user: users.manager })).body.transcript, 10_000, 'the stored request');
        expect(stored).toMatchObject({ email: 'other@example.com', status: 'pending' });
        const late = (await ws.dev('GET', `ui/surfaces?userId=${agent.id}`)).events;
        expect(late.slice(events.length).every((e: any) => !e.accepted)).toBe(true);
        await setClientTimeout();
        // The panel the client stopped updating still offers Send email: it now shows the stored request.
        const clicked = await openModal();
        expect(clicked.response).toEqual({ success: true });
        const bar = clicked.surfaces.find((s: any) => s.viewId === panelViewId(rid));
        expect(JSON.stringify(bar.view)).toContain('other@example.com');
        expect(clicked.surfaces.map((s: any) => s.viewId)).not.toContain(emailModalViewId(rid));
        // A client that sends the same order again (its state, as the modal had it) is answered as the first time.
        const again = await ws.dev('POST', 'ui/view-submit', { userId: agent.id, viewId: emailModalViewId(rid), state: { [EmailField.OtherAddress]: { [EmailField.OtherAddress]: 'other@example.com' }, [EmailField.Subject]: { [EmailField.Subject]: stored.subject } } });
        expect(again.timedOut).toBeUndefined();
        expect(again.response).toEqual({ success: true });
    });
});

describe("8. the workspace's file-upload settings", () => {
    let appUserId: string;
    let german: DemoUser;

    beforeAll(async () => {
        appUserId = ((await ws.snapshot()) as any).users.find((u: any) => u.type === 'app').id;
        german = (await ws.dev('POST', 'users', { username: unique('leiterin').replace(/\s/g, '-'), name: 'Lea Leiterin', roles: ['livechat-manager', 'user'], language: 'de' })).user;
    });

    afterEach(async () => {
        for (const [id, value] of [['FileUpload_Enabled', true], ['FileUpload_Enabled_Direct', true], ['FileUpload_MaxFileSize', 104857600], ['FileUpload_MediaTypeWhiteList', ''], ['FileUpload_MediaTypeBlackList', 'image/svg+xml']] as const) {
            await setServerSetting(id, value);
        }
    });

    const requestPdf = (rid: string, user: DemoUser = users.manager) => ws.api('POST', `omnichannel/${rid}/request-transcript`, { user });
    const pdfStatus = async (rid: string) => (await ws.api('GET', `livechat/transcript/${rid}`, { user: users.manager })).body.transcript?.pdf;
    const directRoomOf = async (userId: string) => ((await ws.snapshot()) as any).rooms.find((r: any) => r.type === 'd' && r.memberIds.includes(userId) && r.memberIds.includes(appUserId))?.id;
    const fromApp = async (userId: string): Promise<any[]> => {
        const rid = await directRoomOf(userId);
        return rid ? (await ws.dev('GET', `rooms/${rid}`)).messages.filter((m: any) => m.senderId === appUserId) : [];
    };
    const uploadsIn = async (rid?: string) => (rid ? (await ws.dev('GET', 'uploads')).uploads.filter((u: any) => u.rid === rid) : []);

    test('uploads off: request-transcript, /transcript pdf and the panel say so at once, in the caller\'s language; nothing is queued', async () => {
        await setServerSetting('FileUpload_Enabled', false);
        const { rid } = await closedRoom();
        const answer = await ws.expectUnchanged(() => requestPdf(rid, german));
        expect(answer.status).toBe(400);
        expect(answer.body).toEqual({ success: false, errorType: 'error-file-upload-disabled', error: `${i18n.t('de', 'transcript_pdf_uploads_disabled')} [error-file-upload-disabled]` });
        const slash = await ws.expectUnchanged(() => ws.dev('POST', 'slash', { userId: german.id, roomId: rid, command: 'transcript pdf' }));
        expect(slash.notifications.map((n: any) => n.text)).toEqual([i18n.t('de', 'transcript_pdf_uploads_disabled')]);
        await ws.dev('POST', 'ui/buttons/click', { userId: users.manager.id, roomId: rid, actionId: PANEL_BUTTON });
        const clicked = await ws.dev('POST', 'ui/block-action', { userId: users.manager.id, roomId: rid, viewId: panelViewId(rid), blockId: PANEL_ACTIONS_BLOCK, actionId: PanelAction.RequestPdf, value: rid });
        expect(JSON.stringify(clicked.surfaces.find((v: any) => v.viewId === panelViewId(rid)).view)).toContain(i18n.t('en', 'transcript_pdf_uploads_disabled'));
        expect(await pdfStatus(rid)).toBeUndefined();
    });

    test('PDFs not an accepted type: refused at once with error-invalid-file-type', async () => {
        await setServerSetting('FileUpload_MediaTypeWhiteList', 'image/*');
        const { rid } = await closedRoom();
        const answer = await ws.expectUnchanged(() => requestPdf(rid));
        expect(answer.body).toEqual({ success: false, errorType: 'error-invalid-file-type', error: `${i18n.t('en', 'transcript_pdf_type_refused')} [error-invalid-file-type]` });
    });

    test('a request already waiting fails at its first attempt with the reason, is not retried, and the requester is told', async () => {
        const { rid } = await openRoom({ messages: [{ from: 'visitor', text: 'hi' }] });
        const before = (await fromApp(german.id)).length;
        await ws.dev('POST', 'slash', { userId: german.id, roomId: rid, command: 'transcript pdf' });
        await setServerSetting('FileUpload_Enabled', false);
        await ws.dev('POST', `rooms/${rid}/close`, { userId: users.agent.id });
        const failed = await ws.waitFor(async () => {
            const pdf = await pdfStatus(rid);
            return pdf?.status === 'failed' && pdf;
        }, 20_000, 'the PDF to fail');
        expect(failed).toMatchObject({ status: 'failed', attempts: 1 });
        const told = await ws.waitFor(async () => (await fromApp(german.id)).slice(before).find((m: any) => m.text.includes(rid)), 10_000, 'the direct message');
        expect(told.text).toBe(i18n.t('de', 'notify_pdf_failed', { room: rid, error: i18n.t('de', 'transcript_pdf_uploads_disabled') }));
        await sleep(2000);
        expect((await pdfStatus(rid)).attempts).toBe(1);
    });

    test('no uploads in direct messages: the room copy is delivered, the requester gets a text saying where; nothing retried', async () => {
        await setServerSetting('FileUpload_Enabled_Direct', false);
        const { rid } = await closedRoom();
        const before = (await fromApp(users.manager.id)).length;
        expect((await requestPdf(rid)).body).toEqual({ success: true });
        const sent = await ws.waitFor(async () => {
            const pdf = await pdfStatus(rid);
            return pdf?.status === 'sent' && pdf;
        }, 30_000, 'the PDF');
        expect(sent.attempts).toBe(1);
        expect(await uploadsIn(rid)).toHaveLength(1);
        expect(await uploadsIn(await directRoomOf(users.manager.id))).toHaveLength(0);
        const told = (await fromApp(users.manager.id)).slice(before);
        expect(told.map((m: any) => m.text)).toEqual([i18n.t('en', 'transcript_pdf_no_direct_uploads', { room: rid })]);
    });

    test('FileUpload_MaxFileSize: every part, in the room and in the direct message, is under it; together they hold the whole conversation', async () => {
        const messages = Array.from({ length: 300 }, (_, i) => ({ from: i % 2 ? 'agent' : 'visitor', text: `message msg-${String(i).padStart(4, '0')}-end with some words to give it weight ${'lorem ipsum '.repeat(8)}` }));
        // The whole conversation in one PDF first, to pick a limit it exceeds.
        const { rid: whole } = await closedRoom({ messages });
        await requestPdf(whole);
        const one = await ws.waitFor(async () => {
            const pdf = await pdfStatus(whole);
            return pdf?.status === 'sent' && pdf;
        }, 60_000, 'the whole PDF');
        const wholeSize = (await uploadsIn(whole))[0].size;
        expect(one.parts).toHaveLength(1);
        expect(one.parts[0].part).toBeUndefined();
        const limit = Math.floor(wholeSize * 0.7);
        await setServerSetting('FileUpload_MaxFileSize', limit);
        const { rid } = await closedRoom({ messages });
        expect((await requestPdf(rid)).body).toEqual({ success: true });
        const sent = await ws.waitFor(async () => {
            const pdf = await pdfStatus(rid);
            return pdf?.status === 'sent' && pdf;
        }, 120_000, 'the PDF in parts');
        expect(sent.parts.length).toBeGreaterThan(1);
        const inRoom = await uploadsIn(rid);
        const inDirect = (await uploadsIn(await directRoomOf(users.manager.id))).filter((u: any) => sent.parts.some((p: any) => p.fileName === u.name));
        expect(inRoom).toHaveLength(sent.parts.length);
        expect(inDirect).toHaveLength(sent.parts.length);
        for (const upload of [...inRoom, ...inDirect]) {
            expect(upload.size).toBeLessThanOrEqual(limit);
        }
        const texts = await Promise.all(inRoom.map(async (u: any) => (await pdfParse(await download(u.id))).text));
        const found = texts.join('\n').match(/msg-\d{4}-end/g) || [];
        expect(new Set(found).size).toBe(300);
    }, 240_000);

    test('the workspace refuses what its settings forbid, with its reasons', async () => {
        await setServerSetting('FileUpload_MaxFileSize', 10);
        const { rid } = await closedRoom();
        expect((await requestPdf(rid)).body).toEqual({ success: true });
        const failed = await ws.waitFor(async () => {
            const pdf = await pdfStatus(rid);
            return pdf?.status === 'failed' && pdf;
        }, 30_000, 'the PDF to fail');
        // No PDF fits in 10 bytes: refused, never retried.
        expect(failed).toMatchObject({ attempts: 1, lastError: expect.stringContaining('error-file-too-large') });
    });
});
