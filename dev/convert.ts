// Converts the workspace's records into the shapes the Apps-Engine hands to apps.
import { IDepartment, ILivechatRoom, IVisitor } from 'apps-engine-server/definition/livechat';
import { IMessage, IMessageAttachment, IMessageRaw } from 'apps-engine-server/definition/messages';
import { IRoom, RoomType } from 'apps-engine-server/definition/rooms';
import { IUpload } from 'apps-engine-server/definition/uploads';
import { StoreType } from 'apps-engine-server/definition/uploads/StoreType';
import { IUser, UserStatusConnection, UserType } from 'apps-engine-server/definition/users';
import { DevAttachment, DevDepartment, DevMessage, DevRoom, DevUpload, DevUser, DevVisitor, Workspace } from './workspace';

const ROOM_TYPES: Record<DevRoom['type'], RoomType> = { l: RoomType.LIVE_CHAT, d: RoomType.DIRECT_MESSAGE, c: RoomType.CHANNEL };

const CONNECTION: Record<NonNullable<DevUser['status']>, UserStatusConnection> = {
    online: UserStatusConnection.ONLINE,
    away: UserStatusConnection.AWAY,
    busy: UserStatusConnection.BUSY,
    offline: UserStatusConnection.OFFLINE,
};

export class Converter {
    constructor(private readonly ws: Workspace) {}

    public user(user: DevUser): IUser {
        return {
            id: user.id,
            username: user.username,
            name: user.name,
            emails: user.emails.map((address) => ({ address, verified: true })),
            type: user.type === 'app' ? UserType.APP : user.type === 'bot' ? UserType.BOT : UserType.USER,
            isEnabled: user.active !== false,
            roles: user.roles,
            status: user.status || 'online',
            statusConnection: CONNECTION[user.status || 'online'],
            utcOffset: user.utcOffset,
            createdAt: user.createdAt,
            updatedAt: user.createdAt,
            lastLoginAt: user.createdAt,
            settings: { preferences: user.language ? { language: user.language } : {} },
            ...(user.appId ? { appId: user.appId } : {}),
        };
    }

    public visitor(visitor: DevVisitor): IVisitor {
        return {
            id: visitor.id,
            token: visitor.token,
            username: visitor.username,
            name: visitor.name,
            department: visitor.department,
            visitorEmails: visitor.emails.map((address) => ({ address })),
            phone: visitor.phone ? [{ phoneNumber: visitor.phone }] : [],
            updatedAt: visitor.createdAt,
            livechatData: visitor.language ? { language: visitor.language } : {},
        };
    }

    /** A visitor as the sender of a message: the engine hands apps an IUser-shaped sender. */
    public visitorAsUser(visitor: DevVisitor): IUser {
        return {
            id: visitor.id,
            username: visitor.username,
            name: visitor.name,
            emails: visitor.emails.map((address) => ({ address, verified: false })),
            type: UserType.USER,
            isEnabled: true,
            roles: ['livechat-guest'],
            status: 'online',
            statusConnection: UserStatusConnection.ONLINE,
            utcOffset: 0,
            createdAt: visitor.createdAt,
            updatedAt: visitor.createdAt,
            lastLoginAt: visitor.createdAt,
        };
    }

    public department(department: DevDepartment): IDepartment {
        // Rocket.Chat's department record as apps get it; the definition types requestTagBeforeClosingChat as `false` only.
        const closing: Record<string, unknown> = {
            ...(department.requestTagBeforeClosingChat ? { requestTagBeforeClosingChat: true } : {}),
            ...(department.chatClosingTags?.length ? { chatClosingTags: department.chatClosingTags } : {}),
        };
        return {
            ...closing,
            id: department.id,
            name: department.name,
            enabled: department.enabled,
            updatedAt: new Date(0),
            numberOfAgents: department.agentIds.length,
            showOnOfflineForm: true,
            showOnRegistration: true,
        };
    }

    public room(room: DevRoom): IRoom | ILivechatRoom {
        const creator = room.creatorId && this.ws.user(room.creatorId);
        const base: IRoom = {
            id: room.id,
            type: ROOM_TYPES[room.type],
            slugifiedName: room.name || room.id,
            displayName: room.name,
            creator: creator ? this.user(creator) : (undefined as unknown as IUser),
            usernames: this.usernames(room),
            userIds: room.memberIds,
            isDefault: false,
            isReadOnly: false,
            displaySystemMessages: true,
            messageCount: this.ws.messageCount(room.id),
            createdAt: room.createdAt,
            updatedAt: room.updatedAt,
        };
        if (room.type !== 'l') {
            return base;
        }
        const visitor = room.visitorId ? this.ws.visitor(room.visitorId) : undefined;
        const servedBy = room.servedById ? this.ws.user(room.servedById) : undefined;
        const closedBy = room.closedById ? this.ws.user(room.closedById) : undefined;
        const department = room.departmentId ? this.ws.department(room.departmentId) : undefined;
        // Rocket.Chat's room converter (apps/meteor/app/apps/server/converters/rooms.ts) maps
        // `isOpen: 'open'` and copies only defined fields: a closed room's `open` is unset
        // (LivechatRooms.closeRoomById: `$unset: { open: 1 }`), so `isOpen` is absent, never false.
        // Fields it does not map (`tags`, `surveyFeedback`) reach apps under `_unmappedProperties_`;
        // the close comment is not on the room at all (closeRoom writes it into the livechat-close message).
        const unmapped: Record<string, unknown> = {};
        if (room.tags?.length) {
            unmapped.tags = room.tags;
        }
        if (room.survey) {
            unmapped.surveyFeedback = Object.entries(room.survey).map(([name, value]) => ({ name, value }));
        }
        const livechat: ILivechatRoom & Record<string, unknown> = {
            ...base,
            visitor: visitor ? this.visitor(visitor) : (undefined as unknown as IVisitor),
            servedBy: servedBy ? this.user(servedBy) : undefined,
            department: department ? this.department(department) : undefined,
            ...(room.open ? { isOpen: true } : {}),
            isWaitingResponse: false,
            closer: room.closer as ILivechatRoom['closer'],
            closedBy: closedBy ? this.user(closedBy) : undefined,
            closedAt: room.closedAt,
            ...(Object.keys(unmapped).length ? { _unmappedProperties_: unmapped } : {}),
        } as ILivechatRoom & Record<string, unknown>;
        return livechat;
    }

    public message(message: DevMessage, room?: IRoom): IMessage & Record<string, unknown> {
        const sender = this.ws.user(message.senderId);
        const visitor = sender ? undefined : this.ws.visitor(message.senderId);
        return {
            ...this.messageFields(message),
            room: room || this.room(this.ws.room(message.rid)!),
            sender: sender ? this.user(sender) : visitor ? this.visitorAsUser(visitor) : (undefined as unknown as IUser),
            type: message.t as IMessage['type'],
        };
    }

    /** Rocket.Chat's `convertMessageRaw`: the sender as a lookup, no room. */
    public rawMessage(message: DevMessage): IMessageRaw & { token?: string } {
        const sender = this.ws.user(message.senderId) || this.ws.visitor(message.senderId);
        return {
            ...this.messageFields(message),
            roomId: message.rid,
            sender: { _id: message.senderId, username: sender?.username || '', name: sender?.name },
        };
    }

    /** What both message forms carry alike. */
    private messageFields(message: DevMessage) {
        const file = message.fileId ? this.ws.upload(message.fileId) : undefined;
        return {
            id: message.id,
            text: message.text,
            createdAt: message.createdAt,
            updatedAt: message.createdAt,
            groupable: false,
            attachments: message.attachments?.map((a) => this.attachment(a, message.fileId)),
            file: file ? { _id: file.id, name: file.name, type: file.type } : undefined,
            token: message.token,
        };
    }

    /** Rocket.Chat's converter renames the stored attachment fields for apps. */
    public attachment(a: DevAttachment, fileId?: string): IMessageAttachment {
        return {
            text: a.text,
            description: a.description,
            type: a.type,
            imageUrl: a.image_url,
            title: a.title || a.title_link ? { value: a.title, link: a.title_link } : undefined,
            author: a.author_name ? { name: a.author_name } : undefined,
            timestampLink: a.message_link,
            fileId: a.type === 'file' ? fileId : undefined,
        };
    }

    public upload(upload: DevUpload): IUpload {
        const room = this.ws.room(upload.rid);
        const user = upload.userId ? this.ws.user(upload.userId) : undefined;
        return {
            id: upload.id,
            name: upload.name,
            size: String(upload.size),
            type: upload.type,
            extension: upload.name.split('.').pop() || '',
            etag: upload.sha256 || upload.id,
            path: `/file-upload/${upload.id}/${encodeURIComponent(upload.name)}`,
            token: upload.id,
            url: `/file-upload/${upload.id}/${encodeURIComponent(upload.name)}`,
            progress: 1,
            uploading: false,
            complete: true,
            updatedAt: upload.createdAt,
            uploadedAt: upload.createdAt,
            store: StoreType.FileSystem,
            room: room ? this.room(room) : (undefined as unknown as IRoom),
            user: user ? this.user(user) : undefined,
        };
    }

    private usernames(room: DevRoom): string[] {
        return room.memberIds.map((id) => this.ws.user(id)?.username || this.ws.visitor(id)?.username).filter((u): u is string => !!u);
    }
}
