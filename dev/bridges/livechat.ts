import { IDepartment, ILivechatMessage, ILivechatRoom, ILivechatTransferData, IVisitor } from 'apps-engine-server/definition/livechat';
import { IMessage } from 'apps-engine-server/definition/messages';
import { IUser } from 'apps-engine-server/definition/users';
import { LivechatBridge } from 'apps-engine-server/server/bridges/LivechatBridge';
import { Converter } from '../convert';
import { DevRoom, DevVisitor, Workspace } from '../workspace';

/**
 * What Rocket.Chat's livechat read leaves out: getRoomMessages (apps/meteor/app/livechat/server/lib/getRoomMessages.ts)
 * reads Messages.findVisibleByRoomIdNotContainingTypes (no `_hidden` messages) without these types.
 */
const IGNORED_MESSAGE_TYPES = ['livechat_navigation_history', 'livechat_transcript_history', 'command', 'livechat-close', 'livechat-started', 'livechat_video_call'];

/**
 * The tags a close leaves on the room, or the refusal (resolveChatTags in apps/meteor/app/livechat/server/lib/closeRoom.ts):
 * a department that asks for tags refuses a close from the UI without tags, and any close when it has no closing tags itself.
 */
export function closingTags(ws: Workspace, room: DevRoom, given: string[], clientAction: boolean): string[] {
    const roomTags = given.length ? given : room.tags || [];
    const department = room.departmentId ? ws.department(room.departmentId) : undefined;
    if (!department) {
        return roomTags;
    }
    const withDepartment = Array.from(new Set([...roomTags, ...(department.chatClosingTags || [])]));
    if (department.requestTagBeforeClosingChat && (!(!clientAction || roomTags.length > 0) || !department.chatClosingTags?.length)) {
        throw new Error('error-tags-must-be-assigned-before-closing-chat');
    }
    return withDepartment;
}

export class LocalLivechatBridge extends LivechatBridge {
    /** Reads of a room's messages through this bridge (GET /dev/metrics). */
    public readonly messageReads = { calls: 0, messages: 0, ms: 0 };

    constructor(private readonly ws: Workspace, private readonly convert: Converter) {
        super();
    }

    /** Livechat.online: whether an agent (of the department, when given) is available. */
    protected isOnline(departmentId?: string): boolean {
        const department = departmentId ? this.ws.department(departmentId) : undefined;
        if (departmentId && !department) {
            return false;
        }
        const agents = department ? department.agentIds : this.ws.users().map((u) => u.id);
        return agents.some((id) => this.ws.isOnlineAgent(id));
    }

    protected async isOnlineAsync(departmentId?: string): Promise<boolean> {
        return this.isOnline(departmentId);
    }

    protected async createMessage(message: ILivechatMessage): Promise<string> {
        const visitor = message.visitor?.token ? this.ws.visitorByToken(message.visitor.token) : undefined;
        const senderId = visitor ? visitor.id : message.sender.id;
        return this.ws.addMessage({ rid: message.room.id, senderId, token: visitor?.token, text: message.text || '' }).id;
    }

    protected async getMessageById(messageId: string): Promise<ILivechatMessage> {
        const message = this.ws.message(messageId);
        return message ? (this.convert.message(message) as ILivechatMessage) : (undefined as unknown as ILivechatMessage);
    }

    protected async updateMessage(message: ILivechatMessage): Promise<void> {
        const stored = message.id && this.ws.message(message.id);
        if (stored) {
            this.ws.updateMessage({ ...stored, text: message.text || '' });
        }
    }

    protected async createVisitor(visitor: IVisitor): Promise<string> {
        return this.storeVisitor(visitor).id;
    }

    protected async createAndReturnVisitor(visitor: IVisitor): Promise<IVisitor | undefined> {
        return this.convert.visitor(this.storeVisitor(visitor));
    }

    protected async findVisitors(query: { token?: string; _id?: string }): Promise<IVisitor[]> {
        return this.ws
            .visitors()
            .filter((v) => (!query.token || v.token === query.token) && (!query._id || v.id === query._id))
            .map((v) => this.convert.visitor(v));
    }

    protected async findVisitorById(id: string): Promise<IVisitor | undefined> {
        const visitor = this.ws.visitor(id);
        return visitor && this.convert.visitor(visitor);
    }

    protected async findVisitorByEmail(email: string): Promise<IVisitor | undefined> {
        const visitor = this.ws.visitors().find((v) => v.emails.includes(email));
        return visitor && this.convert.visitor(visitor);
    }

    protected async findVisitorByToken(token: string): Promise<IVisitor | undefined> {
        const visitor = this.ws.visitorByToken(token);
        return visitor && this.convert.visitor(visitor);
    }

    protected async findVisitorByPhoneNumber(phoneNumber: string): Promise<IVisitor | undefined> {
        const visitor = this.ws.visitors().find((v) => v.phone === phoneNumber);
        return visitor && this.convert.visitor(visitor);
    }

    protected async resolveVisitor(): Promise<IVisitor | undefined> {
        return undefined;
    }

    protected async updateVisitorExternalId(): Promise<IVisitor | undefined> {
        return undefined;
    }

    /**
     * As Rocket.Chat's Livechat.transfer (apps/meteor/app/livechat/server/lib/Helper.ts: forwardRoomToAgent,
     * forwardRoomToDepartment): an agent must be online and available (Users.findOneOnlineAgentById), the
     * room must have its inquiry (an open room has one here), and a department needs an available agent
     * other than the one serving the room.
     */
    protected async transferVisitor(_visitor: IVisitor, transfer: ILivechatTransferData): Promise<boolean> {
        const room = this.ws.room(transfer.currentRoom.id);
        if (!room || !room.open) {
            return false;
        }
        const target = transfer.targetAgent?.id ? this.ws.user(transfer.targetAgent.id) : undefined;
        if (transfer.targetAgent?.id && !target?.roles.includes('livechat-agent')) {
            throw new Error('Invalid target agent, cannot transfer');
        }
        if (target && !this.ws.isOnlineAgent(target.id)) {
            throw new Error('error-user-is-offline');
        }
        const department = transfer.targetDepartment ? this.ws.department(transfer.targetDepartment) : undefined;
        if (transfer.targetDepartment && !department) {
            throw new Error('error-invalid-department');
        }
        const departmentAgent = department?.enabled ? department.agentIds.find((id) => id !== room.servedById && this.ws.isOnlineAgent(id)) : undefined;
        if (department && !target && !departmentAgent) {
            throw new Error('error-no-agents-online-in-department');
        }
        const agentId = target?.id || departmentAgent;
        this.ws.updateRoom(room.id, {
            departmentId: department ? department.id : room.departmentId,
            servedById: agentId || room.servedById,
            memberIds: Array.from(new Set([...room.memberIds, ...(agentId ? [agentId] : [])])),
        });
        this.ws.addMessage({ rid: room.id, senderId: agentId || room.servedById || room.visitorId!, t: 'livechat_transfer_history', text: '' });
        return true;
    }

    protected async createRoom(visitor: IVisitor, agent: IUser): Promise<ILivechatRoom> {
        const stored = this.ws.visitorByToken(visitor.token)!;
        const agentId = agent?.id;
        const room = this.ws.createRoom({
            type: 'l',
            name: stored.name,
            visitorId: stored.id,
            servedById: agentId,
            departmentId: stored.department,
            memberIds: agentId ? [agentId, stored.id] : [stored.id],
        });
        return this.convert.room(room) as ILivechatRoom;
    }

    /**
     * As Rocket.Chat's closeRoom (apps/meteor/app/livechat/server/lib/closeRoom.ts: doCloseRoom,
     * resolveChatTags), which the apps bridge calls without a client action and without tags.
     */
    protected async closeRoom(room: ILivechatRoom, comment: string, closer: IUser | undefined): Promise<boolean> {
        const stored = this.ws.room(room.id);
        if (!stored || stored.type !== 'l' || !stored.open) {
            throw new Error('error-room-closed');
        }
        if (this.ws.serverSetting('Livechat_request_comment_when_closing_conversation') === true && !comment?.trim()) {
            throw new Error('error-comment-is-required');
        }
        this.ws.closeRoom(room.id, { closerId: closer?.id, closer: closer ? 'user' : 'visitor', comment, tags: closingTags(this.ws, stored, [], false) });
        return true;
    }

    protected async countOpenRoomsByAgentId(agentId: string): Promise<number> {
        return (await this.findOpenRoomsByAgentId(agentId)).length;
    }

    protected async findOpenRoomsByAgentId(agentId: string): Promise<ILivechatRoom[]> {
        return this.ws
            .rooms()
            .filter((r) => r.type === 'l' && r.open && r.servedById === agentId)
            .map((r) => this.convert.room(r) as ILivechatRoom);
    }

    protected async findRooms(visitor: IVisitor, departmentId: string | null): Promise<ILivechatRoom[]> {
        const stored = this.ws.visitorByToken(visitor.token);
        return this.ws
            .rooms()
            .filter((r) => r.type === 'l' && stored && r.visitorId === stored.id && (!departmentId || r.departmentId === departmentId))
            .map((r) => this.convert.room(r) as ILivechatRoom);
    }

    protected async findDepartmentByIdOrName(value: string): Promise<IDepartment | undefined> {
        const department = this.ws.department(value);
        return department && this.convert.department(department);
    }

    protected async findDepartmentsEnabledWithAgents(): Promise<IDepartment[]> {
        return this.ws
            .departments()
            .filter((d) => d.enabled && d.agentIds.length > 0)
            .map((d) => this.convert.department(d));
    }

    protected async _fetchLivechatRoomMessages(_appId: string, roomId: string): Promise<IMessage[]> {
        this.messageReads.calls++;
        const started = Date.now();
        const room = this.ws.room(roomId);
        if (!room) {
            return [];
        }
        const appRoom = this.convert.room(room);
        const messages = this.ws
            .messages(roomId)
            .filter((m) => !m.hidden && !(m.t && IGNORED_MESSAGE_TYPES.includes(m.t)))
            .map((m) => this.convert.message(m, appRoom));
        this.messageReads.messages += messages.length;
        this.messageReads.ms += Date.now() - started;
        return messages;
    }

    protected async setCustomFields(): Promise<number> {
        return 0;
    }

    private storeVisitor(visitor: IVisitor): DevVisitor {
        const existing = this.ws.visitorByToken(visitor.token);
        if (existing) {
            return existing;
        }
        return this.ws.createVisitor({
            token: visitor.token,
            name: visitor.name,
            username: visitor.username,
            department: visitor.department,
            emails: (visitor.visitorEmails || []).map((e) => e.address),
        });
    }
}
