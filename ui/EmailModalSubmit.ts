// The email modal's Send: the same request as POST livechat/transcript/:rid, except that a closed
// room's transcript is sent at once (as `/transcript email`). A field the service refuses is shown
// on that field and the modal stays open; success closes it and updates the panel.
import { IUIKitResponse, UIKitViewSubmitInteractionContext } from '@rocket.chat/apps-engine/definition/uikit';
import { TRANSCRIPT_REQUEST } from '../lib/rest/validation';
import { EmailField, roomOfView } from '../lib/ui/ids';
import { readEmailForm } from '../lib/ui/views';
import { wordingFor } from '../services/transcriptPanel';
import { orderEmail } from '../services/transcriptOrders';
import { refusalKey, showPanel, UiCall } from './panelSurface';

export async function emailModalSubmit(call: UiCall, context: UIKitViewSubmitInteractionContext): Promise<IUIKitResponse> {
    const { view } = context.getInteractionData();
    const responder = context.getInteractionResponder();
    const w = await wordingFor(call.read, call.user);
    const fieldError = (field: EmailField, text: string) => responder.viewErrorResponse({ viewId: view?.id, errors: { [field]: text } });
    const rid = roomOfView(view?.id, 'email');
    const form = readEmailForm(view?.state);
    if (!rid || 'forged' in form) {
        return fieldError(EmailField.OtherAddress, w.t('ui_error_invalid_interaction'));
    }
    if ('missing' in form) {
        return fieldError(form.field, w.t('ui_error_address_missing'));
    }
    const request = { email: form.email, subject: form.subject };
    const result = await orderEmail(call.read, call.modify, call.persis, call.user, rid, request, 'send-now', true);
    switch (result.code) {
        case 'scheduled':
        case 'sending':
            await showPanel(call, rid, 'update', { key: result.code === 'scheduled' ? 'transcript_email_scheduled' : 'transcript_email_sending', params: { address: result.email } });
            return responder.successResponse();
        case 'invalid-params':
            return result.problem.startsWith('/subject')
                ? fieldError(EmailField.Subject, w.t('transcript_invalid_subject', { max: TRANSCRIPT_REQUEST.subject.maxLength! }))
                : fieldError(form.field, w.t('transcript_invalid_email', { address: form.email }));
        case 'already-requested':
            return fieldError(EmailField.OtherAddress, w.t('ui_email_already_requested', { address: result.email }));
        case 'not-permitted':
            return fieldError(EmailField.OtherAddress, w.t('transcript_no_permission_email'));
        default:
            return fieldError(EmailField.OtherAddress, w.t(result.code === 'room-closed' ? 'transcript_room_closed' : refusalKey(result.code)));
    }
}
