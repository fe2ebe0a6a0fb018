// The Transcript panel's buttons: each calls the service the endpoints and /transcript call,
// then shows the panel again with the outcome on top. An interaction the panel did not send
// (another block or action, a value or room that is not the panel's) changes nothing.
import { IUIKitResponse, UIKitBlockInteractionContext } from '@rocket.chat/apps-engine/definition/uikit';
import { isWaiting } from '../lib/delivery/requests';
import { REFUSAL_KEYS } from '../lib/uploadRules';
import { PANEL_ACTIONS, PANEL_ACTIONS_BLOCK, PanelAction, roomOfView } from '../lib/ui/ids';
import { CancelResult, cancelWaiting, orderPdf } from '../services/transcriptOrders';
import { NoticeKey, openEmailModal, refusalKey, showPanel, showRefusal, UiCall } from './panelSurface';

const PDF_NOTICES: Record<string, NoticeKey> = {
    queued: { key: 'transcript_pdf_queued' },
    'waiting-for-close': { key: 'transcript_pdf_waiting' },
    'room-copy-kept': { key: 'transcript_pdf_room_copy_kept' },
    'already-requested': { key: 'transcript_pdf_already_requested', error: true },
    'not-permitted': { key: 'transcript_no_permission_pdf', error: true },
    'error-file-upload-disabled': { key: REFUSAL_KEYS['error-file-upload-disabled'], error: true },
    'error-invalid-file-type': { key: REFUSAL_KEYS['error-invalid-file-type'], error: true },
};

const cancelNotice = (kind: 'email' | 'pdf', result: CancelResult): NoticeKey | undefined => {
    switch (result) {
        case 'cancelled':
            return { key: `transcript_cancelled_${kind}` };
        case 'not-requested':
            return { key: `transcript_nothing_to_cancel_${kind}`, error: true };
        case 'room-closed':
            return { key: 'transcript_room_closed', error: true };
        case 'not-permitted':
            return { key: `transcript_no_permission_${kind}`, error: true };
        default:
            return undefined;
    }
};

/** The panel's room, when the interaction is one the panel sent: its block, one of its actions, its room. */
function panelRoom(context: UIKitBlockInteractionContext): string | undefined {
    const { blockId, actionId, value, room, container } = context.getInteractionData();
    const rid = container?.type === 'view' ? roomOfView(container.id, 'panel') : undefined;
    const consistent = !!rid && value === rid && (!room || room.id === rid);
    return blockId === PANEL_ACTIONS_BLOCK && PANEL_ACTIONS.includes(actionId) && consistent ? rid : undefined;
}

export async function panelActionHandler(call: UiCall, context: UIKitBlockInteractionContext): Promise<IUIKitResponse> {
    const responder = context.getInteractionResponder();
    const rid = panelRoom(context);
    if (!rid) {
        // Opened rather than updated: the view it names may be none the caller has open.
        const { container } = context.getInteractionData();
        await showRefusal(call, roomOfView(container?.id, 'panel'), 'open', 'ui_error_invalid_interaction');
        return responder.errorResponse();
    }
    /** Shows the outcome: the panel with a notice, or only the refusal when the caller may not see the room. */
    const outcome = async (notice: NoticeKey | undefined, result?: string): Promise<IUIKitResponse> => {
        if (result === 'invalid-room' || result === 'no-room-access') {
            await showRefusal(call, rid, 'update', refusalKey(result));
            return responder.errorResponse();
        }
        await showPanel(call, rid, 'update', notice);
        return notice?.error ? responder.errorResponse() : responder.successResponse();
    };
    const { read, modify, persis, user } = call;
    switch (context.getInteractionData().actionId as PanelAction) {
        case PanelAction.SendEmail: {
            const result = await openEmailModal(call, rid);
            if (result === 'opened') {
                return responder.successResponse();
            }
            if (typeof result === 'object') {
                const key = isWaiting(result.pending) ? 'transcript_email_scheduled' : 'transcript_email_sending';
                return outcome({ key, params: { address: result.pending.email || '' } });
            }
            return outcome(result === 'not-permitted' ? { key: 'transcript_no_permission_email', error: true } : { key: 'ui_error_action_unavailable', error: true }, result);
        }
        case PanelAction.RequestPdf: {
            const result = await orderPdf(read, modify, persis, user, rid);
            return outcome(PDF_NOTICES[result], result);
        }
        case PanelAction.CancelEmail:
        case PanelAction.CancelPdf: {
            const kind = context.getInteractionData().actionId === PanelAction.CancelEmail ? 'email' : 'pdf';
            const result = await cancelWaiting(read, persis, user, rid, kind);
            return outcome(cancelNotice(kind, result), result);
        }
        default:
            return outcome(undefined);
    }
}
