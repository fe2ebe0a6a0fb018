// The workspace's file-upload settings (lib/uploadRules.ts), read at once.
import { IRead } from '@rocket.chat/apps-engine/definition/accessors';
import { UPLOAD_SETTING_IDS, UploadSettings, uploadSettingsFrom } from '../lib/uploadRules';

export async function readUploadSettings(read: IRead): Promise<UploadSettings> {
    const server = read.getEnvironmentReader().getServerSettings();
    const values = await Promise.all(UPLOAD_SETTING_IDS.map((id) => server.getValueById(id).catch(() => undefined)));
    return uploadSettingsFrom((id) => values[UPLOAD_SETTING_IDS.indexOf(id)]);
}
