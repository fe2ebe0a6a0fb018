// Stable, namespaced ids of the Transcript panel's button, views, blocks and actions. A panel
// that is open while the app is updated keeps working as long as these do not change.

const NS = 'livechat-transcripts';

/** The room action button. */
export const PANEL_BUTTON = `${NS}.panel.open`;

/** The contextual bar's buttons, all in one actions block. */
export const PANEL_ACTIONS_BLOCK = `${NS}.panel.actions`;

export enum PanelAction {
    SendEmail = 'livechat-transcripts.panel.send-email',
    RequestPdf = 'livechat-transcripts.panel.request-pdf',
    CancelEmail = 'livechat-transcripts.panel.cancel-email',
    CancelPdf = 'livechat-transcripts.panel.cancel-pdf',
    Refresh = 'livechat-transcripts.panel.refresh',
}

export const PANEL_ACTIONS: string[] = Object.values(PanelAction);

/** The email modal's inputs; each input's block id and action id are the same string. */
export enum EmailField {
    KnownAddress = 'livechat-transcripts.email.known-address',
    OtherAddress = 'livechat-transcripts.email.other-address',
    Subject = 'livechat-transcripts.email.subject',
}

export const EMAIL_FIELDS: string[] = Object.values(EmailField);

export const EMAIL_SUBMIT = `${NS}.email.submit`;
export const EMAIL_CLOSE = `${NS}.email.close`;

/** The views carry their room, as Rocket.Chat sends no room with a view submit. */
export const panelViewId = (rid: string): string => `${NS}.panel:${rid}`;
export const emailModalViewId = (rid: string): string => `${NS}.email:${rid}`;

/** Room ids are short and plain (Rocket.Chat's are 17 characters); anything else is not one. */
const ROOM_ID = /^[A-Za-z0-9_-]{1,64}$/;

export const isRoomId = (value: unknown): value is string => typeof value === 'string' && ROOM_ID.test(value);

/** The room a view of ours belongs to, or undefined for any other view id. */
export function roomOfView(viewId: unknown, view: 'panel' | 'email'): string | undefined {
    const prefix = view === 'panel' ? panelViewId('') : emailModalViewId('');
    if (typeof viewId !== 'string' || !viewId.startsWith(prefix)) {
        return undefined;
    }
    const rid = viewId.slice(prefix.length);
    return isRoomId(rid) ? rid : undefined;
}
