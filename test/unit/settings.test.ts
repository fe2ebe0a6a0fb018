// The role settings' defaults are Rocket.Chat's permission defaults
// (apps/meteor/app/authorization/server/constant/permissions.ts and, for the PDF,
// apps/meteor/ee/app/livechat-enterprise/server/permissions.ts).
import { parseRoleList, SettingId, SETTINGS } from '../../lib/settings';

const ROCKET_CHAT_DEFAULTS: Record<string, { permission: string; roles: string[] }> = {
    [SettingId.SendTranscriptRoles]: { permission: 'send-omnichannel-chat-transcript', roles: ['livechat-manager', 'admin'] },
    [SettingId.RequestPdfRoles]: { permission: 'request-pdf-transcript', roles: ['admin', 'livechat-manager', 'livechat-monitor', 'livechat-agent'] },
    [SettingId.CloseRoomRoles]: { permission: 'close-livechat-room', roles: ['livechat-manager', 'livechat-monitor', 'livechat-agent', 'admin'] },
    [SettingId.CloseOthersRoomRoles]: { permission: 'close-others-livechat-room', roles: ['livechat-manager', 'livechat-monitor', 'admin'] },
    [SettingId.TransferRoles]: { permission: 'transfer-livechat-guest', roles: ['livechat-manager', 'livechat-monitor', 'admin'] },
};

describe('role settings', () => {
    const roleSettings = SETTINGS.filter((setting) => setting.id.startsWith('roles_'));

    test('every role setting stands for a Rocket.Chat permission', () => {
        expect(roleSettings.map((setting) => setting.id).sort()).toEqual(Object.keys(ROCKET_CHAT_DEFAULTS).sort());
    });

    test.each(roleSettings.map((setting) => [setting.id, ROCKET_CHAT_DEFAULTS[setting.id].permission, setting.packageValue]))('%s defaults to the roles of %s', (id, _permission, value) => {
        expect(parseRoleList(value).sort()).toEqual([...ROCKET_CHAT_DEFAULTS[id as string].roles].sort());
    });

    test('a monitor may close another agent\'s conversation by default (close and close others)', () => {
        const defaults = (id: SettingId) => parseRoleList(SETTINGS.find((setting) => setting.id === id)!.packageValue);
        expect(defaults(SettingId.CloseRoomRoles)).toContain('livechat-monitor');
        expect(defaults(SettingId.CloseOthersRoomRoles)).toContain('livechat-monitor');
    });
});
