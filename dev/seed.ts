// Demo data for a fresh workspace: staff with every omnichannel role, a department, a visitor
// and an open conversation.
import { randomBytes } from 'crypto';
import { DevRoom, DevUser, Workspace } from './workspace';

export interface DemoData {
    users: DevUser[];
    room: DevRoom;
}

const STAFF: Array<Pick<DevUser, 'username' | 'name' | 'roles'> & { language?: string }> = [
    { username: 'admin', name: 'Ada Admin', roles: ['admin', 'user'] },
    { username: 'manager', name: 'Manon Manager', roles: ['livechat-manager', 'user'] },
    { username: 'monitor', name: 'Moritz Monitor', roles: ['livechat-monitor', 'user'], language: 'de' },
    { username: 'agent', name: 'Alice Agent', roles: ['livechat-agent', 'user'] },
    { username: 'agent2', name: 'Bruno Agent', roles: ['livechat-agent', 'user'], language: 'pt-BR' },
];

export function seedDemo(ws: Workspace): DemoData {
    ws.setServerSetting('Site_Name', 'Acme Support');
    ws.setServerSetting('Language', 'en');
    ws.setServerSetting('From_Email', 'Acme Support <support@acme.test>');
    const users = STAFF.map((s) =>
        ws.createUser({
            ...s,
            emails: [`${s.username}@acme.test`],
            authToken: randomBytes(24).toString('base64url'),
            status: 'online',
            ...(s.roles.includes('livechat-agent') ? { statusLivechat: 'available' as const } : {}),
        }),
    );
    const agents = users.filter((u) => u.roles.includes('livechat-agent'));
    const department = ws.createDepartment({ name: 'Sales', agentIds: agents.map((a) => a.id) });
    ws.createDepartment({ name: 'Billing', agentIds: [agents[1].id] });
    const visitor = ws.createVisitor({ name: 'Vera Visitor', emails: ['vera@example.com'], language: 'en', department: department.id });
    const start = Date.now() - 10 * 60 * 1000;
    const room = ws.createRoom({ type: 'l', name: visitor.name, visitorId: visitor.id, servedById: agents[0].id, departmentId: department.id, memberIds: [visitor.id, agents[0].id], createdAt: new Date(start) });
    ws.addMessages(room.id, [
        { senderId: visitor.id, token: visitor.token, text: 'Hello! My order #1042 has not arrived yet.', createdAt: new Date(start) },
        { senderId: agents[0].id, text: 'Hi Vera, let me check that for you.', createdAt: new Date(start + 60_000) },
        { senderId: agents[0].id, text: 'It left our warehouse yesterday and should arrive on Friday.', createdAt: new Date(start + 180_000) },
        { senderId: visitor.id, token: visitor.token, text: 'Great, thank you! 🙏', createdAt: new Date(start + 240_000) },
    ]);
    return { users, room };
}
