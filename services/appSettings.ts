// Typed access to the app's settings and the workspace settings the app reads.
import { IRead } from '@rocket.chat/apps-engine/definition/accessors';
import { RedactionScope, RedactionSettings } from '../lib/redaction/redact';
import { parseRetryDelays } from '../lib/requests';
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
    retryDelaysMinutes: number[];
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

export async function readAppSettings(read: IRead): Promise<AppSettings> {
    const settings = read.getEnvironmentReader().getSettings();
    const value = (id: SettingId) => settings.getValueById(id);
    return {
        sendTranscriptRoles: parseRoleList(await value(SettingId.SendTranscriptRoles)),
        requestPdfRoles: parseRoleList(await value(SettingId.RequestPdfRoles)),
        closeRoomRoles: parseRoleList(await value(SettingId.CloseRoomRoles)),
        closeOthersRoomRoles: parseRoleList(await value(SettingId.CloseOthersRoomRoles)),
        transferRoles: parseRoleList(await value(SettingId.TransferRoles)),
        timeZone: String((await value(SettingId.TimeZone)) || 'server').trim(),
        includeSystemMessages: (await value(SettingId.IncludeSystemMessages)) !== false,
        showAgentInfo: (await value(SettingId.ShowAgentInfo)) !== false,
        requireCloseComment: (await value(SettingId.RequireCloseComment)) === true,
        allowForceClose: (await value(SettingId.AllowForceClose)) === true,
        visitorsCanClose: (await value(SettingId.VisitorsCanClose)) !== false,
        publicRateLimitPerMinute: Number(await value(SettingId.PublicRateLimit)) || 0,
        retryDelaysMinutes: parseRetryDelays(await value(SettingId.RetryDelays)),
        pdfMessagesPerFile: messagesPerPdf(await value(SettingId.PdfMessagesPerFile)),
        redaction: {
            cards: (await value(SettingId.RedactCards)) !== false,
            ibans: (await value(SettingId.RedactIbans)) !== false,
            emails: (await value(SettingId.RedactEmails)) === true,
            phones: (await value(SettingId.RedactPhones)) === true,
            customPatterns: String((await value(SettingId.RedactCustomPatterns)) ?? ''),
            scope: ((await value(SettingId.RedactionScope)) === 'emails_only' ? 'emails_only' : 'emails_and_pdfs') as RedactionScope,
        },
    };
}

export async function readWorkspaceSettings(read: IRead): Promise<WorkspaceSettings> {
    const server = read.getEnvironmentReader().getServerSettings();
    const value = async (id: string) => {
        try {
            return await server.getValueById(id);
        } catch {
            return undefined;
        }
    };
    return {
        siteName: String((await value('Site_Name')) || 'Rocket.Chat'),
        siteUrl: String((await value('Site_Url')) || ''),
        language: String((await value('Language')) || 'en'),
        country: String((await value(COUNTRY_SETTING)) || ''),
        fromEmail: String((await value('From_Email')) || ''),
    };
}
