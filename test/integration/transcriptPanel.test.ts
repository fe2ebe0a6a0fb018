// Issue 15: the Transcript panel (room action button, contextual bar, email modal), driven through
// the local workspace's UI routes as a Rocket.Chat client would, against the packaged app.
import { createTranslator, TranslationParams } from '../../lib/i18n';
import { EmailField, emailModalViewId, PANEL_ACTIONS_BLOCK, PANEL_BUTTON, PanelAction, panelViewId } from '../../lib/ui/ids';
import { shippedCatalogs } from '../catalogs';
import { startedWorkspace, Visitor } from './fixtures';
import { DemoUser } from './workspace';

const { ws, users, demoVisitor, openRoom, closedRoom, withSettings, emailsTo, transcriptOf } = startedWorkspace(() => ({ visitor: demo }));
let demo: Visitor;

const i18n = createTranslator(shippedCatalogs());
const tr = (language: string, key: string, params?: TranslationParams) => i18n.t(language, key, params);
const en = (key: string, params?: TranslationParams) => tr('en', key, params);

beforeAll(async () => {
    demo = await demoVisitor();
    const { user: plain } = await ws.dev('POST', 'users', { username: 'plain', name: 'Paul Plain', roles: ['user'] });
    const { user: arabic } = await ws.dev('POST', 'users', { username: 'mudir', name: 'Mudir Manager', roles: ['livechat-manager', 'user'], language: 'ar' });
    users.plain = plain;
    users.mudir = arabic;
}, 120_000);

interface Surface {
    kind: string;
    viewId: string;
    view: { title: { text: string }; blocks: any[] };
    errors?: Record<string, string>;
}

interface UiAnswer {
    response: any;
    surfaces: Surface[];
}

const buttons = async (user: DemoUser, rid: string): Promise<any[]> => (await ws.dev('GET', `ui/buttons?userId=${user.id}&roomId=${rid}`)).buttons;

const clickButton = (user: DemoUser, rid: string, actionId = PANEL_BUTTON): Promise<UiAnswer> => ws.dev('POST', 'ui/buttons/click', { userId: user.id, roomId: rid, actionId });

/** A click on one of the panel's buttons, with the payload the panel carries (overridable to forge one). */
const clickAction = (user: DemoUser, rid: string, actionId: string, forged: Record<string, unknown> = {}): Promise<UiAnswer> =>
    ws.dev('POST', 'ui/block-action', { userId: user.id, roomId: rid, viewId: panelViewId(rid), blockId: PANEL_ACTIONS_BLOCK, actionId, value: rid, ...forged });

const submitEmail = (user: DemoUser, rid: string, body: Record<string, unknown> = {}): Promise<UiAnswer> => ws.dev('POST', 'ui/view-submit', { userId: user.id, viewId: emailModalViewId(rid), ...body });

/** The modal's state as a client sends it, for a submit of a modal the user no longer has open (a replay). */
const emailState = (address: string) => ({ [EmailField.OtherAddress]: { [EmailField.OtherAddress]: address }, [EmailField.Subject]: { [EmailField.Subject]: 'Replayed' } });

const surfaces = async (user: DemoUser): Promise<Surface[]> => (await ws.dev('GET', `ui/surfaces?userId=${user.id}`)).surfaces;

const surfaceOf = (list: Surface[], viewId: string): Surface | undefined => list.find((s) => s.viewId === viewId);

/** Every text a view shows: titles, sections, fields, context lines, labels, buttons, options. */
function texts(view: Surface['view']): string[] {
    const out = [view.title.text];
    const walk = (node: any): void => {
        if (Array.isArray(node)) {
            node.forEach(walk);
        } else if (node && typeof node === 'object') {
            if ((node.type === 'plain_text' || node.type === 'mrkdwn') && typeof node.text === 'string') {
                out.push(node.text);
            }
            Object.values(node).forEach(walk);
        }
    };
    walk(view.blocks);
    return out;
}

const actionIds = (view: Surface['view']): string[] => view.blocks.filter((b) => b.type === 'actions').flatMap((b) => b.elements.map((e: any) => e.actionId));

/** Opens the panel for `user` and returns the contextual bar. */
async function panel(user: DemoUser, rid: string): Promise<Surface> {
    const answer = await clickButton(user, rid);
    const bar = surfaceOf(answer.surfaces, panelViewId(rid));
    expect(bar?.kind).toBe('contextualBar');
    return bar!;
}

describe('the room action button', () => {
    test('shows in a livechat room for an agent, a monitor and a manager', async () => {
        const { rid } = await openRoom();
        for (const user of [users.agent, users.monitor, users.manager, users.admin]) {
            const seen = await buttons(user, rid);
            expect(seen.map((b) => b.actionId)).toEqual([PANEL_BUTTON]);
            expect(seen[0]).toMatchObject({ context: 'roomAction', labelI18n: 'ui_button_transcript', when: { roomTypes: ['livechat'] } });
        }
    });

    test('does not show in a channel, nor to a plain user', async () => {
        const { room: channel } = await ws.dev('POST', 'rooms', { type: 'c', name: 'general', memberIds: [users.agent.id, users.plain.id] });
        expect(await buttons(users.agent, channel.id)).toEqual([]);
        expect(await buttons(users.manager, channel.id)).toEqual([]);
        expect(await buttons(users.plain, (await openRoom()).rid)).toEqual([]);
    });

    test('follows the role settings from the next start of the app, as Rocket.Chat registers buttons only then', async () => {
        const { rid } = await openRoom();
        const defaults = 'admin, livechat-manager, livechat-monitor, livechat-agent';
        await withSettings({ roles_request_pdf: `${defaults}, user` }, async () => {
            expect(await buttons(users.plain, rid)).toEqual([]);
            await ws.dev('POST', 'app/disable');
            await ws.dev('POST', 'app/enable');
            expect((await buttons(users.plain, rid)).map((b) => b.actionId)).toEqual([PANEL_BUTTON]);
            // The panel itself follows the settings at once: the role now passes, room access is still checked.
            expect(texts((await panel(users.plain, rid)).view)).toContain(`⚠ ${en('transcript_no_room_access')}`);
        });
        expect(texts((await panel(users.plain, rid)).view)).toContain(`⚠ ${en('transcript_no_permission')}`);
        await ws.dev('POST', 'app/disable');
        await ws.dev('POST', 'app/enable');
        expect(await buttons(users.plain, rid)).toEqual([]);
    }, 60_000);

    test('opens the panel of the room in the contextual bar', async () => {
        const { rid } = await openRoom();
        const answer = await clickButton(users.agent, rid);
        expect(answer.response).toEqual({ success: true });
        const bar = surfaceOf(answer.surfaces, panelViewId(rid))!;
        expect(bar.view.title.text).toBe(en('ui_panel_title'));
        expect(texts(bar.view)).toEqual(
            expect.arrayContaining([en('ui_room_state', { state: en('ui_room_open') }), en('ui_room_visitor', { name: 'Vera Visitor' }), en('ui_room_agent', { name: 'Alice Agent' })]),
        );
    });
});

describe('the contextual bar in each state', () => {
    test('nothing requested: both "not requested", the actions the caller may take', async () => {
        const { rid } = await openRoom();
        const manager = await panel(users.manager, rid);
        expect(texts(manager.view).filter((t) => t === en('ui_not_requested'))).toHaveLength(2);
        expect(actionIds(manager.view)).toEqual([PanelAction.SendEmail, PanelAction.RequestPdf, PanelAction.Refresh]);
        // An agent may not email transcripts by default: the action is not offered.
        const agent = await panel(users.agent, rid);
        expect(actionIds(agent.view)).toEqual([PanelAction.RequestPdf, PanelAction.Refresh]);
    });

    test('email waiting for the close: address, subject, status; cancel offered, send not', async () => {
        const { rid } = await openRoom();
        await ws.api('POST', `livechat/transcript/${rid}`, { user: users.manager, body: { email: 'vera@example.com', subject: 'Our chat' } });
        const bar = await panel(users.manager, rid);
        expect(texts(bar.view)).toEqual(
            expect.arrayContaining([
                en('ui_email_to', { address: 'vera@example.com' }),
                en('ui_email_subject', { subject: 'Our chat' }),
                en('ui_status', { state: en('transcript_state_waiting') }),
                en('ui_attempts', { count: 0 }),
            ]),
        );
        expect(actionIds(bar.view)).toEqual([PanelAction.RequestPdf, PanelAction.CancelEmail, PanelAction.Refresh]);
    });

    test('PDF waiting for the close: status; cancel PDF offered', async () => {
        const { rid } = await openRoom();
        await ws.dev('POST', 'slash', { userId: users.agent.id, roomId: rid, command: '/transcript pdf' });
        const bar = await panel(users.agent, rid);
        expect(texts(bar.view)).toEqual(expect.arrayContaining([en('ui_status', { state: en('transcript_state_waiting') })]));
        expect(actionIds(bar.view)).toEqual([PanelAction.CancelPdf, PanelAction.Refresh]);
    });

    test('sent, with parts: the PDF files and the email parts, delivery time; Refresh shows the new state', async () => {
        const { rid } = await openRoom();
        const long = Array.from({ length: 10_001 }, (_, i) => ({ from: i % 2 ? 'agent' : 'visitor', text: `message ${i}` }));
        await ws.dev('POST', `rooms/${rid}/messages`, { messages: long });
        await ws.api('POST', `livechat/transcript/${rid}`, { user: users.manager, body: { email: 'long@example.com', subject: 'Long chat' } });
        await withSettings({ pdf_messages_per_file: 6000 }, async () => {
            await clickAction(users.manager, rid, PanelAction.RequestPdf);
            const before = await panel(users.manager, rid);
            expect(texts(before.view)).toEqual(expect.arrayContaining([en('ui_status', { state: en('transcript_state_waiting') })]));
            await ws.dev('POST', `rooms/${rid}/close`, { userId: users.agent.id });
            await ws.waitFor(async () => {
                const t = await transcriptOf(rid);
                return t?.status === 'sent' && t.pdf?.status === 'sent';
            }, 120_000, 'both transcripts');
        });
        const refreshed = surfaceOf((await clickAction(users.manager, rid, PanelAction.Refresh)).surfaces, panelViewId(rid))!;
        const shown = texts(refreshed.view);
        const transcript = await transcriptOf(rid);
        expect(shown).toEqual(
            expect.arrayContaining([
                en('ui_room_state', { state: en('ui_room_closed') }),
                en('ui_status', { state: en('transcript_state_sent') }),
                en('ui_email_parts', { parts: `${en('label_part', { part: 1, parts: 2 })}, ${en('label_part', { part: 2, parts: 2 })}` }),
                en('ui_pdf_files', { files: transcript.pdf.parts.map((p: any) => p.fileName).join(', ') }),
            ]),
        );
        expect(transcript.pdf.parts).toHaveLength(2);
        expect(shown.filter((t) => t.startsWith(en('ui_delivered_at', { date: '' })))).toHaveLength(2);
        // Delivered: a new transcript of either kind may be ordered; nothing waits to be cancelled.
        expect(actionIds(refreshed.view)).toEqual([PanelAction.SendEmail, PanelAction.RequestPdf, PanelAction.Refresh]);
    }, 240_000);

    test('failed, with the last error', async () => {
        const { rid } = await openRoom();
        await withSettings({ delivery_retry_delays_minutes: '' }, async () => {
            await ws.api('POST', `livechat/transcript/${rid}`, { user: users.manager, body: { email: 'bounce@example.com', subject: 'x' } });
            await ws.dev('POST', 'faults', { target: 'email', mode: 'fail', count: 1 });
            try {
                await ws.dev('POST', `rooms/${rid}/close`, { userId: users.agent.id });
                await ws.waitFor(async () => (await transcriptOf(rid))?.status === 'failed', 30_000, 'the failure');
            } finally {
                await ws.dev('POST', 'faults', { clear: true });
            }
        });
        const { lastError } = await transcriptOf(rid);
        expect(lastError).toBeTruthy();
        const bar = await panel(users.manager, rid);
        expect(texts(bar.view)).toEqual(expect.arrayContaining([en('ui_status', { state: en('transcript_state_failed') }), en('ui_attempts', { count: 1 }), en('ui_last_error', { error: lastError })]));
        expect(actionIds(bar.view)).toContain(PanelAction.SendEmail);
    });
});

describe('the email modal', () => {
    test('opens with the visitor\'s email preselected and the translated default subject', async () => {
        const { rid } = await openRoom();
        await panel(users.manager, rid);
        const answer = await clickAction(users.manager, rid, PanelAction.SendEmail);
        const modal = surfaceOf(answer.surfaces, emailModalViewId(rid))!;
        expect(modal.kind).toBe('modal');
        const inputs = Object.fromEntries(modal.view.blocks.filter((b) => b.type === 'input').map((b) => [b.blockId, b.element]));
        expect(inputs[EmailField.KnownAddress]).toMatchObject({ type: 'static_select', initialValue: 'vera@example.com' });
        expect(inputs[EmailField.KnownAddress].options.map((o: any) => o.value)).toEqual(['vera@example.com']);
        expect(inputs[EmailField.OtherAddress]).toMatchObject({ type: 'plain_text_input' });
        expect(inputs[EmailField.Subject]).toMatchObject({ initialValue: en('email_default_subject') });
    });

    test('closing the modal orders nothing', async () => {
        const { rid } = await openRoom();
        await panel(users.manager, rid);
        await clickAction(users.manager, rid, PanelAction.SendEmail);
        const answer = await ws.expectUnchanged(() => ws.dev('POST', 'ui/view-close', { userId: users.manager.id, viewId: emailModalViewId(rid) }));
        expect(surfaceOf(answer.surfaces, emailModalViewId(rid))).toBeUndefined();
        expect(surfaceOf(answer.surfaces, panelViewId(rid))).toBeDefined();
    });

    test('an open room: scheduled for the close; the modal closes and the bar shows the request', async () => {
        const { rid } = await openRoom();
        await panel(users.manager, rid);
        await clickAction(users.manager, rid, PanelAction.SendEmail);
        const answer = await submitEmail(users.manager, rid);
        expect(answer.response).toEqual({ success: true });
        expect(surfaceOf(answer.surfaces, emailModalViewId(rid))).toBeUndefined();
        const bar = surfaceOf(answer.surfaces, panelViewId(rid))!;
        expect(texts(bar.view)).toEqual(expect.arrayContaining([`✓ ${en('transcript_email_scheduled', { address: 'vera@example.com' })}`, en('ui_email_to', { address: 'vera@example.com' })]));
        expect(await transcriptOf(rid)).toMatchObject({ email: 'vera@example.com', subject: en('email_default_subject'), status: 'pending' });
    });

    test('a closed room: sent now, to another address and subject', async () => {
        const { rid } = await closedRoom();
        await panel(users.manager, rid);
        await clickAction(users.manager, rid, PanelAction.SendEmail);
        const answer = await submitEmail(users.manager, rid, { values: { [EmailField.OtherAddress]: 'boss@example.com', [EmailField.Subject]: 'For the record' } });
        expect(answer.response).toEqual({ success: true });
        const bar = surfaceOf(answer.surfaces, panelViewId(rid))!;
        expect(texts(bar.view)).toContain(`✓ ${en('transcript_email_sending', { address: 'boss@example.com' })}`);
        const [email] = await ws.waitFor(async () => {
            const found = await emailsTo('boss@example.com');
            return found.length > 0 && found;
        }, 30_000, 'the email');
        expect(email.subject).toBe('For the record');
    });

    test('each field error is shown on its field, keeps the modal open and changes nothing', async () => {
        const { rid } = await openRoom();
        await panel(users.manager, rid);
        await clickAction(users.manager, rid, PanelAction.SendEmail);
        const cases: Array<[Record<string, unknown>, string, string]> = [
            [{ [EmailField.OtherAddress]: 'not an address' }, EmailField.OtherAddress, en('transcript_invalid_email', { address: 'not an address' })],
            [{ [EmailField.OtherAddress]: 'a@example.com, b@example.com' }, EmailField.OtherAddress, en('transcript_invalid_email', { address: 'a@example.com, b@example.com' })],
            [{ [EmailField.KnownAddress]: 'vera@', [EmailField.OtherAddress]: '' }, EmailField.KnownAddress, en('transcript_invalid_email', { address: 'vera@' })],
            [{ [EmailField.KnownAddress]: '', [EmailField.OtherAddress]: '' }, EmailField.OtherAddress, en('ui_error_address_missing')],
            [{ [EmailField.Subject]: 'x'.repeat(257) }, EmailField.Subject, en('transcript_invalid_subject', { max: 256 })],
            [{ [EmailField.Subject]: 'Hello\r\nBcc: all@example.com' }, EmailField.Subject, en('transcript_invalid_subject', { max: 256 })],
        ];
        for (const [values, field, message] of cases) {
            const answer = await ws.expectUnchanged(() => submitEmail(users.manager, rid, { values }));
            expect(answer.response).toMatchObject({ success: false, type: 'errors', viewId: emailModalViewId(rid), errors: { [field]: message } });
            const modal = surfaceOf(answer.surfaces, emailModalViewId(rid))!;
            expect(modal.errors).toEqual({ [field]: message });
        }
        expect(await transcriptOf(rid)).toBeUndefined();
    });
});

describe('acting from the bar', () => {
    test('Request PDF on a closed room delivers to the room and to the requester\'s DM', async () => {
        const { rid } = await closedRoom();
        await panel(users.agent, rid);
        const answer = await clickAction(users.agent, rid, PanelAction.RequestPdf);
        expect(answer.response).toEqual({ success: true });
        const bar = surfaceOf(answer.surfaces, panelViewId(rid))!;
        expect(texts(bar.view)).toContain(`✓ ${en('transcript_pdf_queued')}`);
        expect(actionIds(bar.view)).not.toContain(PanelAction.RequestPdf);
        const pdf = await ws.waitFor(async () => {
            const t = await transcriptOf(rid);
            return t?.pdf?.status === 'sent' && t.pdf;
        }, 60_000, 'the PDF');
        const { uploads } = await ws.dev('GET', 'uploads');
        const copies = uploads.filter((u: any) => u.sha256 === pdf.sha256);
        expect(copies).toHaveLength(2);
        const state = (await ws.snapshot()) as any;
        const dm = state.rooms.find((r: any) => r.id === copies.find((c: any) => c.rid !== rid).rid);
        expect(copies.map((c: any) => c.rid)).toContain(rid);
        expect(dm.type).toBe('d');
        expect(dm.memberIds).toContain(users.agent.id);
        const refreshed = surfaceOf((await clickAction(users.agent, rid, PanelAction.Refresh)).surfaces, panelViewId(rid))!;
        expect(texts(refreshed.view)).toEqual(expect.arrayContaining([en('ui_status', { state: en('transcript_state_sent') }), en('ui_pdf_files', { files: pdf.fileName })]));
    }, 90_000);

    test('Cancel email and Cancel PDF remove the waiting requests; a second click changes nothing', async () => {
        const { rid } = await openRoom();
        await ws.api('POST', `livechat/transcript/${rid}`, { user: users.manager, body: { email: 'vera@example.com', subject: 'x' } });
        await clickAction(users.manager, rid, PanelAction.RequestPdf);
        const bar = await panel(users.manager, rid);
        expect(actionIds(bar.view)).toEqual([PanelAction.CancelEmail, PanelAction.CancelPdf, PanelAction.Refresh]);
        const afterEmail = await clickAction(users.manager, rid, PanelAction.CancelEmail);
        expect(texts(surfaceOf(afterEmail.surfaces, panelViewId(rid))!.view)).toContain(`✓ ${en('transcript_cancelled_email')}`);
        const afterPdf = await clickAction(users.manager, rid, PanelAction.CancelPdf);
        const shown = surfaceOf(afterPdf.surfaces, panelViewId(rid))!.view;
        expect(texts(shown)).toContain(`✓ ${en('transcript_cancelled_pdf')}`);
        expect(actionIds(shown)).toEqual([PanelAction.SendEmail, PanelAction.RequestPdf, PanelAction.Refresh]);
        expect(await transcriptOf(rid)).toBeUndefined();
        // Replayed: nothing left to cancel.
        const replay = await ws.expectUnchanged(() => clickAction(users.manager, rid, PanelAction.CancelEmail));
        expect(texts(surfaceOf(replay.surfaces, panelViewId(rid))!.view)).toContain(`⚠ ${en('transcript_nothing_to_cancel_email')}`);
    });
});

describe('forged and replayed interactions are refused and change nothing', () => {
    /** Runs a forged interaction: state unchanged, an error in the panel, none of the room's data shown. */
    async function refused(run: () => Promise<UiAnswer>, user: DemoUser, expected: string, viewId?: string): Promise<UiAnswer> {
        // Earlier deliveries' jobs run first: under load one could otherwise run inside the compared window.
        const dueSoon = (job: { interval?: unknown; runAt?: string }) => !job.interval && !!job.runAt && Date.parse(job.runAt) < Date.now() + 10_000;
        await ws.waitFor(async () => !(await ws.dev('GET', 'jobs')).jobs.some(dueSoon), 60_000, 'due jobs to run');
        const answer = await ws.expectUnchanged(run);
        // What the client shows: its views and their errors, and the errors of the app's answer.
        const views = viewId ? [surfaceOf(answer.surfaces, viewId)!] : answer.surfaces;
        const shown = [...views.flatMap((s) => [...texts(s.view), ...Object.values(s.errors || {})]), ...Object.values<string>(answer.response?.errors || {})];
        expect(shown.join('\n')).toContain(expected);
        return answer;
    }

    const noRoomData = (answer: UiAnswer, rid: string) => {
        const shown = JSON.stringify(answer.surfaces.filter((s) => s.viewId.endsWith(rid)));
        for (const secret of ['Vera Visitor', 'vera@example.com', 'Alice Agent']) {
            expect(shown).not.toContain(secret);
        }
    };

    test('a room that is not a livechat room', async () => {
        const { room: channel } = await ws.dev('POST', 'rooms', { type: 'c', name: 'random', memberIds: [users.manager.id] });
        const answer = await refused(() => clickButton(users.manager, channel.id), users.manager, en('ui_error_not_livechat'), panelViewId(channel.id));
        expect(actionIds(surfaceOf(answer.surfaces, panelViewId(channel.id))!.view)).toEqual([]);
        await refused(() => clickAction(users.manager, channel.id, PanelAction.RequestPdf), users.manager, en('ui_error_not_livechat'), panelViewId(channel.id));
        const submit = await refused(() => submitEmail(users.manager, channel.id, { state: emailState('x@example.com') }), users.manager, en('ui_error_not_livechat'));
        expect(submit.response.errors).toEqual({ [EmailField.OtherAddress]: en('ui_error_not_livechat') });
        await refused(() => clickButton(users.manager, 'no-such-room'), users.manager, en('ui_error_not_livechat'));
    });

    test('a room the caller may not act on: another agent\'s conversation', async () => {
        const { rid } = await closedRoom();
        for (const run of [() => clickButton(users.agent2, rid), () => clickAction(users.agent2, rid, PanelAction.RequestPdf), () => clickAction(users.agent2, rid, PanelAction.Refresh)]) {
            // agent2 reads Portuguese.
            const answer = await refused(run, users.agent2, tr('pt-BR', 'transcript_no_room_access'), panelViewId(rid));
            noRoomData(answer, rid);
        }
        const submit = await refused(() => submitEmail(users.agent2, rid, { state: emailState('x@example.com') }), users.agent2, tr('pt-BR', 'transcript_no_permission_email'));
        expect(submit.response.errors).toEqual({ [EmailField.OtherAddress]: tr('pt-BR', 'transcript_no_permission_email') });
        noRoomData(submit, rid);
    });

    test('a user without the role', async () => {
        const { rid } = await openRoom();
        for (const run of [() => clickButton(users.plain, rid), () => clickAction(users.plain, rid, PanelAction.RequestPdf), () => clickAction(users.plain, rid, PanelAction.CancelEmail)]) {
            noRoomData(await refused(run, users.plain, en('transcript_no_permission'), panelViewId(rid)), rid);
        }
        // An agent lacks the email role: the modal does not open and a submit is refused on the form.
        await panel(users.agent, rid);
        await refused(() => clickAction(users.agent, rid, PanelAction.SendEmail), users.agent, en('transcript_no_permission_email'), panelViewId(rid));
        expect(surfaceOf(await surfaces(users.agent), emailModalViewId(rid))).toBeUndefined();
        const submit = await refused(() => submitEmail(users.agent, rid, { state: emailState('x@example.com') }), users.agent, en('transcript_no_permission_email'));
        expect(submit.response.errors).toEqual({ [EmailField.OtherAddress]: en('transcript_no_permission_email') });
    });

    test('unknown action or block ids, a view or value of another room', async () => {
        const { rid } = await openRoom();
        const { rid: other } = await openRoom({ agent: users.agent2 });
        await panel(users.manager, rid);
        const invalid = en('ui_error_invalid_interaction');
        for (const forged of [
            { actionId: 'livechat-transcripts.panel.delete-everything' },
            { blockId: 'livechat-transcripts.other-block' },
            { value: other },
            { roomId: other },
            { viewId: 'someone-elses-view' },
            { viewId: panelViewId(other) },
        ]) {
            const answer = await refused(() => clickAction(users.manager, rid, PanelAction.CancelEmail, forged), users.manager, invalid);
            expect(answer.response).toMatchObject({ success: false });
        }
        await refused(() => clickButton(users.manager, rid, 'livechat-transcripts.panel.unknown'), users.manager, invalid, panelViewId(rid));
    });

    test('missing, unknown or oversized state values in the email modal', async () => {
        const { rid } = await openRoom();
        await panel(users.manager, rid);
        await clickAction(users.manager, rid, PanelAction.SendEmail);
        const invalid = en('ui_error_invalid_interaction');
        const forgeries: Array<Record<string, unknown>> = [
            { omitState: true },
            { state: { 'livechat-transcripts.email.bcc': { 'livechat-transcripts.email.bcc': 'all@example.com' } } },
            { state: { [EmailField.OtherAddress]: { 'another-action': 'x@example.com' } } },
            { state: { [EmailField.OtherAddress]: { [EmailField.OtherAddress]: ['x@example.com', 'y@example.com'] } } },
            { values: { [EmailField.Subject]: 'x'.repeat(5000) } },
            { values: { [EmailField.OtherAddress]: `${'x'.repeat(5000)}@example.com` } },
        ];
        for (const forged of forgeries) {
            const answer = await refused(() => submitEmail(users.manager, rid, forged), users.manager, invalid, emailModalViewId(rid));
            expect(answer.response).toMatchObject({ type: 'errors' });
        }
        // A view id that is not the modal's.
        await refused(() => ws.dev('POST', 'ui/view-submit', { userId: users.manager.id, viewId: 'livechat-transcripts.email:', values: {} }), users.manager, invalid);
        expect(await transcriptOf(rid)).toBeUndefined();
    });

    test('a replayed submit after the request was stored orders nothing twice', async () => {
        const { rid } = await openRoom();
        await panel(users.manager, rid);
        await clickAction(users.manager, rid, PanelAction.SendEmail);
        await submitEmail(users.manager, rid);
        const replay = await refused(() => submitEmail(users.manager, rid, { state: emailState('vera@example.com') }), users.manager, en('ui_email_already_requested', { address: 'vera@example.com' }));
        expect(replay.response).toMatchObject({ type: 'errors', errors: { [EmailField.OtherAddress]: en('ui_email_already_requested', { address: 'vera@example.com' }) } });
        // The panel no longer offers it; a click from a panel the client stopped updating (it gave up
        // waiting for the submit) shows the stored request and orders nothing.
        const stale = await ws.expectUnchanged(() => clickAction(users.manager, rid, PanelAction.SendEmail));
        expect(stale.response).toEqual({ success: true });
        expect(texts(surfaceOf(stale.surfaces, panelViewId(rid))!.view)).toContain(`✓ ${en('transcript_email_scheduled', { address: 'vera@example.com' })}`);
    });
});

describe('the bar in the caller\'s language', () => {
    test.each([
        ['en', () => users.manager],
        ['de', () => users.monitor],
        ['ar', () => users.mudir],
    ])('%s', async (language, who) => {
        const { rid } = await openRoom();
        await ws.api('POST', `livechat/transcript/${rid}`, { user: users.manager, body: { email: 'vera@example.com', subject: 'x' } });
        const bar = await panel(who(), rid);
        const t = (key: string, params?: TranslationParams) => tr(language, key, params);
        expect(bar.view.title.text).toBe(t('ui_panel_title'));
        expect(texts(bar.view)).toEqual(
            expect.arrayContaining([
                t('ui_room_heading'),
                t('ui_room_state', { state: t('ui_room_open') }),
                t('ui_email_heading'),
                t('ui_status', { state: t('transcript_state_waiting') }),
                t('ui_pdf_heading'),
                t('ui_not_requested'),
                t('ui_action_refresh'),
            ]),
        );
        if (language !== 'en') {
            expect(t('ui_panel_title')).not.toBe(en('ui_panel_title'));
        }
    });
});
