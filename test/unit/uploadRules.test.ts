// The workspace's file-upload settings as Rocket.Chat applies them (lib/uploadRules.ts).
import { DEFAULT_UPLOAD_SETTINGS, isAcceptedType, messagesPerPartUnder, pdfOrderRefusal, settingRefusalIn, uploadRefusal, UploadSettings, uploadSettingsFrom } from '../../lib/uploadRules';

const settings = (changes: Partial<UploadSettings> = {}): UploadSettings => ({ ...DEFAULT_UPLOAD_SETTINGS, ...changes });
const pdf = (size = 1000, direct = false) => ({ size, type: 'application/pdf', direct });

describe('uploadSettingsFrom', () => {
    test("missing or mistyped values are Rocket.Chat's defaults", () => {
        expect(uploadSettingsFrom(() => undefined)).toEqual(DEFAULT_UPLOAD_SETTINGS);
        expect(uploadSettingsFrom(() => 'nonsense').enabled).toBe(true);
        expect(DEFAULT_UPLOAD_SETTINGS).toEqual({ enabled: true, directEnabled: true, maxFileSize: 104857600, whiteList: '', blackList: 'image/svg+xml' });
    });

    test('values as the workspace holds them', () => {
        const raw: Record<string, unknown> = { FileUpload_Enabled: false, FileUpload_Enabled_Direct: false, FileUpload_MaxFileSize: 2097152, FileUpload_MediaTypeWhiteList: 'image/*', FileUpload_MediaTypeBlackList: '' };
        expect(uploadSettingsFrom((id) => raw[id])).toEqual({ enabled: false, directEnabled: false, maxFileSize: 2097152, whiteList: 'image/*', blackList: '' });
        expect(uploadSettingsFrom((id) => (id === 'FileUpload_MaxFileSize' ? '-1' : undefined)).maxFileSize).toBe(-1);
    });
});

describe('uploadRefusal: validateFileUpload in its order', () => {
    test('uploads off refuse everything, first', () => {
        expect(uploadRefusal(settings({ enabled: false, directEnabled: false, maxFileSize: 1 }), pdf(10, true))).toBe('error-file-upload-disabled');
    });

    test('direct messages only when FileUpload_Enabled_Direct is on', () => {
        expect(uploadRefusal(settings({ directEnabled: false }), pdf(10, true))).toBe('error-direct-message-file-upload-not-allowed');
        expect(uploadRefusal(settings({ directEnabled: false }), pdf(10, false))).toBeUndefined();
    });

    test('the size limit; -1 means none', () => {
        expect(uploadRefusal(settings({ maxFileSize: 1000 }), pdf(1000))).toBeUndefined();
        expect(uploadRefusal(settings({ maxFileSize: 1000 }), pdf(1001))).toBe('error-file-too-large');
        expect(uploadRefusal(settings({ maxFileSize: -1 }), pdf(10 ** 12))).toBeUndefined();
    });

    test('types: the black list wins, a white list limits, wildcards by major type', () => {
        expect(isAcceptedType(settings(), 'application/pdf')).toBe(true);
        expect(isAcceptedType(settings(), 'image/svg+xml')).toBe(false);
        expect(isAcceptedType(settings({ whiteList: 'image/*, text/plain' }), 'application/pdf')).toBe(false);
        expect(isAcceptedType(settings({ whiteList: 'image/*,application/pdf' }), 'application/pdf')).toBe(true);
        expect(isAcceptedType(settings({ blackList: 'application/*' }), 'application/pdf')).toBe(false);
        expect(isAcceptedType(settings({ whiteList: 'application/pdf', blackList: 'application/pdf' }), 'application/pdf')).toBe(false);
        expect(uploadRefusal(settings({ blackList: 'application/pdf' }), pdf())).toBe('error-invalid-file-type');
    });
});

test('pdfOrderRefusal: only what stops every PDF (not the size, not direct messages)', () => {
    expect(pdfOrderRefusal(settings())).toBeUndefined();
    expect(pdfOrderRefusal(settings({ enabled: false }))).toBe('error-file-upload-disabled');
    expect(pdfOrderRefusal(settings({ whiteList: 'image/*' }))).toBe('error-invalid-file-type');
    expect(pdfOrderRefusal(settings({ directEnabled: false, maxFileSize: 10 }))).toBeUndefined();
});

test('settingRefusalIn: a refusal a setting causes (never retried) vs a passing fault (retried)', () => {
    expect(settingRefusalIn('File exceeds allowed size of 1 MB [error-file-too-large]')).toBe('error-file-too-large');
    expect(settingRefusalIn('File upload is disabled [error-file-upload-disabled]')).toBe('error-file-upload-disabled');
    expect(settingRefusalIn('error-direct-message-file-upload-not-allowed')).toBe('error-direct-message-file-upload-not-allowed');
    expect(settingRefusalIn('File type is not accepted. [error-invalid-file-type]')).toBe('error-invalid-file-type');
    for (const passing of ['injected upload fault', 'ECONNRESET', 'Internal error occured', '[object Object]', '']) {
        expect(settingRefusalIn(passing)).toBeUndefined();
    }
});

describe('messagesPerPartUnder: PDF parts under FileUpload_MaxFileSize', () => {
    test('a PDF that fits needs no change; no limit, none either', () => {
        expect(messagesPerPartUnder(1000, { bytes: 1000, messages: 10 }, 12_000)).toBeUndefined();
        expect(messagesPerPartUnder(-1, { bytes: 10 ** 9, messages: 10 }, 12_000)).toBeUndefined();
    });

    test('a PDF too large: fewer messages per part, with a margin, so each part fits', () => {
        // 10,000 messages in 20 MB, a 5 MB limit: 2,000 messages a part (4 MB at the average).
        const per = messagesPerPartUnder(5_000_000, { bytes: 20_000_000, messages: 10_000 }, 12_000)!;
        expect(per).toBe(2000);
        expect((per * 20_000_000) / 10_000).toBeLessThan(5_000_000);
    });

    test('always fewer than before, never fewer than one', () => {
        expect(messagesPerPartUnder(1000, { bytes: 1001, messages: 10 }, 12_000)).toBe(7);
        expect(messagesPerPartUnder(10, { bytes: 10 ** 6, messages: 50 }, 12_000)).toBe(1);
        expect(messagesPerPartUnder(10, { bytes: 10 ** 6, messages: 1 }, 12_000)).toBe(1);
        expect(messagesPerPartUnder(900, { bytes: 1000, messages: 10 }, 8)).toBe(7);
    });
});
