// Shows the Transcript panel (contextual bar) and the email modal to the caller: the one place
// the UI handlers turn facts into views and hand them to the workspace.
import { IModify, IPersistence, IRead } from '@rocket.chat/apps-engine/definition/accessors';
import { IUIKitContextualBarViewParam, IUIKitModalViewParam } from '@rocket.chat/apps-engine/definition/uikit/UIKitInteractionResponder';
import { IUser } from '@rocket.chat/apps-engine/definition/users';
import { TranslationParams } from '../lib/i18n';
import { isRoomId, PanelAction, panelViewId } from '../lib/ui/ids';
import { emailModalView, panelActions, panelView, refusalView, View, Wording } from '../lib/ui/views';
import { readPanelFacts, wordingFor } from '../services/transcriptPanel';
import { AccessProblem, visitorEmails } from '../services/transcriptOrders';
import { TranscriptRequest } from '../lib/delivery/requests';

/** One interaction: who, where from (its trigger), with which accessors. */
export interface UiCall {
    appId: string;
    read: IRead;
    modify: IModify;
    persis: IPersistence;
    user: IUser;
    triggerId: string;
}

/** A translated line for the top of the panel. */
export interface NoticeKey {
    key: string;
    params?: TranslationParams;
    error?: boolean;
}

const REFUSALS: Record<AccessProblem, string> = {
    'invalid-room': 'ui_error_not_livechat',
    'not-permitted': 'transcript_no_permission',
    'no-room-access': 'transcript_no_room_access',
};

/** The panel of a room that is not one (a forged id) is still a panel: it shows the refusal under a fixed id. */
const panelIdFor = (rid: unknown): string => panelViewId(isRoomId(rid) ? rid : 'unknown');

async function present(call: UiCall, view: View, how: 'open' | 'update'): Promise<void> {
    const ui = call.modify.getUiController();
    const param = view as unknown as IUIKitContextualBarViewParam;
    if (how === 'open') {
        await ui.openContextualBarView(param, { triggerId: call.triggerId }, call.user);
    } else {
        await ui.updateContextualBarView(param, { triggerId: call.triggerId }, call.user);
    }
}

/** The room's panel as the caller may see it now, with an optional notice; or only why they may not. */
export async function showPanel(call: UiCall, rid: unknown, how: 'open' | 'update', notice?: NoticeKey): Promise<void> {
    const w = await wordingFor(call.read, call.user);
    const result = await readPanelFacts(call.read, call.user, rid);
    const view =
        'problem' in result
            ? refusalView(panelIdFor(rid), w, w.t(REFUSALS[result.problem]))
            : panelView(call.appId, result.facts, w, notice ? { text: w.t(notice.key, notice.params), error: notice.error } : undefined);
    await present(call, view, how);
}

/** A panel that shows only an error: for interactions that are not what the panel sent. */
export async function showRefusal(call: UiCall, rid: unknown, how: 'open' | 'update', key: string): Promise<void> {
    const w = await wordingFor(call.read, call.user);
    await present(call, refusalView(panelIdFor(rid), w, w.t(key)), how);
}

/** The refusal for an access problem: in the panel, without any of the room's data. */
export const refusalKey = (problem: AccessProblem): string => REFUSALS[problem];

/** Opens the email modal when the panel offers *Send email transcript…* to the caller now. */
export async function openEmailModal(call: UiCall, rid: string): Promise<'opened' | 'unavailable' | AccessProblem | { pending: TranscriptRequest }> {
    const result = await readPanelFacts(call.read, call.user, rid);
    if ('problem' in result) {
        return result.problem;
    }
    if (!result.facts.rights.email) {
        return 'not-permitted';
    }
    // Already ordered: a panel the client stopped updating (it gave up waiting for a submit) still offers the button.
    if (result.facts.email?.status === 'pending') {
        return { pending: result.facts.email };
    }
    if (!panelActions(result.facts).includes(PanelAction.SendEmail)) {
        return 'unavailable';
    }
    const w: Wording = await wordingFor(call.read, call.user);
    const view = emailModalView(call.appId, { rid: result.facts.rid, isOpen: result.facts.isOpen, visitorEmails: visitorEmails(result.room) }, w);
    await call.modify.getUiController().openModalView(view as unknown as IUIKitModalViewParam, { triggerId: call.triggerId }, call.user);
    return 'opened';
}
