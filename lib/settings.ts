// The app's settings: ids, types and defaults. Labels live in i18n/<lang>.json under the same ids.
import { RETENTION_DEFAULT_DAYS } from './delivery/retention';
import { PDF_MESSAGES_PER_FILE } from './transcript/parts';

export enum SettingId {
    SendTranscriptRoles = 'roles_send_transcript',
    RequestPdfRoles = 'roles_request_pdf',
    CloseRoomRoles = 'roles_close_room',
    CloseOthersRoomRoles = 'roles_close_others_room',
    TransferRoles = 'roles_transfer',
    TimeZone = 'transcript_time_zone',
    IncludeSystemMessages = 'transcript_include_system_messages',
    ShowAgentInfo = 'transcript_show_agent_info',
    RequireCloseComment = 'close_require_comment',
    AllowForceClose = 'close_allow_force',
    VisitorsCanClose = 'close_visitors_can_close',
    PublicRateLimit = 'public_rate_limit_per_minute',
    EmailVisitorOnClose = 'transcript_email_visitor_on_close',
    VisitorRequests = 'transcript_visitor_requests',
    KeepPdfOnClose = 'transcript_keep_pdf_on_close',
    RetryDelays = 'delivery_retry_delays_minutes',
    RetentionDays = 'delivery_retention_days',
    PdfMessagesPerFile = 'pdf_messages_per_file',
    RedactCards = 'redaction_cards',
    RedactIbans = 'redaction_ibans',
    RedactEmails = 'redaction_emails',
    RedactPhones = 'redaction_phones',
    RedactCustomPatterns = 'redaction_custom_patterns',
    RedactionScope = 'redaction_scope',
}

export type SettingValue = string | boolean | number;

export interface SettingDefinition {
    id: SettingId;
    type: 'string' | 'boolean' | 'int' | 'select';
    packageValue: SettingValue;
    /** A select's choices: labelled `setting_<id>_<value>` in i18n. */
    values?: string[];
    /** A string edited as several lines. */
    multiline?: boolean;
}

/** Defaults follow Rocket.Chat's own permission defaults. */
export const SETTINGS: SettingDefinition[] = [
    { id: SettingId.SendTranscriptRoles, type: 'string', packageValue: 'admin, livechat-manager' },
    { id: SettingId.RequestPdfRoles, type: 'string', packageValue: 'admin, livechat-manager, livechat-monitor, livechat-agent' },
    { id: SettingId.CloseRoomRoles, type: 'string', packageValue: 'admin, livechat-manager, livechat-monitor, livechat-agent' },
    { id: SettingId.CloseOthersRoomRoles, type: 'string', packageValue: 'admin, livechat-manager, livechat-monitor' },
    { id: SettingId.TransferRoles, type: 'string', packageValue: 'admin, livechat-manager, livechat-monitor' },
    { id: SettingId.TimeZone, type: 'string', packageValue: 'server' },
    { id: SettingId.IncludeSystemMessages, type: 'boolean', packageValue: false },
    { id: SettingId.ShowAgentInfo, type: 'boolean', packageValue: true },
    { id: SettingId.RequireCloseComment, type: 'boolean', packageValue: false },
    { id: SettingId.AllowForceClose, type: 'boolean', packageValue: false },
    { id: SettingId.VisitorsCanClose, type: 'boolean', packageValue: true },
    { id: SettingId.PublicRateLimit, type: 'int', packageValue: 30 },
    { id: SettingId.EmailVisitorOnClose, type: 'boolean', packageValue: false },
    { id: SettingId.VisitorRequests, type: 'boolean', packageValue: true },
    { id: SettingId.KeepPdfOnClose, type: 'boolean', packageValue: false },
    { id: SettingId.RetryDelays, type: 'string', packageValue: '1, 5, 30, 120, 720' },
    { id: SettingId.RetentionDays, type: 'int', packageValue: RETENTION_DEFAULT_DAYS },
    { id: SettingId.PdfMessagesPerFile, type: 'int', packageValue: PDF_MESSAGES_PER_FILE.default },
    { id: SettingId.RedactCards, type: 'boolean', packageValue: true },
    { id: SettingId.RedactIbans, type: 'boolean', packageValue: true },
    { id: SettingId.RedactEmails, type: 'boolean', packageValue: false },
    { id: SettingId.RedactPhones, type: 'boolean', packageValue: false },
    { id: SettingId.RedactCustomPatterns, type: 'string', packageValue: '', multiline: true },
    { id: SettingId.RedactionScope, type: 'select', packageValue: 'emails_and_pdfs', values: ['emails_and_pdfs', 'emails_only'] },
];

/** "admin, livechat-manager" -> ['admin', 'livechat-manager'] */
export function parseRoleList(value: unknown): string[] {
    return String(value ?? '')
        .split(',')
        .map((role) => role.trim())
        .filter(Boolean);
}

/**
 * Who sees the Transcript panel's button: whoever may order either kind of transcript (the roles
 * that may also read a room's transcript status). A setting that cannot be read counts with its default.
 */
export async function panelRoles(valueOf: (id: SettingId) => Promise<unknown>): Promise<string[]> {
    const roles = new Set<string>();
    for (const id of [SettingId.SendTranscriptRoles, SettingId.RequestPdfRoles]) {
        const value = await Promise.resolve()
            .then(() => valueOf(id))
            .catch(() => undefined);
        const fallback = SETTINGS.find((setting) => setting.id === id)!.packageValue;
        parseRoleList(value === undefined || value === null ? fallback : value).forEach((role) => roles.add(role));
    }
    return [...roles];
}
