// The parts of a Rocket.Chat workspace the app touches: users, visitors, departments,
// rooms, messages, uploads, the outbox. Bridges and dev routes both work through this class.
import { randomBytes } from 'crypto';
import { EventEmitter } from 'events';
import * as fs from 'fs';
import * as path from 'path';
import { JsonStore } from './store';

export interface DevUser {
    id: string;
    username: string;
    name: string;
    roles: string[];
    emails: string[];
    language?: string;
    utcOffset: number;
    authToken?: string;
    type: 'user' | 'app' | 'bot';
    appId?: string;
    createdAt: Date;
    /** Rocket.Chat's presence (`status`), whether the account is active, and an agent's omnichannel availability. */
    status?: 'online' | 'away' | 'busy' | 'offline';
    active?: boolean;
    statusLivechat?: 'available' | 'not-available';
}

export interface DevVisitor {
    id: string;
    token: string;
    username: string;
    name: string;
    emails: string[];
    phone?: string;
    language?: string;
    department?: string;
    createdAt: Date;
}

export interface DevDepartment {
    id: string;
    name: string;
    enabled: boolean;
    agentIds: string[];
    /** Rocket.Chat's department settings for closing: ask for tags; tags every close gets. */
    requestTagBeforeClosingChat?: boolean;
    chatClosingTags?: string[];
}

export interface DevRoom {
    id: string;
    type: 'l' | 'd' | 'c';
    name?: string;
    creatorId?: string;
    memberIds: string[];
    visitorId?: string;
    servedById?: string;
    departmentId?: string;
    open: boolean;
    createdAt: Date;
    updatedAt: Date;
    closedAt?: Date;
    closedById?: string;
    closer?: 'user' | 'visitor' | 'bot';
    tags?: string[];
    survey?: Record<string, string>;
}

export interface DevAttachment {
    title?: string;
    title_link?: string;
    image_url?: string;
    image_type?: string;
    type?: string;
    text?: string;
    author_name?: string;
    /** Quotes link to the quoted message. */
    message_link?: string;
    description?: string;
}

export interface DevMessage {
    id: string;
    rid: string;
    /** A user id or a visitor id (then `token` is set). */
    senderId: string;
    token?: string;
    text: string;
    t?: string;
    createdAt: Date;
    attachments?: DevAttachment[];
    fileId?: string;
    /** Rocket.Chat's `_hidden`: an edited message's old version, a deleted one kept for history. */
    hidden?: boolean;
}

export interface DevUpload {
    id: string;
    rid: string;
    userId?: string;
    visitorToken?: string;
    name: string;
    type: string;
    size: number;
    sha256?: string;
    createdAt: Date;
}

export interface DevEmail {
    id: string;
    file: string;
    to: string[];
    from?: string;
    subject: string;
    sentAt: Date;
}

export interface DevNotification {
    userId: string;
    rid?: string;
    text: string;
    at: Date;
}

/**
 * Rocket.Chat's defaults for the server settings the workspace emulates:
 * apps/meteor/server/settings/email.ts (Email_Header, Email_Footer), apps/meteor/server/settings/file-upload.ts,
 * apps/meteor/app/livechat/server/config.ts (Livechat_request_comment_when_closing_conversation).
 */
export const SERVER_SETTING_DEFAULTS: Record<string, unknown> = {
    Email_Header:
        '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd"><html xmlns="http://www.w3.org/1999/xhtml"><head><!-- If you delete this tag, the sky will fall on your head --><meta name="viewport" content="width=device-width" /><meta http-equiv="Content-Type" content="text/html; charset=UTF-8" /><title>Rocket.Chat Cloud</title></head><body bgcolor="#F7F8FA"><table class="body" bgcolor="#F7F8FA" width="100%"><tr><td><!-- HEADER --><table class="wrap" bgcolor="#F7F8FA"><tr><td class="header container"><div class="header-content"><table bgcolor="#F7F8FA" width="100%"><tr><td><img src="[Site_Url_Slash]assets/logo.png" alt="Rocket.chat" width="150px" /></td></tr></table></div></td></tr></table><!-- /HEADER --></td></tr><tr><td><!-- BODY --><table class="wrap"><tr><td class="container" bgcolor="#FFFFFF"><div class="content"><table><tr><td>',
    Email_Footer:
        '</td></tr></table></div></td></tr></table><!-- /BODY --></td></tr><tr style="margin: 0; padding: 0;"><td style="margin: 0; padding: 0;"><!-- FOOTER --><table class="wrap"><tr><td class="container"><!-- content --><div class="content"><table width="100%"><tr><td align="center" class="social"><a href="https://rocket.chat/blog">Blog</a> | <a href="https://github.com/RocketChat">Github</a> | <a href="https://www.facebook.com/RocketChatApp">Facebook</a> | <a href="https://www.instagram.com/rocket.chat">Instagram</a></td></tr><tr><td align="center"><h6>© Rocket.Chat Technologies Corp.</h6><h6>Made with ❤️ in 🇧🇷 🇨🇦 🇩🇪 🇮🇳 🇬🇧 🇺🇸 </h6></td></tr></table></div><!-- /content --></td></tr></table><!-- /FOOTER --></td></tr></table></body></html>',
    FileUpload_Enabled: true,
    FileUpload_Enabled_Direct: true,
    FileUpload_MaxFileSize: 104857600,
    FileUpload_MediaTypeWhiteList: '',
    FileUpload_MediaTypeBlackList: 'image/svg+xml',
    Livechat_request_comment_when_closing_conversation: false,
};

export const newId = (): string => randomBytes(12).toString('base64url').replace(/[-_]/g, 'x').slice(0, 17);

/** Raised by the workspace for events the engine must hear about (a room closed). */
export type WorkspaceEvents = { roomClosed: [DevRoom] };

export class Workspace extends EventEmitter {
    public readonly uploadsDir: string;
    public readonly outboxDir: string;

    constructor(public readonly store: JsonStore) {
        super();
        this.uploadsDir = path.join(store.dir, 'uploads');
        this.outboxDir = path.join(store.dir, 'outbox');
        fs.mkdirSync(this.uploadsDir, { recursive: true });
        fs.mkdirSync(this.outboxDir, { recursive: true });
    }

    // users
    public users(): DevUser[] {
        return this.store.all<DevUser>('users');
    }

    public user(id: string): DevUser | undefined {
        return this.store.get('users', id);
    }

    public userByUsername(username: string): DevUser | undefined {
        return this.users().find((u) => u.username === username);
    }

    public userByToken(userId: string, token: string): DevUser | undefined {
        const user = this.user(userId);
        return user && user.authToken && user.authToken === token ? user : undefined;
    }

    public createUser(data: Partial<DevUser> & Pick<DevUser, 'username'>): DevUser {
        const user: DevUser = {
            id: newId(),
            name: data.username,
            roles: ['user'],
            emails: [],
            utcOffset: 0,
            type: 'user',
            createdAt: new Date(),
            ...data,
        };
        return this.store.put('users', user.id, user);
    }

    /** Changes a user's presence, activity or omnichannel availability. */
    public updateUser(id: string, changes: Partial<Pick<DevUser, 'status' | 'active' | 'statusLivechat'>>): DevUser {
        return this.store.put('users', id, { ...this.user(id)!, ...changes });
    }

    /**
     * Users.findOneOnlineAgentById (apps/meteor/server/models/raw/Users.ts): an active livechat agent,
     * available for omnichannel, not offline. Users without a recorded status count as online and available.
     */
    public isOnlineAgent(id: string): boolean {
        const user = this.user(id);
        return !!user && user.roles.includes('livechat-agent') && user.active !== false && (user.statusLivechat || 'available') === 'available' && (user.status || 'online') !== 'offline';
    }

    public removeUser(id: string): void {
        this.store.delete('users', id);
    }

    // visitors
    public visitors(): DevVisitor[] {
        return this.store.all<DevVisitor>('visitors');
    }

    public visitor(id: string): DevVisitor | undefined {
        return this.store.get('visitors', id);
    }

    public visitorByToken(token: string): DevVisitor | undefined {
        return this.visitors().find((v) => v.token === token);
    }

    public createVisitor(data: Partial<DevVisitor> & Pick<DevVisitor, 'name'>): DevVisitor {
        const id = data.id || newId();
        const visitor: DevVisitor = {
            token: randomBytes(16).toString('hex'),
            username: `guest-${id.slice(0, 5)}`,
            emails: [],
            createdAt: new Date(),
            ...data,
            id,
        };
        return this.store.put('visitors', visitor.id, visitor);
    }

    // departments
    public departments(): DevDepartment[] {
        return this.store.all<DevDepartment>('departments');
    }

    public department(idOrName: string): DevDepartment | undefined {
        return this.store.get('departments', idOrName) || this.departments().find((d) => d.name === idOrName);
    }

    public createDepartment(data: Partial<DevDepartment> & Pick<DevDepartment, 'name'>): DevDepartment {
        const department: DevDepartment = { id: newId(), enabled: true, agentIds: [], ...data };
        return this.store.put('departments', department.id, department);
    }

    // rooms
    public rooms(): DevRoom[] {
        return this.store.all<DevRoom>('rooms');
    }

    public room(id: string): DevRoom | undefined {
        return this.store.get('rooms', id);
    }

    public createRoom(data: Partial<DevRoom> & Pick<DevRoom, 'type'>): DevRoom {
        const now = new Date();
        const room: DevRoom = { id: newId(), memberIds: [], open: true, createdAt: now, updatedAt: now, ...data };
        return this.store.put('rooms', room.id, room);
    }

    public updateRoom(id: string, changes: Partial<DevRoom>): DevRoom {
        const room = { ...this.room(id)!, ...changes, updatedAt: new Date() };
        return this.store.put('rooms', id, room);
    }

    /**
     * Marks a livechat room closed, then tells the engine, as a workspace does. The comment goes
     * only into the livechat-close message, as in Rocket.Chat (apps/meteor/app/livechat/server/lib/closeRoom.ts).
     */
    public closeRoom(id: string, closing: { closerId?: string; closer: DevRoom['closer']; comment?: string; tags?: string[] }): DevRoom {
        const closedAt = new Date();
        const room = this.updateRoom(id, {
            open: false,
            closedAt,
            closedById: closing.closerId,
            closer: closing.closer,
            ...(closing.tags?.length ? { tags: closing.tags } : {}),
        });
        this.addMessage({ rid: id, senderId: closing.closerId || room.visitorId!, t: 'livechat-close', text: closing.comment || '', createdAt: closedAt });
        this.emit('roomClosed', room);
        return room;
    }

    // messages
    public messages(rid: string): DevMessage[] {
        return this.store.roomMessages<DevMessage>(rid);
    }

    /** A page of a room's messages, read from the room's index: user messages only (no system messages) with `userOnly`. */
    public messagePage(rid: string, page: { userOnly?: boolean; skip?: number; limit?: number; newestFirst?: boolean }): DevMessage[] {
        return this.store.roomMessages<DevMessage>(rid, page);
    }

    public messageCount(rid: string): number {
        return this.store.roomMessageCount(rid);
    }

    public message(id: string): DevMessage | undefined {
        return this.store.message<DevMessage>(id);
    }

    public addMessage(data: Omit<DevMessage, 'id' | 'createdAt'> & Partial<Pick<DevMessage, 'id' | 'createdAt'>>): DevMessage {
        return this.addMessages(data.rid, [data])[0];
    }

    public addMessages(rid: string, list: Array<Omit<DevMessage, 'id' | 'createdAt' | 'rid'> & Partial<DevMessage>>): DevMessage[] {
        const added = list.map((m) => ({ id: newId(), createdAt: new Date(), ...m, rid }));
        this.store.putMessages(added);
        return added;
    }

    /** Replaces a stored message (an edit); it keeps its place in the room. */
    public updateMessage(message: DevMessage): void {
        if (this.message(message.id)) {
            this.store.putMessages([message]);
        }
    }

    // uploads
    public uploads(): DevUpload[] {
        return this.store.all<DevUpload>('uploads');
    }

    public upload(id: string): DevUpload | undefined {
        return this.store.get('uploads', id);
    }

    public uploadPath(id: string): string {
        return path.join(this.uploadsDir, id);
    }

    public saveUpload(details: Omit<DevUpload, 'id' | 'createdAt'>, content: Buffer): DevUpload {
        const upload: DevUpload = { id: newId(), createdAt: new Date(), ...details };
        fs.writeFileSync(this.uploadPath(upload.id), content);
        return this.store.put('uploads', upload.id, upload);
    }

    // outbox
    public emails(): DevEmail[] {
        return this.store.all<DevEmail>('outbox').sort((a, b) => a.sentAt.getTime() - b.sentAt.getTime());
    }

    public saveEmail(email: Omit<DevEmail, 'id' | 'file' | 'sentAt'>, eml: string): DevEmail {
        const id = newId();
        const sentAt = new Date();
        const file = path.join(this.outboxDir, `${sentAt.toISOString().replace(/[:.]/g, '-')}-${id}.eml`);
        fs.writeFileSync(file, eml);
        return this.store.put('outbox', id, { id, file, sentAt, ...email });
    }

    // ephemeral notifications
    public notifications(userId?: string): DevNotification[] {
        const all = this.store.all<DevNotification>('notifications');
        return userId ? all.filter((n) => n.userId === userId) : all;
    }

    public notify(notification: Omit<DevNotification, 'at'>): void {
        this.store.put('notifications', newId(), { ...notification, at: new Date() });
    }

    // server settings
    /** A server setting's value: the one an admin set, else Rocket.Chat's default (SERVER_SETTING_DEFAULTS). */
    public serverSetting(id: string): unknown {
        const stored = this.store.get<{ value: unknown }>('server-settings', id);
        return stored ? stored.value : SERVER_SETTING_DEFAULTS[id];
    }

    public setServerSetting(id: string, value: unknown): void {
        this.store.put('server-settings', id, { value });
    }
}
