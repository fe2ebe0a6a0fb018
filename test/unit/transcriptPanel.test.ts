// The Transcript panel's pure parts: ids, the actions offered, the views, reading the modal's state,
// and the workspace's button filters.
import { IUIActionButton, RoomTypeFilter, UIActionButtonContext } from '@rocket.chat/apps-engine/definition/ui';
import { buttonVisible } from '../../dev/uiClient';
import { createTranslator } from '../../lib/i18n';
import { deliveryState, newRequest, TranscriptRequest } from '../../lib/delivery/requests';
import { visitorCopyKind } from '../../lib/delivery/visitorCopy';
import { panelRoles, SettingId } from '../../lib/settings';
import { EmailField, emailModalViewId, PanelAction, panelViewId, roomOfView } from '../../lib/ui/ids';
import { emailModalView, MAX_FIELD_LENGTH, PanelFacts, panelActions, panelView, readEmailForm, Wording } from '../../lib/ui/views';
import { shippedCatalogs } from '../catalogs';

const i18n = createTranslator(shippedCatalogs());
const wording = (language = 'en'): Wording => ({ t: (key, params) => i18n.t(language, key, params), dateTime: (iso) => iso });
const requester = { _id: 'u1', username: 'manon', name: 'Manon', utcOffset: 0 };
const NOW = new Date('2026-12-01T10:00:00Z');

const waiting = (kind: 'email' | 'pdf'): TranscriptRequest => newRequest({ rid: 'R1', kind, requestedBy: requester, ...(kind === 'email' ? { email: 'vera@example.com', subject: 'Hi' } : {}) }, NOW);

const facts = (over: Partial<PanelFacts> = {}): PanelFacts => ({ rid: 'R1', isOpen: true, visitorName: 'Vera', agentName: 'Alice', rights: { email: true, pdf: true }, ...over });

function texts(value: unknown): string[] {
    if (Array.isArray(value)) {
        return value.flatMap(texts);
    }
    if (value && typeof value === 'object') {
        const node = value as Record<string, unknown>;
        return [...(node.type === 'plain_text' && typeof node.text === 'string' ? [node.text] : []), ...Object.values(node).flatMap(texts)];
    }
    return [];
}

describe('ids', () => {
    test('views carry their room; anything else is not ours', () => {
        expect(roomOfView(panelViewId('R1'), 'panel')).toBe('R1');
        expect(roomOfView(emailModalViewId('R1'), 'email')).toBe('R1');
        expect(roomOfView(emailModalViewId('R1'), 'panel')).toBeUndefined();
        for (const id of [undefined, 42, '', 'other', panelViewId(''), panelViewId('a/b'), panelViewId('x'.repeat(65)), panelViewId('R1 ')]) {
            expect(roomOfView(id, 'panel')).toBeUndefined();
        }
    });
});

describe('the actions offered', () => {
    test('by right and state', () => {
        expect(panelActions(facts())).toEqual([PanelAction.SendEmail, PanelAction.RequestPdf, PanelAction.Refresh]);
        expect(panelActions(facts({ rights: { email: false, pdf: true } }))).toEqual([PanelAction.RequestPdf, PanelAction.Refresh]);
        expect(panelActions(facts({ rights: { email: false, pdf: false } }))).toEqual([PanelAction.Refresh]);
        expect(panelActions(facts({ email: waiting('email'), pdf: waiting('pdf') }))).toEqual([PanelAction.CancelEmail, PanelAction.CancelPdf, PanelAction.Refresh]);
        // A waiting request of a closed room is on its way: nothing to cancel, nothing new to order.
        expect(panelActions(facts({ isOpen: false, email: { ...waiting('email'), dueAt: NOW.toISOString() } }))).toEqual([PanelAction.RequestPdf, PanelAction.Refresh]);
        // Delivered or failed: a new one may be ordered.
        expect(panelActions(facts({ email: { ...waiting('email'), status: 'sent' }, pdf: { ...waiting('pdf'), status: 'failed' } }))).toEqual([PanelAction.SendEmail, PanelAction.RequestPdf, PanelAction.Refresh]);
        // Cancelling needs the kind's right.
        expect(panelActions(facts({ rights: { email: false, pdf: true }, email: waiting('email') }))).toEqual([PanelAction.RequestPdf, PanelAction.Refresh]);
    });

    test('delivery states', () => {
        expect(deliveryState(waiting('email'))).toBe('waiting');
        expect(deliveryState({ ...waiting('email'), dueAt: NOW.toISOString() })).toBe('queued');
        expect(deliveryState({ ...waiting('email'), dueAt: NOW.toISOString(), attempts: 1 })).toBe('retrying');
        expect(deliveryState({ ...waiting('email'), claim: { id: 'c', since: NOW.toISOString() } })).toBe('sending');
        expect(deliveryState({ ...waiting('email'), status: 'sent' })).toBe('sent');
        expect(deliveryState({ ...waiting('email'), status: 'failed' })).toBe('failed');
    });
});

describe('views', () => {
    test('the panel shows what people typed as plain text only', () => {
        const view = panelView('app', facts({ visitorName: '*bold* <b>x</b> [link](javascript:alert(1))', email: { ...waiting('email'), subject: '_Hi_ @all' } }), wording());
        const json = JSON.stringify(view);
        expect(json).not.toContain('mrkdwn');
        expect(texts(view.blocks)).toEqual(expect.arrayContaining(['Visitor: *bold* <b>x</b> [link](javascript:alert(1))', 'Subject: _Hi_ @all']));
        // Every button carries the app, its block and the room, as UI Kit clients route them.
        const buttons = view.blocks.find((b) => b.type === 'actions')!.elements as Array<Record<string, unknown>>;
        for (const button of buttons) {
            expect(button).toMatchObject({ appId: 'app', blockId: 'livechat-transcripts.panel.actions', value: 'R1' });
        }
    });

    test('what the visitor asked for: the room email marked as theirs, their copies after the close with address and state; an archive PDF says so', () => {
        const copy = { ...newRequest({ rid: 'R1', kind: visitorCopyKind('copy@example.com'), email: 'copy@example.com', requestedBy: requester, requestedByVisitor: true }, NOW), status: 'sent' as const };
        const view = panelView(
            'app',
            facts({ isOpen: false, email: { ...waiting('email'), requestedByVisitor: true }, visitorCopies: [copy], pdf: { ...waiting('pdf'), archive: true } }),
            wording(),
        );
        const shown = texts(view.blocks).join('\n');
        expect(shown).toContain('Requested by the visitor');
        expect(shown).toContain("Visitor's requests after the close");
        expect(shown).toContain("Visitor's copy to copy@example.com: delivered");
        expect(shown).toContain('Kept in the room at the close');
    });

    test('a notice on top, an error marked as one', () => {
        expect(texts(panelView('app', facts(), wording(), { text: 'Done' }).blocks)[0]).toBe('✓ Done');
        expect(texts(panelView('app', facts(), wording(), { text: 'No', error: true }).blocks)[0]).toBe('⚠ No');
    });

    test('the email modal: the visitor\'s addresses, the first preselected; without any, another address is required', () => {
        const modal = emailModalView('app', { rid: 'R1', isOpen: true, visitorEmails: ['a@example.com', 'b@example.com'] }, wording('de'));
        const inputs = modal.blocks.filter((b) => b.type === 'input') as Array<Record<string, any>>;
        expect(inputs.map((b) => b.blockId)).toEqual([EmailField.KnownAddress, EmailField.OtherAddress, EmailField.Subject]);
        expect(inputs[0].element.initialValue).toBe('a@example.com');
        expect(inputs[1].optional).toBe(true);
        expect(inputs[2].element.initialValue).toBe(i18n.t('de', 'email_default_subject'));
        const bare = emailModalView('app', { rid: 'R1', isOpen: false, visitorEmails: [] }, wording());
        const bareInputs = bare.blocks.filter((b) => b.type === 'input') as Array<Record<string, any>>;
        expect(bareInputs.map((b) => b.blockId)).toEqual([EmailField.OtherAddress, EmailField.Subject]);
        expect(bareInputs[0].optional).toBe(false);
        expect(texts(bare.blocks)).toContain(i18n.t('en', 'ui_email_modal_closed_room'));
    });
});

describe('reading the modal', () => {
    const state = (values: Partial<Record<EmailField, unknown>>) => Object.fromEntries(Object.entries(values).map(([field, value]) => [field, { [field]: value }]));

    test('another address wins over a known one; empty fields are the person\'s to correct', () => {
        expect(readEmailForm(state({ [EmailField.KnownAddress]: 'a@example.com', [EmailField.Subject]: 'Hi' }))).toEqual({ email: 'a@example.com', subject: 'Hi', field: EmailField.KnownAddress });
        expect(readEmailForm(state({ [EmailField.KnownAddress]: 'a@example.com', [EmailField.OtherAddress]: ' c@example.com ' }))).toEqual({ email: 'c@example.com', subject: '', field: EmailField.OtherAddress });
        expect(readEmailForm(state({ [EmailField.Subject]: 'Hi' }))).toEqual({ missing: true, field: EmailField.OtherAddress });
        expect(readEmailForm({ [EmailField.OtherAddress]: {} })).toEqual({ missing: true, field: EmailField.OtherAddress });
        // The subject is passed on as typed, line breaks included, for the service to refuse.
        expect(readEmailForm(state({ [EmailField.OtherAddress]: 'c@example.com', [EmailField.Subject]: 'Hi\n' }))).toMatchObject({ subject: 'Hi\n' });
    });

    test.each([
        ['no state', undefined],
        ['an array', []],
        ['an unknown block', { bcc: { bcc: 'x@example.com' } }],
        ['an action of another block', { [EmailField.OtherAddress]: { [EmailField.Subject]: 'x@example.com' } }],
        ['a list', { [EmailField.OtherAddress]: { [EmailField.OtherAddress]: ['x@example.com'] } }],
        ['a number', { [EmailField.Subject]: { [EmailField.Subject]: 42 } }],
        ['an oversized value', { [EmailField.Subject]: { [EmailField.Subject]: 'x'.repeat(MAX_FIELD_LENGTH + 1) } }],
    ])('refuses %s as forged', (_what, value) => {
        expect(readEmailForm(value)).toHaveProperty('forged');
    });
});

describe('who sees the button', () => {
    test('the union of the transcript role settings; an unreadable setting counts with its default', async () => {
        const values: Record<string, unknown> = { [SettingId.SendTranscriptRoles]: 'admin, supervisor', [SettingId.RequestPdfRoles]: 'livechat-agent, admin' };
        expect(await panelRoles(async (id) => values[id])).toEqual(['admin', 'supervisor', 'livechat-agent']);
        expect(await panelRoles(async () => undefined)).toEqual(['admin', 'livechat-manager', 'livechat-monitor', 'livechat-agent']);
        expect(
            await panelRoles(async () => {
                throw new Error('unreadable');
            }),
        ).toEqual(['admin', 'livechat-manager', 'livechat-monitor', 'livechat-agent']);
    });

    test('the workspace applies `when` as Rocket.Chat\'s client does', () => {
        const button: IUIActionButton = {
            appId: 'app',
            actionId: 'x',
            context: UIActionButtonContext.ROOM_ACTION,
            labelI18n: 'x',
            when: { roomTypes: [RoomTypeFilter.LIVE_CHAT], hasOneRole: ['livechat-agent', 'livechat-manager'] },
        };
        const user = (roles: string[]) => ({ id: 'u', username: 'u', name: 'u', roles, emails: [], createdAt: NOW }) as any;
        const room = (type: 'l' | 'c' | 'd') => ({ id: 'r', type, memberIds: [], open: true, createdAt: NOW, updatedAt: NOW }) as any;
        expect(buttonVisible(button, user(['livechat-agent']), room('l'))).toBe(true);
        expect(buttonVisible(button, user(['user']), room('l'))).toBe(false);
        expect(buttonVisible(button, user(['livechat-manager']), room('c'))).toBe(false);
        expect(buttonVisible(button, user(['livechat-manager']), undefined)).toBe(false);
        expect(buttonVisible({ ...button, when: { hasAllRoles: ['a', 'b'] } }, user(['a']), room('c'))).toBe(false);
        expect(buttonVisible({ ...button, when: {} }, user([]), room('d'))).toBe(true);
    });
});
