// Issue: the /transcript slash command for agents, in the caller's language.
import { createTranslator, TranslationParams } from '../../lib/i18n';
import { shippedCatalogs } from '../catalogs';
import { startedWorkspace, Visitor } from './fixtures';
import { DemoUser } from './workspace';

const { ws, users, newVisitor, demoVisitor, openRoom, closedRoom, withSettings, emailsTo, transcriptOf } = startedWorkspace(() => ({ visitor: demo }));
let demo: Visitor;

const i18n = createTranslator(shippedCatalogs());
const tr = (language: string, key: string, params?: TranslationParams) => i18n.t(language, key, params);

const DEFAULT_SEND_ROLES = 'admin, livechat-manager';

beforeAll(async () => {
    demo = await demoVisitor();
});

const roomMessages = async (rid: string): Promise<any[]> => (await ws.dev('GET', `rooms/${rid}`)).messages;

/**
 * Runs the command as `user` in `rid` and returns the text of the one notification it produced.
 * The command itself never writes into the room: only PDF uploads (file messages) may appear there.
 */
async function slash(user: DemoUser, rid: string, command: string): Promise<string> {
    const before = (await roomMessages(rid)).filter((m) => !m.fileId);
    const { notifications } = await ws.dev('POST', 'slash', { userId: user.id, roomId: rid, command });
    expect((await roomMessages(rid)).filter((m) => !m.fileId)).toEqual(before);
    expect(notifications).toHaveLength(1);
    expect(notifications[0].rid).toBe(rid);
    return notifications[0].text;
}

/** Runs the command and checks that nothing but the notification changed. */
async function slashUnchanged(user: DemoUser, rid: string, command: string): Promise<string> {
    const before = await ws.snapshot();
    const text = await slash(user, rid, command);
    expect(await ws.snapshot()).toEqual(before);
    return text;
}

const agentsMaySend = <T>(run: () => Promise<T>) => withSettings({ roles_send_transcript: `${DEFAULT_SEND_ROLES}, livechat-agent, livechat-monitor` }, run);

describe('/transcript email', () => {
    test('on an open room, as a manager: stored for the close, delivered when it closes', async () => {
        const { rid } = await openRoom();
        expect(await slash(users.manager, rid, '/transcript email kim@example.com Your chat with us')).toBe(tr('en', 'transcript_email_scheduled', { address: 'kim@example.com' }));
        const request = await transcriptOf(rid);
        expect(request).toMatchObject({ email: 'kim@example.com', subject: 'Your chat with us', status: 'pending', attempts: 0, requestedBy: { _id: users.manager.id } });
        expect(request.dueAt).toBeUndefined();
        expect(await emailsTo('kim@example.com')).toEqual([]);
        await ws.dev('POST', `rooms/${rid}/close`, {});
        const email = await ws.waitFor(async () => (await emailsTo('kim@example.com'))[0], 30_000, 'the email');
        expect(email.subject).toBe('Your chat with us');
    });

    test('on a closed room: sent now, with the default subject when none is given', async () => {
        const { rid } = await closedRoom();
        expect(await slash(users.manager, rid, '/transcript email closed@example.com')).toBe(tr('en', 'transcript_email_sending', { address: 'closed@example.com' }));
        const email = await ws.waitFor(async () => (await emailsTo('closed@example.com'))[0], 30_000, 'the email');
        expect(email.subject).toBe('Transcript of your livechat conversation');
        const request = await ws.waitFor(async () => {
            const current = await transcriptOf(rid);
            return current?.status === 'sent' && current;
        });
        expect(request).toMatchObject({ email: 'closed@example.com', subject: '', attempts: 1 });
    });

    test('without an address: the visitor’s first email', async () => {
        const visitor = await newVisitor({ name: 'Two Mails', emails: ['first@example.com', 'second@example.com'] });
        const { rid } = await openRoom({ visitor });
        expect(await slash(users.manager, rid, '/transcript email')).toBe(tr('en', 'transcript_email_scheduled', { address: 'first@example.com' }));
        expect(await transcriptOf(rid)).toMatchObject({ email: 'first@example.com', subject: '' });
    });

    test('without an address and no known visitor email: a clear message, nothing stored', async () => {
        const visitor = await newVisitor({ name: 'No Mail', emails: [] });
        const { rid } = await openRoom({ visitor });
        expect(await slashUnchanged(users.manager, rid, '/transcript email')).toBe(tr('en', 'transcript_no_visitor_email'));
        // Missing rights come first.
        expect(await slashUnchanged(users.agent2, rid, '/transcript email')).toBe(tr('pt-BR', 'transcript_no_permission_email'));
    });

    test('the serving agent needs the send-transcript role (setting roles_send_transcript)', async () => {
        const { rid } = await openRoom();
        expect(await slashUnchanged(users.agent, rid, '/transcript email kim@example.com')).toBe(tr('en', 'transcript_no_permission_email'));
        await agentsMaySend(async () => {
            expect(await slash(users.agent, rid, '/transcript email agent-sent@example.com')).toBe(tr('en', 'transcript_email_scheduled', { address: 'agent-sent@example.com' }));
        });
        expect(await transcriptOf(rid)).toMatchObject({ email: 'agent-sent@example.com', requestedBy: { _id: users.agent.id } });
    });

    test('an agent who does not serve the room is refused, in their language (pt-BR)', async () => {
        const { rid } = await openRoom();
        expect(await slashUnchanged(users.agent2, rid, '/transcript email kim@example.com')).toBe(tr('pt-BR', 'transcript_no_permission_email'));
        await agentsMaySend(async () => {
            const text = await slashUnchanged(users.agent2, rid, '/transcript email kim@example.com');
            expect(text).toBe(tr('pt-BR', 'transcript_no_room_access'));
            expect(text).toContain('Você não tem acesso a esta conversa');
        });
    });

    test('a monitor (de) oversees every room once holding the role', async () => {
        const { rid } = await openRoom({ agent: users.agent2 });
        expect(await slashUnchanged(users.monitor, rid, '/transcript email kim@example.com')).toBe(tr('de', 'transcript_no_permission_email'));
        await agentsMaySend(async () => {
            const text = await slash(users.monitor, rid, '/transcript email monitor-sent@example.com');
            expect(text).toBe(tr('de', 'transcript_email_scheduled', { address: 'monitor-sent@example.com' }));
            expect(text).toContain('sobald das Gespräch beendet wird');
        });
    });

    test('the endpoint’s validation: one valid address, subject ≤ 256 characters', async () => {
        const { rid } = await openRoom();
        expect(await slashUnchanged(users.manager, rid, '/transcript email not-an-address')).toBe(tr('en', 'transcript_invalid_email', { address: 'not-an-address' }));
        expect(await slashUnchanged(users.manager, rid, '/transcript email a@b.co,c@d.co')).toBe(tr('en', 'transcript_invalid_email', { address: 'a@b.co,c@d.co' }));
        expect(await slashUnchanged(users.manager, rid, `/transcript email a@b.co ${'x'.repeat(257)}`)).toBe(tr('en', 'transcript_invalid_subject', { max: 256 }));
        expect(await slash(users.manager, rid, `/transcript email a@b.co ${'x'.repeat(256)}`)).toBe(tr('en', 'transcript_email_scheduled', { address: 'a@b.co' }));
    });

    test('already requested: the pending request stays', async () => {
        const { rid } = await openRoom();
        await slash(users.manager, rid, '/transcript email first@example.com');
        expect(await slashUnchanged(users.manager, rid, '/transcript email second@example.com')).toBe(tr('en', 'transcript_email_already_requested', { address: 'first@example.com' }));
        expect(await transcriptOf(rid)).toMatchObject({ email: 'first@example.com' });
    });

    test('the endpoint sees a request made with the command, and the other way round', async () => {
        const { rid } = await openRoom();
        await ws.api('POST', `livechat/transcript/${rid}`, { user: users.manager, body: { email: 'api@example.com', subject: 's' } });
        expect(await slash(users.manager, rid, '/transcript email cmd@example.com')).toBe(tr('en', 'transcript_email_already_requested', { address: 'api@example.com' }));
        await slash(users.manager, rid, '/transcript cancel email');
        await slash(users.manager, rid, '/transcript email cmd@example.com');
        const answer = await ws.api('POST', `livechat/transcript/${rid}`, { user: users.manager, body: { email: 'api@example.com', subject: 's' } });
        expect(answer.body.errorType).toBe('error-transcript-already-requested');
    });
});

describe('/transcript pdf', () => {
    test('on a closed room, as the serving agent: queued now and delivered', async () => {
        const { rid } = await closedRoom();
        expect(await slash(users.agent, rid, '/transcript pdf')).toBe(tr('en', 'transcript_pdf_queued'));
        const pdf = await ws.waitFor(async () => (await transcriptOf(rid))?.pdf?.status === 'sent' && (await transcriptOf(rid)).pdf, 45_000, 'the PDF');
        expect(pdf.fileName).toMatch(/\.pdf$/);
        const { uploads } = await ws.dev('GET', 'uploads');
        expect(uploads.filter((u: any) => u.rid === rid && u.name === pdf.fileName)).toHaveLength(1);
    });

    test('on an open room: waits for the close, then the room-closed handler delivers it', async () => {
        const { rid } = await openRoom();
        expect(await slash(users.agent, rid, '/transcript pdf')).toBe(tr('en', 'transcript_pdf_waiting'));
        const { persistence } = (await ws.snapshot()) as any;
        const stored = (Object.values(persistence).find((record: any) => record.data?.kind === 'pdf' && record.associations.some((a: any) => a.id === 'transcript-request') && record.data?.rid === rid) as any)?.data;
        expect(stored).toMatchObject({ rid, kind: 'pdf', status: 'pending', attempts: 0, requestedBy: { _id: users.agent.id } });
        expect(stored.dueAt).toBeUndefined();
        expect(await slashUnchanged(users.agent, rid, '/transcript pdf')).toBe(tr('en', 'transcript_pdf_already_requested'));
        await ws.dev('POST', `rooms/${rid}/close`, { userId: users.agent.id });
        const pdf = await ws.waitFor(async () => (await transcriptOf(rid))?.pdf?.status === 'sent' && (await transcriptOf(rid)).pdf, 45_000, 'the PDF');
        expect(pdf.attempts).toBe(1);
    });

    test('an agent who does not serve the room is refused (pt-BR)', async () => {
        const { rid } = await closedRoom();
        expect(await slashUnchanged(users.agent2, rid, '/transcript pdf')).toBe(tr('pt-BR', 'transcript_no_room_access'));
    });

    test('a monitor may (de); without the role in roles_request_pdf nobody may', async () => {
        const { rid } = await openRoom({ agent: users.agent2 });
        expect(await slash(users.monitor, rid, '/transcript pdf')).toBe(tr('de', 'transcript_pdf_waiting'));
        const { rid: other } = await openRoom();
        await withSettings({ roles_request_pdf: 'admin' }, async () => {
            expect(await slashUnchanged(users.agent, other, '/transcript pdf')).toBe(tr('en', 'transcript_no_permission_pdf'));
            expect(await slashUnchanged(users.monitor, other, '/transcript pdf')).toBe(tr('de', 'transcript_no_permission_pdf'));
        });
    });
});

describe('/transcript status', () => {
    test('nothing requested', async () => {
        const { rid } = await openRoom();
        expect(await slashUnchanged(users.agent, rid, '/transcript status')).toBe(tr('en', 'transcript_status_none'));
    });

    test('waiting requests, as the manager (en) and the monitor (de)', async () => {
        const { rid } = await openRoom();
        await slash(users.manager, rid, '/transcript email kim@example.com');
        await slash(users.agent, rid, '/transcript pdf');
        for (const [user, language] of [
            [users.manager, 'en'],
            [users.monitor, 'de'],
            [users.agent, 'en'],
        ] as const) {
            const text = await slashUnchanged(user, rid, '/transcript status');
            const waiting = tr(language, 'transcript_state_waiting');
            const attempts = tr(language, 'transcript_status_attempts', { count: 0 });
            expect(text.split('\n')).toEqual([
                tr(language, 'transcript_status_title'),
                `${tr(language, 'transcript_status_email', { address: 'kim@example.com', state: waiting })} · ${attempts}`,
                `${tr(language, 'transcript_status_pdf', { state: waiting })} · ${attempts}`,
            ]);
        }
    });

    test('delivered requests: delivery time and file name', async () => {
        const { rid } = await closedRoom();
        await slash(users.manager, rid, '/transcript email done@example.com');
        await slash(users.manager, rid, '/transcript pdf');
        const transcript = await ws.waitFor(async () => {
            const current = await transcriptOf(rid);
            return current?.status === 'sent' && current.pdf?.status === 'sent' && current;
        }, 45_000, 'both deliveries');
        expect(await slash(users.agent2, rid, '/transcript status')).toBe(tr('pt-BR', 'transcript_no_room_access'));
        const lines = (await slash(users.agent, rid, '/transcript status')).split('\n');
        expect(lines[1]).toContain(tr('en', 'transcript_status_email', { address: 'done@example.com', state: tr('en', 'transcript_state_sent') }));
        expect(lines[1]).toContain(tr('en', 'transcript_status_attempts', { count: 1 }));
        expect(lines[1]).toContain(tr('en', 'transcript_status_delivered_at', { date: '' }));
        expect(lines[2]).toContain(tr('en', 'transcript_status_pdf', { state: tr('en', 'transcript_state_sent') }));
        expect(lines[2]).toContain(tr('en', 'transcript_status_file', { file: transcript.pdf.fileName }));
    });

    test('a failed delivery shows its attempts and last error', async () => {
        await withSettings({ delivery_retry_delays_minutes: '' }, async () => {
            await ws.dev('POST', 'faults', { target: 'email', mode: 'fail', count: 1 });
            try {
                const { rid } = await closedRoom();
                await slash(users.manager, rid, '/transcript email broken@example.com');
                await ws.waitFor(async () => (await transcriptOf(rid))?.status === 'failed', 30_000, 'the failure');
                const { lastError } = await transcriptOf(rid);
                const line = (await slash(users.manager, rid, '/transcript status')).split('\n')[1];
                expect(line).toBe(
                    [
                        tr('en', 'transcript_status_email', { address: 'broken@example.com', state: tr('en', 'transcript_state_failed') }),
                        tr('en', 'transcript_status_attempts', { count: 1 }),
                        tr('en', 'transcript_status_last_error', { error: lastError }),
                    ].join(' · '),
                );
            } finally {
                await ws.dev('POST', 'faults', { clear: true });
            }
        });
    });

    test('needs one of the transcript roles', async () => {
        const { rid } = await openRoom();
        await withSettings({ roles_request_pdf: 'admin' }, async () => {
            expect(await slashUnchanged(users.agent, rid, '/transcript status')).toBe(tr('en', 'transcript_no_permission'));
        });
    });
});

describe('/transcript cancel', () => {
    test('cancels one kind, then both; what is left is reported', async () => {
        const { rid } = await openRoom();
        await slash(users.manager, rid, '/transcript email kim@example.com');
        await slash(users.agent, rid, '/transcript pdf');
        expect(await slash(users.agent, rid, '/transcript cancel pdf')).toBe(tr('en', 'transcript_cancelled_pdf'));
        expect(await transcriptOf(rid)).toMatchObject({ email: 'kim@example.com' });
        expect((await transcriptOf(rid)).pdf).toBeUndefined();
        // The agent may not cancel the email: nothing else they could cancel.
        expect(await slashUnchanged(users.agent, rid, '/transcript cancel')).toBe(tr('en', 'transcript_nothing_to_cancel'));
        expect(await slashUnchanged(users.agent, rid, '/transcript cancel email')).toBe(tr('en', 'transcript_no_permission_email'));
        await slash(users.agent, rid, '/transcript pdf');
        expect((await slash(users.manager, rid, '/transcript cancel')).split('\n')).toEqual([tr('en', 'transcript_cancelled_email'), tr('en', 'transcript_cancelled_pdf')]);
        expect((await ws.api('GET', `livechat/transcript/${rid}`, { user: users.manager })).body.errorType).toBe('error-transcript-not-requested');
        expect(await slashUnchanged(users.manager, rid, '/transcript cancel')).toBe(tr('en', 'transcript_nothing_to_cancel'));
        expect(await slashUnchanged(users.manager, rid, '/transcript cancel email')).toBe(tr('en', 'transcript_nothing_to_cancel_email'));
        expect(await slashUnchanged(users.manager, rid, '/transcript cancel pdf')).toBe(tr('en', 'transcript_nothing_to_cancel_pdf'));
    });

    test('a cancelled request is not delivered at the close', async () => {
        const { rid } = await openRoom();
        await slash(users.manager, rid, '/transcript email never@example.com');
        await slash(users.manager, rid, '/transcript cancel email');
        await ws.dev('POST', `rooms/${rid}/close`, {});
        await new Promise((resolve) => setTimeout(resolve, 2000));
        expect(await emailsTo('never@example.com')).toEqual([]);
    });

    test('an agent who does not serve the room (pt-BR), a monitor (de), a closed room', async () => {
        const { rid } = await openRoom();
        await slash(users.agent, rid, '/transcript pdf');
        expect(await slashUnchanged(users.agent2, rid, '/transcript cancel pdf')).toBe(tr('pt-BR', 'transcript_no_room_access'));
        expect(await slashUnchanged(users.agent2, rid, '/transcript cancel')).toBe(tr('pt-BR', 'transcript_no_room_access'));
        expect(await slash(users.monitor, rid, '/transcript cancel')).toBe(tr('de', 'transcript_cancelled_pdf'));
        const { rid: closed } = await closedRoom();
        expect(await slashUnchanged(users.manager, closed, '/transcript cancel')).toBe(tr('en', 'transcript_room_closed'));
    });
});

describe('/transcript help and unknown subcommands', () => {
    test.each(['/transcript', '/transcript help', '/transcript frobnicate', '/transcript cancel everything'])('%s lists the usage', async (command) => {
        const { rid } = await openRoom();
        expect(await slashUnchanged(users.agent, rid, command)).toBe(tr('en', 'transcript_command_usage'));
    });

    test('in the caller’s language, else the workspace’s', async () => {
        const { rid } = await openRoom();
        expect(await slash(users.agent2, rid, '/transcript help')).toBe(tr('pt-BR', 'transcript_command_usage'));
        expect(await slash(users.monitor, rid, '/transcript help')).toBe(tr('de', 'transcript_command_usage'));
        await ws.dev('POST', 'settings/server', { id: 'Language', value: 'fr' });
        try {
            expect(await slash(users.manager, rid, '/transcript help')).toBe(tr('fr', 'transcript_command_usage'));
            expect(await slash(users.agent2, rid, '/transcript help')).toBe(tr('pt-BR', 'transcript_command_usage'));
        } finally {
            await ws.dev('POST', 'settings/server', { id: 'Language', value: 'en' });
        }
    });
});

describe('outside livechat rooms', () => {
    test.each(['/transcript email kim@example.com', '/transcript email', '/transcript pdf', '/transcript status', '/transcript cancel', '/transcript help'])('%s says so and does nothing', async (command) => {
        const { room } = await ws.dev('POST', 'rooms', { type: 'c', name: 'general', memberIds: [users.manager.id, users.agent.id] });
        expect(await slashUnchanged(users.manager, room.id, command)).toBe(tr('en', 'transcript_not_livechat'));
        expect(await slashUnchanged(users.agent2, room.id, command)).toBe(tr('pt-BR', 'transcript_not_livechat'));
    });
});

describe('previews of /transcript email', () => {
    const preview = async (user: DemoUser, rid: string, command: string) => (await ws.dev('POST', 'slash/preview', { userId: user.id, roomId: rid, command })).preview;

    test('the visitor’s known addresses, filtered by what is typed', async () => {
        const visitor = await newVisitor({ name: 'Two Mails', emails: ['anna@example.com', 'billing@anna.example'] });
        const { rid } = await openRoom({ visitor });
        expect(await preview(users.manager, rid, '/transcript email')).toEqual({
            i18nTitle: 'transcript_preview_title',
            items: [
                { id: 'anna@example.com', type: 'text', value: 'anna@example.com' },
                { id: 'billing@anna.example', type: 'text', value: 'billing@anna.example' },
            ],
        });
        expect((await preview(users.manager, rid, '/transcript email bil')).items.map((i: any) => i.value)).toEqual(['billing@anna.example']);
        expect((await preview(users.manager, rid, '/transcript email zz')).items).toEqual([]);
        expect((await preview(users.manager, rid, '/transcript pdf')).items).toEqual([]);
    });

    test('nothing for callers who may not email the transcript, or outside livechat', async () => {
        const { rid } = await openRoom();
        expect((await preview(users.agent, rid, '/transcript email')).items).toEqual([]);
        await agentsMaySend(async () => {
            expect((await preview(users.agent, rid, '/transcript email')).items.map((i: any) => i.value)).toEqual(['vera@example.com']);
            expect((await preview(users.agent2, rid, '/transcript email')).items).toEqual([]);
        });
        const { room } = await ws.dev('POST', 'rooms', { type: 'c', name: 'general' });
        expect((await preview(users.manager, room.id, '/transcript email')).items).toEqual([]);
    });
});
