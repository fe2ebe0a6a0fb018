// While a transcript renders, every read waits for a turn of the app's runtime: the settings
// must go out together, not one after another.
import { IRead } from '@rocket.chat/apps-engine/definition/accessors';
import { readAppSettings, readWorkspaceSettings } from '../../services/appSettings';
import { SettingId, SETTINGS } from '../../lib/settings';

/** A reader whose reads stay pending until `answerAll`: it counts how many were asked before any answer. */
function pendingReader(values: Record<string, unknown>, failing: string[] = []) {
    const waiting: Array<() => void> = [];
    const asked: string[] = [];
    const getValueById = (id: string) =>
        new Promise((resolve, reject) => {
            asked.push(id);
            waiting.push(() => (failing.includes(id) ? reject(new Error('no such setting')) : resolve(values[id])));
        });
    const read = { getEnvironmentReader: () => ({ getSettings: () => ({ getValueById }), getServerSettings: () => ({ getValueById }) }) } as unknown as IRead;
    const answerAll = () => waiting.splice(0).forEach((answer) => answer());
    return { read, asked, answerAll };
}

const flush = () => new Promise((resolve) => setImmediate(resolve));

test('every app setting is asked for before the first answer', async () => {
    const defaults = Object.fromEntries(SETTINGS.map((setting) => [setting.id, setting.packageValue]));
    const { read, asked, answerAll } = pendingReader({ ...defaults, [SettingId.RedactionScope]: 'emails_only', [SettingId.TimeZone]: ' Europe/Berlin ' });
    const settings = readAppSettings(read);
    await flush();
    expect(asked.sort()).toEqual(Object.values(SettingId).sort());
    answerAll();
    const result = await settings;
    expect(result.closeRoomRoles).toContain('livechat-monitor');
    expect(result.timeZone).toBe('Europe/Berlin');
    expect(result.redaction.scope).toBe('emails_only');
    expect(result.publicRateLimitPerMinute).toBe(30);
});

test('the workspace settings are asked for at once, and one that fails falls back to its default', async () => {
    const { read, asked, answerAll } = pendingReader({ Site_Name: 'Acme', Language: 'de' }, ['Site_Url']);
    const settings = readWorkspaceSettings(read);
    await flush();
    expect(asked).toHaveLength(5);
    answerAll();
    expect(await settings).toMatchObject({ siteName: 'Acme', siteUrl: '', language: 'de', fromEmail: '' });
});
