// The room action button "Transcript": opens the room's Transcript panel for the caller.
import { IUIKitResponse, UIKitActionButtonInteractionContext } from '@rocket.chat/apps-engine/definition/uikit';
import { PANEL_BUTTON } from '../lib/ui/ids';
import { showPanel, showRefusal, UiCall } from './panelSurface';

export async function openPanelButton(call: UiCall, context: UIKitActionButtonInteractionContext): Promise<IUIKitResponse> {
    const { actionId, room } = context.getInteractionData();
    const responder = context.getInteractionResponder();
    if (actionId !== PANEL_BUTTON) {
        await showRefusal(call, room?.id, 'open', 'ui_error_invalid_interaction');
        return responder.errorResponse();
    }
    await showPanel(call, room?.id, 'open');
    return responder.successResponse();
}
