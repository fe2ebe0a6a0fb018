// Dev-only routes: seed the workspace, act as its UI (close a room, run a slash command),
// look at what the app produced (outbox, uploads, notifications) and inject faults.
import { randomBytes } from 'crypto';
import * as fs from 'fs';
import { URL } from 'url';
import { ISetting } from 'apps-engine-server/definition/settings';
import type { ProxiedApp } from 'apps-engine-server/server/ProxiedApp';
import { LocalEngine } from './engine';
import { FAULT_MODES, FAULT_TARGETS, FaultTarget, SUCCESS_SOURCES } from './faults';
import { closingTags } from './bridges/livechat';
import { Dispatched, LocalUiClient, TRIGGER_TIMEOUT_MS } from './uiClient';
import { DevAttachment, DevMessage, DevRoom, DevUser } from './workspace';

export interface DevResponse {
    status: number;
    body: unknown;
    headers?: Record<string, string>;
}

type Handler = (params: Record<string, string>, body: Record<string, any>, url: URL) => Promise<DevResponse> | DevResponse;

const ok = (body: unknown): DevResponse => ({ status: 200, body });
const notFound = (what: string): DevResponse => ({ status: 404, body: { success: false, error: `${what} not found` } });
const badRequest = (error: string): DevResponse => ({ status: 400, body: { success: false, error } });
const validLatency = (min: unknown, max: unknown): boolean =>
    typeof min === 'number' && typeof max === 'number' && Number.isFinite(min) && Number.isFinite(max) && min >= 0 && min <= max && max <= 60_000;

/** How long the engine's calls into the app (its Deno runtime) take, by method, and how many failed or timed out (GET /dev/metrics). */
class AppCallTimes {
    public readonly byMethod: Record<string, { calls: number; failed: number; totalMs: number; maxMs: number; lastMs: number[] }> = {};

    constructor(engine: LocalEngine) {
        const app: any = engine.manager.getOneById(engine.appId);
        // getDenoRuntime() before engine 1.56.
        const runtime: ReturnType<ProxiedApp['getRuntimeController']> | undefined = app?.getRuntimeController?.() ?? app?.getDenoRuntime?.();
        if (!runtime) {
            return;
        }
        const send = runtime.sendRequest.bind(runtime);
        runtime.sendRequest = async (message, options) => {
            const start = Date.now();
            const entry = (this.byMethod[message.method] ||= { calls: 0, failed: 0, totalMs: 0, maxMs: 0, lastMs: [] });
            try {
                return await send(message, options);
            } catch (error) {
                entry.failed++;
                throw error;
            } finally {
                const ms = Date.now() - start;
                entry.calls++;
                entry.totalMs += ms;
                entry.maxMs = Math.max(entry.maxMs, ms);
                entry.lastMs = [...entry.lastMs.slice(-19), ms];
            }
        };
    }
}

export class DevRoutes {
    private readonly routes: Array<{ method: string; pattern: RegExp; handler: Handler }> = [];
    private readonly appCalls: AppCallTimes;

    constructor(private readonly engine: LocalEngine) {
        const ws = engine.ws;
        this.appCalls = new AppCallTimes(engine);
        this.on('GET', '/dev/state', () => ok(this.snapshot()));
        // Benchmark figures: reads of room messages through the bridges, durations of calls into the app.
        this.on('GET', '/dev/metrics', () =>
            ok({
                messageReads: { livechat: engine.bridges.getLivechatBridge().messageReads, rooms: engine.bridges.getRoomBridge().messageReads },
                appCalls: this.appCalls.byMethod,
                // Persistence records returned to the app by this instance, by kind of call.
                persistenceReads: engine.store.persistence.reads,
            }),
        );
        this.on('POST', '/dev/users', (_p, b) => {
            const user = ws.createUser({ username: b.username, name: b.name || b.username, roles: b.roles || ['user'], emails: b.emails || [], language: b.language, authToken: randomBytes(24).toString('base64url') });
            return ok({ user });
        });
        // A user's presence and omnichannel availability, as the status menu and the agent's toggle set them.
        this.on('POST', '/dev/users/:id/status', (p, b) => {
            if (!ws.user(p.id)) {
                return notFound('user');
            }
            if (b.status !== undefined && !['online', 'away', 'busy', 'offline'].includes(b.status)) {
                return badRequest('status must be online, away, busy or offline');
            }
            if (b.statusLivechat !== undefined && !['available', 'not-available'].includes(b.statusLivechat)) {
                return badRequest('statusLivechat must be available or not-available');
            }
            if (b.active !== undefined && typeof b.active !== 'boolean') {
                return badRequest('active must be true or false');
            }
            const changes = { ...(b.status ? { status: b.status } : {}), ...(b.statusLivechat ? { statusLivechat: b.statusLivechat } : {}), ...(typeof b.active === 'boolean' ? { active: b.active } : {}) };
            return ok({ user: ws.updateUser(p.id, changes) });
        });
        this.on('POST', '/dev/visitors', (_p, b) => ok({ visitor: ws.createVisitor({ name: b.name, emails: b.emails || [], phone: b.phone, language: b.language, department: b.department, ...(b.token ? { token: b.token } : {}) }) }));
        this.on('POST', '/dev/departments', (_p, b) =>
            ok({
                department: ws.createDepartment({
                    name: b.name,
                    agentIds: b.agentIds || [],
                    enabled: b.enabled !== false,
                    ...(b.requestTagBeforeClosingChat === true ? { requestTagBeforeClosingChat: true } : {}),
                    ...(Array.isArray(b.chatClosingTags) ? { chatClosingTags: b.chatClosingTags.map(String) } : {}),
                }),
            }),
        );
        this.on('POST', '/dev/rooms', (_p, b) => this.createRoom(b));
        this.on('POST', '/dev/rooms/:rid/messages', (p, b) => this.addMessages(p.rid, b));
        this.on('POST', '/dev/rooms/:rid/close', (p, b) => {
            const room = ws.room(p.rid);
            if (!room || room.type !== 'l') {
                return notFound('livechat room');
            }
            if (!room.open) {
                return badRequest('error-room-closed');
            }
            const closer = b.userId ? ws.user(b.userId) : undefined;
            let tags: string[];
            try {
                // Rocket.Chat's UI closes with a client action and the tags it asked for.
                tags = closingTags(ws, room, Array.isArray(b.tags) ? b.tags.map(String) : [], true);
            } catch (error) {
                return badRequest((error as Error).message);
            }
            return ok({ room: ws.closeRoom(room.id, { closerId: closer?.id, closer: closer ? 'user' : 'visitor', comment: b.comment, tags }) });
        });
        // Rocket.Chat's own survey (livechat/room.survey): the answers go onto the room as surveyFeedback.
        this.on('POST', '/dev/rooms/:rid/survey', (p, b) => {
            const room = ws.room(p.rid);
            if (!room || room.type !== 'l') {
                return notFound('livechat room');
            }
            if (!Array.isArray(b.data) || !b.data.every((d: any) => d && typeof d.name === 'string' && typeof d.value === 'string')) {
                return badRequest('data must be a list of {name, value}');
            }
            const survey = Object.fromEntries(b.data.map((d: { name: string; value: string }) => [d.name, d.value]));
            return ok({ room: ws.updateRoom(room.id, { survey: { ...room.survey, ...survey } }) });
        });
        // A duplicate IPostLivechatRoomClosed for a room that is already closed; `count` fire at once.
        this.on('POST', '/dev/rooms/:rid/closed-event', async (p, b) => {
            const room = ws.room(p.rid);
            if (!room || room.type !== 'l') {
                return notFound('livechat room');
            }
            if (room.open) {
                return badRequest('room is open');
            }
            const count = Math.min(Math.max(Number(b.count) || 1, 1), 10);
            await Promise.all(Array.from({ length: count }, () => engine.notifyRoomClosed(room)));
            return ok({ fired: count });
        });
        this.on('GET', '/dev/rooms/:rid', (p) => {
            const room = ws.room(p.rid);
            return room ? ok({ room, messages: ws.messages(room.id) }) : notFound('room');
        });
        this.on('POST', '/dev/slash', async (_p, b) => {
            const user = ws.user(b.userId);
            const room = ws.room(b.roomId);
            if (!user || !room) {
                return notFound(user ? 'room' : 'user');
            }
            const before = ws.notifications(user.id).length;
            await engine.runSlashCommand(user, room, b.command);
            return ok({ notifications: ws.notifications(user.id).slice(before) });
        });
        this.on('POST', '/dev/slash/preview', async (_p, b) => {
            const user = ws.user(b.userId);
            const room = ws.room(b.roomId);
            return user && room ? ok({ preview: await engine.slashCommandPreviews(user, room, b.command) }) : notFound(user ? 'room' : 'user');
        });
        // The workspace UI for apps' UI Kit surfaces (dev/uiClient.ts): buttons, clicks, views.
        const ui = new LocalUiClient(engine);
        const uiUser = (id: unknown): DevUser | undefined => (typeof id === 'string' ? ws.user(id) : undefined);
        const uiRoom = (id: unknown): DevRoom | undefined => (typeof id === 'string' ? ws.room(id) : undefined);
        const uiAnswer = (user: DevUser, dispatched: Dispatched) => ok({ ...dispatched, surfaces: engine.bridges.ui.surfacesOf(user.id) });
        this.on('GET', '/dev/ui/buttons', async (_p, _b, url) => {
            const user = uiUser(url.searchParams.get('userId'));
            const room = uiRoom(url.searchParams.get('roomId'));
            return user ? ok({ buttons: await ui.buttons(user, room, url.searchParams.get('context') || undefined) }) : notFound('user');
        });
        this.on('POST', '/dev/ui/buttons/click', async (_p, b) => {
            const user = uiUser(b.userId);
            return user ? uiAnswer(user, await ui.clickButton(user, uiRoom(b.roomId), String(b.actionId || ''), b.context, b.appId)) : notFound('user');
        });
        this.on('POST', '/dev/ui/block-action', async (_p, b) => {
            const user = uiUser(b.userId);
            return user ? uiAnswer(user, await ui.blockAction(user, uiRoom(b.roomId), { viewId: String(b.viewId || ''), blockId: String(b.blockId || ''), actionId: String(b.actionId || ''), value: b.value, appId: b.appId })) : notFound('user');
        });
        this.on('POST', '/dev/ui/view-submit', async (_p, b) => {
            const user = uiUser(b.userId);
            return user ? uiAnswer(user, await ui.submitView(user, { viewId: String(b.viewId || ''), state: b.state, values: b.values, omitState: b.omitState === true, appId: b.appId })) : notFound('user');
        });
        this.on('POST', '/dev/ui/view-close', async (_p, b) => {
            const user = uiUser(b.userId);
            return user ? uiAnswer(user, await ui.closeView(user, { viewId: String(b.viewId || ''), isCleared: b.isCleared === true, appId: b.appId })) : notFound('user');
        });
        // Tests shorten the client's wait for an app's answer (Rocket.Chat's is 5 s) to see what a timeout leaves behind.
        this.on('POST', '/dev/ui/timeout', (_p, b) => {
            const ms = b.ms === undefined ? TRIGGER_TIMEOUT_MS : Number(b.ms);
            if (!Number.isInteger(ms) || ms < 0 || ms > TRIGGER_TIMEOUT_MS) {
                return badRequest(`ms must be an integer from 0 to ${TRIGGER_TIMEOUT_MS}`);
            }
            ui.triggerTimeoutMs = ms;
            return ok({ success: true, ms });
        });
        this.on('GET', '/dev/ui/surfaces', (_p, _b, url) => {
            const user = uiUser(url.searchParams.get('userId'));
            return user ? ok({ surfaces: engine.bridges.ui.surfacesOf(user.id), events: engine.bridges.ui.eventsOf(user.id) }) : notFound('user');
        });
        this.on('GET', '/dev/notifications', (_p, _b, url) => ok({ notifications: ws.notifications(url.searchParams.get('userId') || undefined) }));
        this.on('GET', '/dev/outbox', () => ok({ emails: ws.emails() }));
        this.on('GET', '/dev/outbox/:id', (p) => {
            const email = ws.emails().find((e) => e.id === p.id);
            return email ? { status: 200, body: fs.readFileSync(email.file), headers: { 'Content-Type': 'message/rfc822' } } : notFound('email');
        });
        this.on('GET', '/dev/uploads', () => ok({ uploads: ws.uploads() }));
        this.on('GET', '/dev/uploads/:id', (p) => {
            const upload = ws.upload(p.id);
            return upload ? { status: 200, body: fs.readFileSync(ws.uploadPath(upload.id)), headers: { 'Content-Type': upload.type } } : notFound('upload');
        });
        this.on('GET', '/dev/jobs', () => ok({ jobs: engine.bridges.scheduler.jobs() }));
        // Runs a recurring processor (e.g. {"processor":"transcript-sweep"}) now on this instance; answers when it finished.
        this.on('POST', '/dev/jobs/run', async (_p, b) => {
            const processorId = typeof b.processor === 'string' ? engine.bridges.scheduler.processorId(b.processor) : undefined;
            if (!processorId) {
                return notFound('processor');
            }
            const started = Date.now();
            const outcome = await engine.bridges.scheduler.runNow(processorId);
            return ok({ ...outcome, processorId, ms: Date.now() - started });
        });
        this.on('POST', '/dev/scheduler', (_p, b) => {
            if (typeof b.paused !== 'boolean') {
                return badRequest('paused must be true or false');
            }
            engine.bridges.scheduler.paused = b.paused;
            return ok({ success: true, paused: b.paused });
        });
        this.on('POST', '/dev/faults', (_p, b) => {
            if (b.clear) {
                engine.faults.clear();
                return ok({ success: true });
            }
            if (!FAULT_TARGETS.includes(b.target)) {
                return badRequest(`target must be one of ${FAULT_TARGETS.join(', ')}`);
            }
            if (b.mode !== undefined && !FAULT_MODES.includes(b.mode)) {
                return badRequest(`mode must be one of ${FAULT_MODES.join(', ')}`);
            }
            if (b.after !== undefined && !SUCCESS_SOURCES.includes(b.after)) {
                return badRequest(`after must be one of ${SUCCESS_SOURCES.join(', ')}`);
            }
            if (b.mode === 'latency' && !validLatency(b.minMs, b.maxMs)) {
                return badRequest('latency needs minMs and maxMs: numbers with 0 <= minMs <= maxMs <= 60000');
            }
            engine.faults.arm(b.target as FaultTarget, { mode: b.mode, count: b.count, hangMs: b.hangMs, minMs: b.minMs, maxMs: b.maxMs, after: b.after });
            return ok({ success: true });
        });
        this.on('GET', '/dev/faults', () => ok({ injected: { email: engine.faults.injected('email'), upload: engine.faults.injected('upload'), persistence: engine.faults.injected('persistence') } }));
        this.on('GET', '/dev/app', async () => {
            const app = engine.manager.getOneById(engine.appId);
            if (!app) {
                return ok({ appId: '', status: 'not-installed' });
            }
            const stored = engine.store.get<{ settings?: Record<string, ISetting> }>('apps', engine.appId)?.settings || {};
            const settings = Object.fromEntries(Object.values(stored).map((setting) => [setting.id, setting.value]));
            return ok({ appId: engine.appId, status: await app.getStatus(), version: app.getVersion(), settings });
        });
        this.on('POST', '/dev/app/uninstall', async () => ok({ uninstalled: await engine.uninstallApp() }));
        this.on('POST', '/dev/app/disable', async () => ok({ disabled: await engine.disableApp() }));
        this.on('POST', '/dev/app/enable', async () => ok({ enabled: await engine.enableApp() }));
        this.on('POST', '/dev/settings/app', async (_p, b) => {
            const settings = engine.manager.getSettingsManager();
            const current = settings.getAppSetting(engine.appId, b.id);
            await settings.updateAppSetting(engine.appId, { ...current, value: b.value } as ISetting);
            return ok({ success: true });
        });
        this.on('POST', '/dev/settings/server', (_p, b) => {
            ws.setServerSetting(b.id, b.value);
            return ok({ success: true });
        });
    }

    public async handle(method: string, url: URL, body: Record<string, any>): Promise<DevResponse> {
        for (const route of this.routes) {
            const match = route.method === method ? route.pattern.exec(url.pathname) : null;
            if (match) {
                return route.handler(match.groups || {}, body || {}, url);
            }
        }
        return notFound('route');
    }

    /** Everything the app can change, for before/after comparisons in tests. */
    public snapshot() {
        const ws = this.engine.ws;
        return {
            users: ws.users(),
            visitors: ws.visitors(),
            departments: ws.departments(),
            rooms: ws.rooms(),
            messageCounts: Object.fromEntries(ws.rooms().map((r) => [r.id, ws.messages(r.id).length])),
            persistence: ws.store.persistence.all(),
            // One-time jobs still to run (a failed one stays in the table, as in Agenda, but never runs again).
            jobs: this.engine.bridges.scheduler.jobs().filter((j) => !j.intervalSeconds && !j.failedAt),
            outbox: ws.emails().length,
            uploads: ws.uploads().length,
        };
    }

    private on(method: string, path: string, handler: Handler): void {
        const pattern = new RegExp(`^${path.replace(/:(\w+)/g, '(?<$1>[^/]+)')}$`);
        this.routes.push({ method, pattern, handler });
    }

    private createRoom(b: Record<string, any>): DevResponse {
        const ws = this.engine.ws;
        if (b.type && b.type !== 'l') {
            const room = ws.createRoom({ type: b.type, name: b.name, memberIds: b.memberIds || [] });
            return ok({ room });
        }
        const visitor = b.visitorId ? ws.visitor(b.visitorId) : b.visitorToken ? ws.visitorByToken(b.visitorToken) : undefined;
        if (!visitor) {
            return notFound('visitor');
        }
        const agent = b.agentId ? ws.user(b.agentId) : undefined;
        const room: DevRoom = ws.createRoom({
            type: 'l',
            name: visitor.name,
            visitorId: visitor.id,
            servedById: agent?.id,
            departmentId: b.departmentId || visitor.department,
            memberIds: [visitor.id, ...(agent ? [agent.id] : [])],
            ...(b.createdAt ? { createdAt: new Date(b.createdAt) } : {}),
        });
        return ok({ room });
    }

    /** `{messages: [{from: 'visitor'|'agent'|<userId>, text, t?, hidden?, at?, attachments?, file?: {name, type, base64}}]}` */
    private addMessages(rid: string, b: Record<string, any>): DevResponse {
        const ws = this.engine.ws;
        const room = ws.room(rid);
        if (!room) {
            return notFound('room');
        }
        const visitor = room.visitorId ? ws.visitor(room.visitorId) : undefined;
        const list: Array<Record<string, any>> = Array.isArray(b.messages) ? b.messages : [b];
        const messages = list.map((m): Omit<DevMessage, 'id' | 'rid' | 'createdAt'> & Partial<DevMessage> => {
            const fromVisitor = m.from === 'visitor';
            const senderId = fromVisitor ? visitor!.id : m.from === 'agent' || !m.from ? room.servedById! : m.from;
            const attachments: DevAttachment[] = m.attachments || [];
            let fileId: string | undefined;
            if (m.file) {
                const content = Buffer.from(m.file.base64, 'base64');
                const upload = ws.saveUpload({ rid, userId: fromVisitor ? undefined : senderId, visitorToken: fromVisitor ? visitor!.token : undefined, name: m.file.name, type: m.file.type, size: content.length }, content);
                fileId = upload.id;
                const link = `/file-upload/${upload.id}/${encodeURIComponent(upload.name)}`;
                attachments.push(m.file.type.startsWith('image/') ? { title: upload.name, title_link: link, image_url: link, image_type: upload.type, type: 'file' } : { title: upload.name, title_link: link, type: 'file' });
            }
            return {
                senderId,
                token: fromVisitor ? visitor!.token : undefined,
                text: m.text || '',
                t: m.t,
                ...(m.hidden === true ? { hidden: true } : {}),
                attachments: attachments.length ? attachments : undefined,
                fileId,
                ...(m.at ? { createdAt: new Date(m.at) } : {}),
            };
        });
        return ok({ messages: ws.addMessages(rid, messages).map((m) => m.id) });
    }
}
