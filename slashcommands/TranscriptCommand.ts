// /transcript: agents order, inspect and cancel a conversation's transcripts from its room.
// It acts as the caller, with the endpoints' rights, and answers only the caller (ephemeral
// notifications in their language): the command itself never posts into the visitor's chat.
import { IHttp, IModify, IPersistence, IRead } from '@rocket.chat/apps-engine/definition/accessors';
import { IRoom } from '@rocket.chat/apps-engine/definition/rooms';
import {
    ISlashCommand,
    ISlashCommandPreview,
    ISlashCommandPreviewItem,
    SlashCommandContext,
    SlashCommandPreviewItemType,
} from '@rocket.chat/apps-engine/definition/slashcommands';
import { IUser } from '@rocket.chat/apps-engine/definition/users';
import { TranslationParams } from '../lib/i18n';
import { deliveryState, TranscriptKind, TranscriptRequest } from '../lib/delivery/requests';
import { resolveTimeZone } from '../lib/timeZone';
import { formatDateTime } from '../lib/transcript/format';
import { asCall } from '../lib/turns';
import { TRANSCRIPT_REQUEST } from '../lib/rest/validation';
import { LivechatRoomDetails } from '../services/conversation';
import { findLivechatRoom } from '../services/guards';
import { callerLanguage, translator } from '../services/i18n';
import { REFUSAL_KEYS } from '../lib/uploadRules';
import {
    AccessProblem,
    cancelWaiting,
    CancelResult,
    orderEmail,
    orderPdf,
    readStatus,
    transcriptAccessProblem,
    TranscriptStatus,
    visitorEmails,
} from '../services/transcriptOrders';

/** One run of the command: who calls, in which room, and how to word the answer for them. */
interface Call {
    read: IRead;
    modify: IModify;
    persis: IPersistence;
    user: IUser;
    room: LivechatRoomDetails;
    language: string;
    t: (key: string, params?: TranslationParams) => string;
}

/** Clients may send empty words for repeated spaces. */
const words = (args: string[]) => args.filter((word) => word !== '');

export class TranscriptCommand implements ISlashCommand {
    public command = 'transcript';
    public i18nParamsExample = 'transcript_command_params';
    public i18nDescription = 'transcript_command_description';
    public providesPreview = true;

    public async executor(context: SlashCommandContext, read: IRead, modify: IModify, _http: IHttp, persis: IPersistence): Promise<void> {
        await runCommand(context, context.getArguments(), read, modify, persis);
    }

    /** While typing `email`: the visitor's known addresses, for whoever may email the transcript. */
    public previewer(context: SlashCommandContext, read: IRead): Promise<ISlashCommandPreview> {
        return asCall(async () => {
            const [subcommand = '', typed = '', ...more] = words(context.getArguments());
            const room = subcommand.toLowerCase() === 'email' && more.length === 0 ? await findLivechatRoom(read, context.getRoom().id) : undefined;
            const allowed = !!room && !(await transcriptAccessProblem(read, context.getSender(), room, 'email'));
            const items: ISlashCommandPreviewItem[] = (allowed ? visitorEmails(room!) : [])
                .filter((address) => address.toLowerCase().startsWith(typed.toLowerCase()))
                .map((address) => ({ id: address, type: SlashCommandPreviewItemType.TEXT, value: address }));
            return { i18nTitle: 'transcript_preview_title', items };
        });
    }

    public async executePreviewItem(item: ISlashCommandPreviewItem, context: SlashCommandContext, read: IRead, modify: IModify, _http: IHttp, persis: IPersistence): Promise<void> {
        await runCommand(context, ['email', item.value], read, modify, persis);
    }
}

function runCommand(context: SlashCommandContext, args: string[], read: IRead, modify: IModify, persis: IPersistence): Promise<void> {
    return asCall(async () => {
        const user = context.getSender();
        const i18n = translator();
        const [language, room] = await Promise.all([callerLanguage(read, user), findLivechatRoom(read, context.getRoom().id)]);
        const t = (key: string, params?: TranslationParams) => i18n.t(language, key, params);
        const text = room ? await answer({ read, modify, persis, user, room, language, t }, words(args)) : t('transcript_not_livechat');
        await notifyCaller(read, modify, user, context.getRoom(), text);
    });
}

async function answer(call: Call, [subcommand = '', ...rest]: string[]): Promise<string> {
    const kind = rest[0]?.toLowerCase();
    switch (subcommand.toLowerCase()) {
        case 'email':
            return emailTranscript(call, rest);
        case 'pdf':
            return pdfTranscript(call);
        case 'status':
            return status(call);
        case 'cancel':
            if (kind === undefined || kind === 'email' || kind === 'pdf') {
                return cancel(call, kind);
            }
            return call.t('transcript_command_usage');
        default:
            return call.t('transcript_command_usage');
    }
}

/** `email [address] [subject…]`: without an address, to the visitor's first known one. */
async function emailTranscript(call: Call, [address, ...subject]: string[]): Promise<string> {
    const { t } = call;
    const email = address || visitorEmails(call.room)[0];
    if (!email) {
        const problem = await transcriptAccessProblem(call.read, call.user, call.room, 'email');
        return problem ? refusal(t, problem, 'email') : t('transcript_no_visitor_email');
    }
    const result = await orderEmail(call.read, call.modify, call.persis, call.user, call.room.id, { email, subject: subject.join(' ') }, 'send-now');
    switch (result.code) {
        case 'scheduled':
            return t('transcript_email_scheduled', { address: result.email });
        case 'sending':
            return t('transcript_email_sending', { address: result.email });
        case 'already-requested':
            return t('transcript_email_already_requested', { address: result.email });
        case 'invalid-params':
            return result.problem.startsWith('/subject') ? t('transcript_invalid_subject', { max: TRANSCRIPT_REQUEST.subject.maxLength! }) : t('transcript_invalid_email', { address: email });
        default:
            return refusal(t, result.code, 'email');
    }
}

async function pdfTranscript(call: Call): Promise<string> {
    const { t } = call;
    const result = await orderPdf(call.read, call.modify, call.persis, call.user, call.room.id);
    switch (result) {
        case 'queued':
            return t('transcript_pdf_queued');
        case 'waiting-for-close':
            return t('transcript_pdf_waiting');
        case 'room-copy-kept':
            return t('transcript_pdf_room_copy_kept');
        case 'already-requested':
            return t('transcript_pdf_already_requested');
        case 'error-file-upload-disabled':
        case 'error-invalid-file-type':
            return t(REFUSAL_KEYS[result]);
        default:
            return refusal(t, result, 'pdf');
    }
}

async function status(call: Call): Promise<string> {
    const { t } = call;
    const result = await readStatus(call.read, call.user, call.room.id);
    switch (result.code) {
        case 'found':
            return statusText(call, result.status);
        case 'not-requested':
            return t('transcript_status_none');
        default:
            return refusal(t, result.code);
    }
}

/** `cancel [email|pdf]`: without a kind, every waiting request the caller may cancel. */
async function cancel(call: Call, only: TranscriptKind | undefined): Promise<string> {
    const { t } = call;
    const kinds: TranscriptKind[] = only ? [only] : ['email', 'pdf'];
    const results: Array<[TranscriptKind, CancelResult]> = [];
    for (const kind of kinds) {
        results.push([kind, await cancelWaiting(call.read, call.persis, call.user, call.room.id, kind)]);
    }
    const cancelled = results.filter(([, result]) => result === 'cancelled').map(([kind]) => (kind === 'email' ? t('transcript_cancelled_email') : t('transcript_cancelled_pdf')));
    if (cancelled.length > 0) {
        return cancelled.join('\n');
    }
    // The first refusal that is not a missing role tells most; a missing role for every kind is a plain refusal.
    const [kind, result] = results.find(([, r]) => r !== 'not-permitted') || results[0];
    if (result !== 'not-requested') {
        return refusal(t, result as Exclude<CancelResult, 'cancelled' | 'not-requested'>, only);
    }
    if (!only) {
        return t('transcript_nothing_to_cancel');
    }
    return kind === 'email' ? t('transcript_nothing_to_cancel_email') : t('transcript_nothing_to_cancel_pdf');
}

/** The endpoint's refusals, worded for a person. `kind` names the missing right. */
function refusal(t: Call['t'], code: AccessProblem | 'room-closed', kind?: TranscriptKind): string {
    switch (code) {
        case 'not-permitted':
            return kind === 'email' ? t('transcript_no_permission_email') : kind === 'pdf' ? t('transcript_no_permission_pdf') : t('transcript_no_permission');
        case 'no-room-access':
            return t('transcript_no_room_access');
        case 'room-closed':
            return t('transcript_room_closed');
        default:
            return t('transcript_not_livechat');
    }
}

function statusText(call: Call, { email, pdf, visitorCopies }: TranscriptStatus): string {
    const { t } = call;
    const lines = [t('transcript_status_title')];
    if (email) {
        lines.push([t('transcript_status_email', { address: email.email || '', state: stateText(t, email) }), ...details(call, email)].join(' · '));
    }
    if (pdf) {
        lines.push([t('transcript_status_pdf', { state: stateText(t, pdf) }), ...details(call, pdf)].join(' · '));
    }
    for (const copy of visitorCopies) {
        lines.push([t('ui_visitor_copy', { address: copy.email || '', state: stateText(t, copy) }), ...details(call, copy)].join(' · '));
    }
    return lines.join('\n');
}

function stateText(t: Call['t'], request: TranscriptRequest): string {
    return t(`transcript_state_${deliveryState(request)}`);
}

/** Attempts, last error, delivery time (in the caller's zone), file name and redaction counts, where there are any. */
function details(call: Call, request: TranscriptRequest): string[] {
    const { t } = call;
    const parts = [t('transcript_status_attempts', { count: request.attempts })];
    if (request.lastError) {
        parts.push(t('transcript_status_last_error', { error: request.lastError }));
    }
    if (request.deliveredAt) {
        const zone = resolveTimeZone('requester', { serverZone: Intl.DateTimeFormat().resolvedOptions().timeZone, requesterUtcOffset: call.user.utcOffset });
        parts.push(t('transcript_status_delivered_at', { date: formatDateTime(Date.parse(request.deliveredAt), call.language, zone) }));
    }
    const files = (request.parts || []).map((file) => file.fileName);
    if (files.length) {
        parts.push(t('transcript_status_file', { file: files.join(', ') }));
    }
    if (request.redactions) {
        const counts = Object.entries(request.redactions).map(([kind, count]) => t(`redaction_count_${kind}`, { count: count || 0 }));
        parts.push(t('transcript_status_redacted', { counts: counts.join(', ') }));
    }
    return parts;
}

async function notifyCaller(read: IRead, modify: IModify, user: IUser, room: IRoom, text: string): Promise<void> {
    const notifier = modify.getNotifier();
    const message = notifier.getMessageBuilder().setRoom(room).setText(text);
    const appUser = await read.getUserReader().getAppUser();
    if (appUser) {
        message.setSender(appUser);
    }
    await notifier.notifyUser(user, message.getMessage());
}
