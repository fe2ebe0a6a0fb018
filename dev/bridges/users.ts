import { IUser, UserType } from 'apps-engine-server/definition/users';
import { UserBridge } from 'apps-engine-server/server/bridges/UserBridge';
import { Converter } from '../convert';
import { Workspace } from '../workspace';

export class LocalUserBridge extends UserBridge {
    constructor(private readonly ws: Workspace, private readonly convert: Converter) {
        super();
    }

    protected async getById(id: string): Promise<IUser> {
        const user = this.ws.user(id);
        return user ? this.convert.user(user) : (undefined as unknown as IUser);
    }

    protected async getByUsername(username: string): Promise<IUser> {
        const user = this.ws.userByUsername(username);
        return user ? this.convert.user(user) : (undefined as unknown as IUser);
    }

    protected async getAppUser(appId?: string): Promise<IUser | undefined> {
        const user = this.ws.users().find((u) => u.type === 'app' && u.appId === appId);
        return user && this.convert.user(user);
    }

    protected async getActiveUserCount(): Promise<number> {
        return this.ws.users().length;
    }

    protected async getUserUnreadMessageCount(): Promise<number> {
        return 0;
    }

    protected async getUserRoomIds(userId: string): Promise<string[]> {
        return this.ws
            .rooms()
            .filter((r) => r.memberIds.includes(userId))
            .map((r) => r.id);
    }

    protected async create(data: Partial<IUser>, appId: string): Promise<string> {
        const existing = this.ws.userByUsername(data.username!);
        if (existing) {
            return existing.id;
        }
        const type = data.type === UserType.APP ? 'app' : data.type === UserType.BOT ? 'bot' : 'user';
        return this.ws.createUser({ username: data.username!, name: data.name || data.username!, roles: data.roles || [], type, appId }).id;
    }

    protected async remove(user: IUser): Promise<boolean> {
        this.ws.removeUser(user.id);
        return true;
    }

    protected async update(): Promise<boolean> {
        return true;
    }

    protected async deleteUsersCreatedByApp(appId: string): Promise<boolean> {
        this.ws.users().filter((u) => u.appId === appId).forEach((u) => this.ws.removeUser(u.id));
        return true;
    }

    protected async deactivate(): Promise<boolean> {
        return true;
    }
}
