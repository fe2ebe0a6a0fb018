import { IMessage, IMessageRaw } from 'apps-engine-server/definition/messages';
import { IRoom, RoomType } from 'apps-engine-server/definition/rooms';
import { IUser } from 'apps-engine-server/definition/users';
import { MessageBridge } from 'apps-engine-server/server/bridges/MessageBridge';
import { RoomBridge } from 'apps-engine-server/server/bridges/RoomBridge';
import { Converter } from '../convert';
import { DevRoom, Workspace } from '../workspace';

const notSupported = (what: string) => () => Promise.reject(new Error(`${what} is not supported by the local workspace`));

export class LocalRoomBridge extends RoomBridge {
    /** Reads of a room's messages through this bridge (GET /dev/metrics). */
    public readonly messageReads = { calls: 0, messages: 0, ms: 0 };

    constructor(private readonly ws: Workspace, private readonly convert: Converter) {
        super();
    }

    protected async create(room: IRoom, members: string[]): Promise<string> {
        const memberIds = members.map((username) => this.ws.userByUsername(username)?.id).filter((id): id is string => !!id);
        const type: DevRoom['type'] = room.type === RoomType.DIRECT_MESSAGE ? 'd' : 'c';
        return this.ws.createRoom({ type, name: room.displayName || room.slugifiedName, creatorId: room.creator?.id, memberIds }).id;
    }

    protected async getById(roomId: string): Promise<IRoom> {
        const room = this.ws.room(roomId);
        return room ? this.convert.room(room) : (undefined as unknown as IRoom);
    }

    protected async getByName(roomName: string): Promise<IRoom> {
        const room = this.ws.rooms().find((r) => r.name === roomName);
        return room ? this.convert.room(room) : (undefined as unknown as IRoom);
    }

    protected async getCreatorById(roomId: string): Promise<IUser | undefined> {
        const creator = this.ws.room(roomId)?.creatorId;
        const user = creator ? this.ws.user(creator) : undefined;
        return user && this.convert.user(user);
    }

    protected async getCreatorByName(roomName: string): Promise<IUser | undefined> {
        const room = this.ws.rooms().find((r) => r.name === roomName);
        return room ? this.getCreatorById(room.id) : undefined;
    }

    protected async getDirectByUsernames(usernames: string[]): Promise<IRoom | undefined> {
        const ids = usernames.map((u) => this.ws.userByUsername(u)?.id);
        const room = this.ws.rooms().find((r) => r.type === 'd' && r.memberIds.length === ids.length && ids.every((id) => id && r.memberIds.includes(id)));
        return room && this.convert.room(room);
    }

    protected async getMembers(roomId: string): Promise<IUser[]> {
        const room = this.ws.room(roomId);
        return (room?.memberIds || []).map((id) => this.ws.user(id)).filter((u) => !!u).map((u) => this.convert.user(u!));
    }

    protected async getAllRooms(): Promise<any[]> {
        return this.ws.rooms().map((r) => this.convert.room(r));
    }

    protected async update(room: IRoom, members: string[]): Promise<void> {
        const stored = this.ws.room(room.id);
        if (stored) {
            const memberIds = members.map((u) => this.ws.userByUsername(u)?.id).filter((id): id is string => !!id);
            this.ws.updateRoom(room.id, { memberIds: Array.from(new Set([...stored.memberIds, ...memberIds])) });
        }
    }

    /** Like Rocket.Chat: user messages only (no system messages), at most 100 per call, in its converter's raw form. */
    protected async getMessages(roomId: string, options: { limit?: number; skip?: number; sort?: { createdAt?: 'asc' | 'desc' } }): Promise<IMessageRaw[]> {
        const started = Date.now();
        const limit = Math.min(options.limit || 100, 100);
        const skip = options.skip || 0;
        const page = this.ws.messagePage(roomId, { userOnly: true, skip, limit, newestFirst: options.sort?.createdAt === 'desc' }).map((m) => this.convert.rawMessage(m));
        this.messageReads.calls++;
        this.messageReads.messages += page.length;
        this.messageReads.ms += Date.now() - started;
        return page;
    }

    protected createDiscussion = notSupported('createDiscussion');
    protected delete = notSupported('room delete');
    protected getModerators = notSupported('getModerators');
    protected getOwners = notSupported('getOwners');
    protected getLeaders = notSupported('getLeaders');
    protected removeUsers = notSupported('removeUsers');
    protected getUnreadByUser = notSupported('getUnreadByUser');
    protected getUserUnreadMessageCount = notSupported('getUserUnreadMessageCount');
}

export class LocalMessageBridge extends MessageBridge {
    constructor(private readonly ws: Workspace, private readonly convert: Converter) {
        super();
    }

    protected async create(message: IMessage): Promise<string> {
        return this.ws.addMessage({ rid: message.room.id, senderId: message.sender.id, text: message.text || '', attachments: message.attachments as any }).id;
    }

    protected async update(message: IMessage): Promise<void> {
        const stored = message.id && this.ws.message(message.id);
        if (stored) {
            this.ws.updateMessage({ ...stored, text: message.text || '' });
        }
    }

    /** Ephemeral: only the user sees it; the local workspace keeps it for /dev/notifications. */
    protected async notifyUser(user: IUser, message: IMessage): Promise<void> {
        this.ws.notify({ userId: user.id, rid: message.room?.id, text: message.text || '' });
    }

    protected async notifyRoom(room: IRoom, message: IMessage): Promise<void> {
        for (const userId of this.ws.room(room.id)?.memberIds || []) {
            this.ws.notify({ userId, rid: room.id, text: message.text || '' });
        }
    }

    protected async getById(messageId: string): Promise<IMessage> {
        const message = this.ws.message(messageId);
        return message ? this.convert.message(message) : (undefined as unknown as IMessage);
    }

    protected async typing(): Promise<void> {}

    protected delete = notSupported('message delete');
    protected addReaction = notSupported('addReaction');
    protected removeReaction = notSupported('removeReaction');
}
