// The set-up the integration tests share: a started workspace and its users, visitors, rooms with a
// conversation, app settings for the length of one test, the outbox, a room's transcript request and
// an upload's bytes. startedWorkspace() gives them to a test file (or describe block), bound to its
// workspace and to the room options that file uses everywhere (each call's options override them).
import * as http from 'http';
import { SETTINGS } from '../../lib/settings';
import { parseEml } from './eml';
import { DemoUser, TestWorkspace } from './workspace';

export interface Visitor {
    id: string;
    token: string;
    name: string;
}

export interface VisitorOptions {
    /** Default: a name no other visitor of this test run has. */
    name?: string;
    emails?: string[];
    language?: string;
}

export interface RoomOptions {
    /** The serving agent; default: the demo agent. */
    agent?: DemoUser;
    /** The room's visitor; default: a new one, made with `newVisitor`. */
    visitor?: Visitor;
    /** How that new visitor is made. */
    newVisitor?: VisitorOptions;
    departmentId?: string;
    /** The conversation; default: a visitor's question and the agent's answer. [] for none. */
    messages?: unknown[];
}

export interface ClosedRoomOptions extends RoomOptions {
    /** What the agent closes it with. */
    comment?: string;
    tags?: string[];
}

export interface Room {
    rid: string;
    visitor: Visitor;
}

export const CONVERSATION = [
    { from: 'visitor', text: 'Where is my parcel?' },
    { from: 'agent', text: 'On its way.' },
];

let serial = 0;
/** A name or subject no other call of this test run gets. */
export const unique = (what: string) => `${what} ${process.pid}-${++serial}`;

/**
 * A workspace started before the tests of the file or describe block that calls this, with the
 * demo users read (`users` is filled in then), and stopped after them; the fixtures bound to it.
 */
export function startedWorkspace(roomDefaults: () => ClosedRoomOptions = () => ({})) {
    const ws = new TestWorkspace();
    const users: Record<string, DemoUser> = {};
    beforeAll(async () => {
        await ws.start();
        Object.assign(users, await ws.users());
    });
    afterAll(() => ws.stop());
    return { ws, users, ...fixtures(ws, users, roomDefaults) };
}

function fixtures(ws: TestWorkspace, users: Record<string, DemoUser>, roomDefaults: () => ClosedRoomOptions) {
    /** A new visitor (with guest@example.com unless other addresses are given). */
    async function newVisitor(options: VisitorOptions = {}): Promise<Visitor> {
        const { visitor } = await ws.dev('POST', 'visitors', { emails: ['guest@example.com'], ...options, name: options.name ?? unique('Visitor') });
        return visitor;
    }

    /** The visitor the demo workspace starts with. */
    async function demoVisitor(): Promise<Visitor> {
        return ((await ws.snapshot()) as any).visitors[0];
    }

    /** An open room with a conversation, served by an agent. */
    async function openRoom(options: RoomOptions = {}): Promise<Room> {
        const { agent = users.agent, visitor, newVisitor: visitorOptions, departmentId, messages = CONVERSATION } = { ...roomDefaults(), ...options };
        const roomVisitor = visitor ?? (await newVisitor(visitorOptions));
        const { room } = await ws.dev('POST', 'rooms', { visitorId: roomVisitor.id, agentId: agent.id, departmentId });
        if (messages.length) {
            await ws.dev('POST', `rooms/${room.id}/messages`, { messages });
        }
        return { rid: room.id, visitor: roomVisitor };
    }

    /** A room its agent has closed. */
    async function closedRoom(options: ClosedRoomOptions = {}): Promise<Room> {
        const room = await openRoom(options);
        const { agent = users.agent, comment, tags } = { ...roomDefaults(), ...options };
        await ws.dev('POST', `rooms/${room.rid}/close`, { userId: agent.id, comment, tags });
        return room;
    }

    /** Runs `run` with the app settings given, then puts their defaults back. */
    async function withSettings<T>(values: Record<string, unknown>, run: () => Promise<T>): Promise<T> {
        for (const [id, value] of Object.entries(values)) {
            await ws.dev('POST', 'settings/app', { id, value });
        }
        try {
            return await run();
        } finally {
            for (const id of Object.keys(values)) {
                const setting = SETTINGS.find((s) => s.id === id);
                if (!setting) {
                    throw new Error(`no app setting ${id}`);
                }
                await ws.dev('POST', 'settings/app', { id, value: setting.packageValue });
            }
        }
    }

    /** The outbox's emails to `address`. */
    async function emailsTo(address: string): Promise<any[]> {
        return (await ws.dev('GET', 'outbox')).emails.filter((e: any) => e.to.includes(address));
    }

    /** The outbox's emails with this subject. */
    async function emailsWith(subject: string): Promise<any[]> {
        return (await ws.dev('GET', 'outbox')).emails.filter((e: any) => e.subject === subject);
    }

    /** Waits for the email with this subject: the outbox's entry and the message as sent. */
    async function waitForEmail(subject: string, timeoutMs = 30_000) {
        const email = await ws.waitFor(async () => (await emailsWith(subject))[0], timeoutMs, `email "${subject}"`);
        return { email, eml: parseEml((await ws.request('GET', `/dev/outbox/${email.id}`)).text) };
    }

    /** The room's transcript request as a manager reads it (undefined when there is none). */
    async function transcriptOf(rid: string): Promise<any> {
        return (await ws.api('GET', `livechat/transcript/${rid}`, { user: users.manager })).body.transcript;
    }

    /** A manager asks for the room's transcript by email. */
    async function requestEmail(rid: string, subject: string, email = 'guest@example.com'): Promise<void> {
        const answer = await ws.api('POST', `livechat/transcript/${rid}`, { user: users.manager, body: { email, subject } });
        expect(answer.body).toEqual({ success: true });
    }

    /** The bytes of an upload (a PDF transcript). */
    function download(uploadId: string): Promise<Buffer> {
        return new Promise((resolve, reject) => {
            http.get(ws.url(`/dev/uploads/${uploadId}`), (res) => {
                const chunks: Buffer[] = [];
                res.on('data', (chunk: Buffer) => chunks.push(chunk));
                res.on('end', () => resolve(Buffer.concat(chunks)));
                res.on('error', reject);
            }).on('error', reject);
        });
    }

    return { newVisitor, demoVisitor, openRoom, closedRoom, withSettings, emailsTo, emailsWith, waitForEmail, transcriptOf, requestEmail, download };
}
