// The Transcript panel (a contextual bar) and the email modal, as UI Kit views built from plain
// data. Everything a person or the visitor typed is shown as plain text, never as markdown.
import { deliveryState, mayCancel, mayOrderNew, TranscriptRequest } from '../delivery/requests';
import { TranslationParams } from '../i18n';
import { EMAIL_CLOSE, EMAIL_SUBMIT, EmailField, emailModalViewId, PANEL_ACTIONS_BLOCK, PanelAction, panelViewId } from './ids';

/** The caller's wording: translations and dates in their language and zone. */
export interface Wording {
    t(key: string, params?: TranslationParams): string;
    dateTime(iso: string): string;
}

/** What the caller may do, from their rights on the room (the same checks as the endpoints). */
export interface CallerRights {
    email: boolean;
    pdf: boolean;
}

export interface PanelFacts {
    rid: string;
    isOpen: boolean;
    visitorName: string;
    agentName?: string;
    email?: TranscriptRequest;
    pdf?: TranscriptRequest;
    /** Copies the visitor asked for after the close. */
    visitorCopies?: TranscriptRequest[];
    rights: CallerRights;
}

/** A line at the top of the panel: the outcome of the caller's last action. */
export interface Notice {
    text: string;
    error?: boolean;
}

export interface PlainText {
    type: 'plain_text';
    text: string;
    emoji?: boolean;
}

export type Block = Record<string, unknown> & { type: string };

export interface View {
    id: string;
    title: PlainText;
    blocks: Block[];
    submit?: Block;
    close?: Block;
    notifyOnClose?: boolean;
}

const plain = (text: string): PlainText => ({ type: 'plain_text', text, emoji: true });

const section = (text: string): Block => ({ type: 'section', text: plain(text) });

const fieldsSection = (lines: string[]): Block => ({ type: 'section', fields: lines.map(plain) });

const context = (text: string): Block => ({ type: 'context', elements: [plain(text)] });

/** The actions the caller may take now, and only those, in the order they are shown. */
export function panelActions(facts: PanelFacts): PanelAction[] {
    const actions: PanelAction[] = [];
    if (facts.rights.email && mayOrderNew(facts.email)) {
        actions.push(PanelAction.SendEmail);
    }
    if (facts.rights.pdf && mayOrderNew(facts.pdf)) {
        actions.push(PanelAction.RequestPdf);
    }
    if (facts.rights.email && mayCancel(facts.email, facts.isOpen)) {
        actions.push(PanelAction.CancelEmail);
    }
    if (facts.rights.pdf && mayCancel(facts.pdf, facts.isOpen)) {
        actions.push(PanelAction.CancelPdf);
    }
    actions.push(PanelAction.Refresh);
    return actions;
}

const ACTION_LABELS: Record<PanelAction, string> = {
    [PanelAction.SendEmail]: 'ui_action_send_email',
    [PanelAction.RequestPdf]: 'ui_action_request_pdf',
    [PanelAction.CancelEmail]: 'ui_action_cancel_email',
    [PanelAction.CancelPdf]: 'ui_action_cancel_pdf',
    [PanelAction.Refresh]: 'ui_action_refresh',
};

function button(appId: string, blockId: string, actionId: string, label: string, value: string, style?: 'primary' | 'danger'): Block {
    return { type: 'button', appId, blockId, actionId, text: plain(label), value, ...(style ? { style } : {}) };
}

/** Status, attempts, last error and delivery time of a request. */
function requestLines(request: TranscriptRequest, w: Wording): string[] {
    const lines = [w.t('ui_status', { state: w.t(`transcript_state_${deliveryState(request)}`) }), w.t('ui_attempts', { count: request.attempts })];
    if (request.lastError) {
        lines.push(w.t('ui_last_error', { error: request.lastError }));
    }
    if (request.deliveredAt) {
        lines.push(w.t('ui_delivered_at', { date: w.dateTime(request.deliveredAt) }));
    }
    return lines;
}

function emailBlocks(request: TranscriptRequest | undefined, w: Wording): Block[] {
    const heading = section(w.t('ui_email_heading'));
    if (!request) {
        return [heading, context(w.t('ui_not_requested'))];
    }
    const lines = [
        w.t('ui_email_to', { address: request.email || '' }),
        ...(request.requestedByVisitor ? [w.t('ui_email_requested_by_visitor')] : []),
        w.t('ui_email_subject', { subject: request.subject || w.t('email_default_subject') }),
        ...requestLines(request, w),
    ];
    const parts = (request.emails || []).map(({ part }) => w.t('label_part', { part: part.index + 1, parts: part.count }));
    if (parts.length) {
        lines.push(w.t('ui_email_parts', { parts: parts.join(', ') }));
    }
    return [heading, fieldsSection(lines)];
}

/** The visitor's own requests after the close: to which address, and where each stands. */
function visitorCopyBlocks(copies: TranscriptRequest[], w: Wording): Block[] {
    if (copies.length === 0) {
        return [];
    }
    const lines = copies.map((copy) => w.t('ui_visitor_copy', { address: copy.email || '', state: w.t(`transcript_state_${deliveryState(copy)}`) }));
    return [section(w.t('ui_visitor_copies_heading')), fieldsSection(lines)];
}

function pdfBlocks(request: TranscriptRequest | undefined, w: Wording): Block[] {
    const heading = section(w.t('ui_pdf_heading'));
    if (!request) {
        return [heading, context(w.t('ui_not_requested'))];
    }
    const lines = [...(request.archive ? [w.t('ui_pdf_archive')] : []), ...requestLines(request, w)];
    const files = (request.parts || []).map((file) => file.fileName);
    if (files.length) {
        lines.push(w.t('ui_pdf_files', { files: files.join(', ') }));
    }
    return [heading, fieldsSection(lines)];
}

export function panelView(appId: string, facts: PanelFacts, w: Wording, notice?: Notice): View {
    const room = [
        w.t('ui_room_state', { state: w.t(facts.isOpen ? 'ui_room_open' : 'ui_room_closed') }),
        w.t('ui_room_visitor', { name: facts.visitorName }),
        facts.agentName ? w.t('ui_room_agent', { name: facts.agentName }) : w.t('ui_room_no_agent'),
    ];
    const actions = panelActions(facts).map((action) =>
        button(appId, PANEL_ACTIONS_BLOCK, action, w.t(ACTION_LABELS[action]), facts.rid, action === PanelAction.SendEmail || action === PanelAction.RequestPdf ? 'primary' : undefined),
    );
    return {
        id: panelViewId(facts.rid),
        title: plain(w.t('ui_panel_title')),
        blocks: [
            ...(notice ? [section(`${notice.error ? '⚠ ' : '✓ '}${notice.text}`)] : []),
            section(w.t('ui_room_heading')),
            fieldsSection(room),
            { type: 'divider' },
            ...emailBlocks(facts.email, w),
            ...visitorCopyBlocks(facts.visitorCopies || [], w),
            { type: 'divider' },
            ...pdfBlocks(facts.pdf, w),
            { type: 'actions', blockId: PANEL_ACTIONS_BLOCK, elements: actions },
        ],
    };
}

/** The panel when the caller may see nothing of the room: the reason only. */
export function refusalView(viewId: string, w: Wording, reason: string): View {
    return { id: viewId, title: plain(w.t('ui_panel_title')), blocks: [section(`⚠ ${reason}`)] };
}

export interface EmailModalFacts {
    rid: string;
    isOpen: boolean;
    visitorEmails: string[];
}

export function emailModalView(appId: string, facts: EmailModalFacts, w: Wording): View {
    const input = (field: EmailField, label: string, element: Record<string, unknown>, optional = false): Block => ({
        type: 'input',
        blockId: field,
        optional,
        label: plain(label),
        element: { appId, blockId: field, actionId: field, ...element },
    });
    const known = facts.visitorEmails.length
        ? [
              input(
                  EmailField.KnownAddress,
                  w.t('ui_email_known_address'),
                  {
                      type: 'static_select',
                      options: facts.visitorEmails.map((address) => ({ text: plain(address), value: address })),
                      initialValue: facts.visitorEmails[0],
                      placeholder: plain(w.t('ui_email_known_address')),
                  },
                  true,
              ),
          ]
        : [];
    return {
        id: emailModalViewId(facts.rid),
        title: plain(w.t('ui_email_modal_title')),
        blocks: [
            context(w.t(facts.isOpen ? 'ui_email_modal_open_room' : 'ui_email_modal_closed_room')),
            ...known,
            input(EmailField.OtherAddress, w.t('ui_email_other_address'), { type: 'plain_text_input', placeholder: plain('name@example.com') }, facts.visitorEmails.length > 0),
            input(EmailField.Subject, w.t('ui_email_subject_label'), { type: 'plain_text_input', initialValue: w.t('email_default_subject') }, true),
        ],
        submit: button(appId, EMAIL_SUBMIT, EMAIL_SUBMIT, w.t('ui_email_send'), facts.rid, 'primary'),
        close: button(appId, EMAIL_CLOSE, EMAIL_CLOSE, w.t('ui_cancel'), facts.rid),
    };
}

/** The largest value the modal accepts in a field; anything longer is not from the modal. */
export const MAX_FIELD_LENGTH = 4096;

/** `field` is the input the address came from, for an error about it. */
export type EmailForm = { email: string; subject: string; field: EmailField } | { missing: true; field: EmailField } | { forged: string };

/**
 * The modal's submitted state, `{[blockId]: {[actionId]: value}}`, as `{email, subject}`.
 * Another address wins over a known one. Unknown blocks, values that are not strings and
 * oversized values are refused as forged; an empty field is the person's to correct.
 */
export function readEmailForm(state: unknown): EmailForm {
    if (!state || typeof state !== 'object' || Array.isArray(state)) {
        return { forged: 'state' };
    }
    const values: Record<string, string> = {};
    for (const [blockId, block] of Object.entries(state as Record<string, unknown>)) {
        if (!(Object.values(EmailField) as string[]).includes(blockId) || !block || typeof block !== 'object' || Array.isArray(block)) {
            return { forged: blockId };
        }
        for (const [actionId, value] of Object.entries(block as Record<string, unknown>)) {
            if (actionId !== blockId || (value !== undefined && value !== null && typeof value !== 'string') || (typeof value === 'string' && value.length > MAX_FIELD_LENGTH)) {
                return { forged: `${blockId}.${actionId}` };
            }
            values[blockId] = typeof value === 'string' ? value : '';
        }
    }
    const other = (values[EmailField.OtherAddress] || '').trim();
    const known = (values[EmailField.KnownAddress] || '').trim();
    if (!other && !known) {
        return { missing: true, field: EmailField.OtherAddress };
    }
    return { email: other || known, subject: values[EmailField.Subject] || '', field: other ? EmailField.OtherAddress : EmailField.KnownAddress };
}
