// The workspace's file-upload settings, as Rocket.Chat's FileUpload.validateFileUpload applies them
// to every upload, an app's included (apps/meteor/app/file-upload/server/lib/FileUpload.ts). A refusal
// they cause is permanent: retrying it changes nothing until an admin changes the setting.

export interface UploadSettings {
    /** FileUpload_Enabled */
    enabled: boolean;
    /** FileUpload_Enabled_Direct */
    directEnabled: boolean;
    /** FileUpload_MaxFileSize in bytes; -1: no limit. */
    maxFileSize: number;
    /** FileUpload_MediaTypeWhiteList: comma-separated types, `image/*` wildcards; empty: all. */
    whiteList: string;
    /** FileUpload_MediaTypeBlackList */
    blackList: string;
}

export const UPLOAD_SETTING_IDS = ['FileUpload_Enabled', 'FileUpload_Enabled_Direct', 'FileUpload_MaxFileSize', 'FileUpload_MediaTypeWhiteList', 'FileUpload_MediaTypeBlackList'] as const;

/** Rocket.Chat's defaults (apps/meteor/server/settings/file-upload.ts). */
export const DEFAULT_UPLOAD_SETTINGS: UploadSettings = { enabled: true, directEnabled: true, maxFileSize: 104857600, whiteList: '', blackList: 'image/svg+xml' };

export const UPLOAD_REFUSALS = ['error-file-upload-disabled', 'error-direct-message-file-upload-not-allowed', 'error-file-too-large', 'error-invalid-file-type'] as const;
export type UploadRefusal = (typeof UPLOAD_REFUSALS)[number];

export const PDF_TYPE = 'application/pdf';

/** The settings from their raw values (a value that is missing or of the wrong type counts as Rocket.Chat's default). */
export function uploadSettingsFrom(value: (id: (typeof UPLOAD_SETTING_IDS)[number]) => unknown): UploadSettings {
    const flag = (raw: unknown, fallback: boolean) => (typeof raw === 'boolean' ? raw : fallback);
    const text = (raw: unknown, fallback: string) => (typeof raw === 'string' ? raw : fallback);
    const size = Number(value('FileUpload_MaxFileSize'));
    return {
        enabled: flag(value('FileUpload_Enabled'), DEFAULT_UPLOAD_SETTINGS.enabled),
        directEnabled: flag(value('FileUpload_Enabled_Direct'), DEFAULT_UPLOAD_SETTINGS.directEnabled),
        maxFileSize: value('FileUpload_MaxFileSize') === undefined || value('FileUpload_MaxFileSize') === null || !Number.isFinite(size) ? DEFAULT_UPLOAD_SETTINGS.maxFileSize : size,
        whiteList: text(value('FileUpload_MediaTypeWhiteList'), DEFAULT_UPLOAD_SETTINGS.whiteList),
        blackList: text(value('FileUpload_MediaTypeBlackList'), DEFAULT_UPLOAD_SETTINGS.blackList),
    };
}

const typeList = (list: string) =>
    list
        .split(',')
        .map((item) => item.trim().toLowerCase())
        .filter(Boolean);

/** Whether `type` is named by the list, itself or by its `major/*` wildcard. */
const listed = (list: string[], type: string) => list.includes(type) || list.includes(`${type.split('/')[0]}/*`) || list.includes('*');

/** fileUploadIsValidContentType: not in the black list, and in the white list when there is one. */
export function isAcceptedType(settings: UploadSettings, type: string): boolean {
    const normalized = type.trim().toLowerCase();
    if (listed(typeList(settings.blackList), normalized)) {
        return false;
    }
    const white = typeList(settings.whiteList);
    return white.length === 0 || listed(white, normalized);
}

/** Why the workspace refuses this upload, in validateFileUpload's order; undefined when it takes it. */
export function uploadRefusal(settings: UploadSettings, file: { size: number; type: string; direct: boolean }): UploadRefusal | undefined {
    if (!settings.enabled) {
        return 'error-file-upload-disabled';
    }
    if (file.direct && !settings.directEnabled) {
        return 'error-direct-message-file-upload-not-allowed';
    }
    if (settings.maxFileSize > -1 && file.size > settings.maxFileSize) {
        return 'error-file-too-large';
    }
    return isAcceptedType(settings, file.type) ? undefined : 'error-invalid-file-type';
}

/** What stops every PDF transcript before any is made: uploads off, or PDFs not accepted. */
export function pdfOrderRefusal(settings: UploadSettings): 'error-file-upload-disabled' | 'error-invalid-file-type' | undefined {
    if (!settings.enabled) {
        return 'error-file-upload-disabled';
    }
    return isAcceptedType(settings, PDF_TYPE) ? undefined : 'error-invalid-file-type';
}

/**
 * The setting refusal named in a failed upload's reason (Rocket.Chat's Meteor.Error message ends in
 * `[error-…]`), or undefined for anything else: a passing fault, retried. Apps-Engine 1.46.0 loses
 * the reason; the delivery then relies on uploadRefusal, checked before uploading.
 */
export function settingRefusalIn(reason: string): UploadRefusal | undefined {
    return UPLOAD_REFUSALS.find((code) => reason.includes(code));
}

/** The i18n key that tells a requester why a PDF cannot be made. */
export const REFUSAL_KEYS: Record<UploadRefusal, string> = {
    'error-file-upload-disabled': 'transcript_pdf_uploads_disabled',
    'error-invalid-file-type': 'transcript_pdf_type_refused',
    'error-file-too-large': 'transcript_pdf_too_large',
    'error-direct-message-file-upload-not-allowed': 'transcript_pdf_no_direct_uploads',
};

/** What a part's PDF may weigh: the limit with room for parts whose messages are heavier than the average. */
const SIZE_MARGIN = 0.8;

/**
 * How many messages a PDF part may hold so that it stays under FileUpload_MaxFileSize, judging by a
 * rendered PDF of `renderedMessages` messages that came to `renderedBytes`; undefined when that PDF
 * fits (or there is no limit). Never more than `current`, never fewer than one: a single message
 * heavier than the limit (a large image) cannot be split further, and its upload is refused.
 */
export function messagesPerPartUnder(maxFileSize: number, rendered: { bytes: number; messages: number }, current: number): number | undefined {
    if (maxFileSize < 0 || rendered.bytes <= maxFileSize) {
        return undefined;
    }
    const perMessage = rendered.bytes / Math.max(1, rendered.messages);
    const fitting = Math.floor((maxFileSize * SIZE_MARGIN) / perMessage);
    return Math.max(1, Math.min(current - 1, fitting, rendered.messages - 1));
}
