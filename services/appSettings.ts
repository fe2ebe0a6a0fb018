// Typed access to the app's settings and the workspace settings the app reads.
import { IRead } from '@rocket.chat/apps-engine/definition/accessors';
import { RedactionScope, RedactionSettings } from '../lib/redaction/redact';
import { retentionDays } from '../lib/delivery/retention';
import { parseRetryDelays } from '../lib/delivery/requests';
import { COUNTRY_SETTING } from '../lib/redaction/country';
import { messagesPerPdf } from '../lib/transcript/parts';
import { parseRoleList, SettingId } from '../lib/settings';

export interface AppSettings {
    sendTranscriptRoles: string[];
    requestPdfRoles: string[];
    closeRoomRoles: string[];
    closeOthersRoomRoles: string[];
    transferRoles: string[];
    timeZone: string;
    includeSystemMessages: boolean;
    showAgentInfo: boolean;
    requireCloseComment: boolean;
    allowForceClose: boolean;
    visitorsCanClose: boolean;
    publicRateLimitPerMinute: number;
    /** Email the transcript to the visitor's first address at every close (Rocket.Chat's Livechat_transcript_send_always). */
    emailVisitorOnClose: boolean;
    /** POST livechat/transcript is open to visitors (Rocket.Chat's Livechat_enable_transcript). */
    visitorRequests: boolean;
    /** Keep a PDF in the room at every close, with no direct message (Rocket.Chat's sendPdfTranscriptOnClose). */
    keepPdfOnClose: boolean;
    retryDelaysMinutes: number[];
    /** Days finished requests are kept; 0 keeps them forever. */
    retentionDays: number;
    pdfMessagesPerFile: number;
    redaction: RedactionSettings;
}

export interface WorkspaceSettings {
    siteName: string;
    siteUrl: string;
    language: string;
    /** Rocket.Chat's `Country` setting, a key such as "unitedStates" (lib/redaction/country.ts). */
    country: string;
    /** The workspace's sender address; engines before 1.47 require an email's `from`. */
    fromEmail: string;
}

/**
 * Reads these settings at once: each is a round trip to the workspace, and while a transcript renders
 * each round trip waits for a turn of the runtime, so one batch costs one wait instead of one per setting.
 */
async function readAll<Id extends string>(ids: readonly Id[], read: (id: Id) => Promise<unknown>): Promise<(id: Id) => unknown> {
    const values = await Promise.all(ids.map(read));
    const byId = new Map<Id, unknown>(ids.map((id, i) => [id, values[i]]));
    return (id) => byId.get(id);
}

const APP_SETTING_IDS = Object.values(SettingId) as SettingId[];

export async function readAppSettings(read: IRead): Promise<AppSettings> {
    const settings = read.getEnvironmentReader().getSettings();
    const value = await readAll(APP_SETTING_IDS, (id) => settings.getValueById(id));
    return {
        sendTranscriptRoles: parseRoleList(value(SettingId.SendTranscriptRoles)),
        requestPdfRoles: parseRoleList(value(SettingId.RequestPdfRoles)),
        closeRoomRoles: parseRoleList(value(SettingId.CloseRoomRoles)),
        closeOthersRoomRoles: parseRoleList(value(SettingId.CloseOthersRoomRoles)),
        transferRoles: parseRoleList(value(SettingId.TransferRoles)),
        timeZone: String(value(SettingId.TimeZone) || 'server').trim(),
        includeSystemMessages: value(SettingId.IncludeSystemMessages) !== false,
        showAgentInfo: value(SettingId.ShowAgentInfo) !== false,
        requireCloseComment: value(SettingId.RequireCloseComment) === true,
        allowForceClose: value(SettingId.AllowForceClose) === true,
        visitorsCanClose: value(SettingId.VisitorsCanClose) !== false,
        publicRateLimitPerMinute: Number(value(SettingId.PublicRateLimit)) || 0,
        emailVisitorOnClose: value(SettingId.EmailVisitorOnClose) === true,
        visitorRequests: value(SettingId.VisitorRequests) !== false,
        keepPdfOnClose: value(SettingId.KeepPdfOnClose) === true,
        retryDelaysMinutes: parseRetryDelays(value(SettingId.RetryDelays)),
        retentionDays: retentionDays(value(SettingId.RetentionDays)),
        pdfMessagesPerFile: messagesPerPdf(value(SettingId.PdfMessagesPerFile)),
        redaction: {
            cards: value(SettingId.RedactCards) !== false,
            ibans: value(SettingId.RedactIbans) !== false,
            emails: value(SettingId.RedactEmails) === true,
            phones: value(SettingId.RedactPhones) === true,
            customPatterns: String(value(SettingId.RedactCustomPatterns) ?? ''),
            scope: (value(SettingId.RedactionScope) === 'emails_only' ? 'emails_only' : 'emails_and_pdfs') as RedactionScope,
        },
    };
}

const WORKSPACE_SETTING_IDS = ['Site_Name', 'Site_Url', 'Language', COUNTRY_SETTING, 'From_Email'];

export async function readWorkspaceSettings(read: IRead): Promise<WorkspaceSettings> {
    const server = read.getEnvironmentReader().getServerSettings();
    const value = await readAll(WORKSPACE_SETTING_IDS, async (id) => {
        try {
            return await server.getValueById(id);
        } catch {
            return undefined;
        }
    });
    return {
        siteName: String(value('Site_Name') || 'Rocket.Chat'),
        siteUrl: String(value('Site_Url') || ''),
        language: String(value('Language') || 'en'),
        country: String(value(COUNTRY_SETTING) || ''),
        fromEmail: String(value('From_Email') || ''),
    };
}
