// Direct messages from the app user to a person (failures, PDF copies).
import { IModify, IRead } from '@rocket.chat/apps-engine/definition/accessors';
import { IRoom, RoomType } from '@rocket.chat/apps-engine/definition/rooms';
import { IUser } from '@rocket.chat/apps-engine/definition/users';

export async function directRoomWith(read: IRead, modify: IModify, userId: string): Promise<{ room: IRoom; appUser: IUser; user: IUser }> {
    const appUser = await read.getUserReader().getAppUser();
    const user = await read.getUserReader().getById(userId);
    if (!appUser || !user) {
        throw new Error('The app user or the recipient does not exist');
    }
    const existing = await read.getRoomReader().getDirectByUsernames([appUser.username, user.username]);
    if (existing) {
        return { room: existing, appUser, user };
    }
    const builder = modify.getCreator().startRoom().setType(RoomType.DIRECT_MESSAGE).setCreator(appUser).setMembersToBeAddedByUsernames([appUser.username, user.username]);
    const roomId = await modify.getCreator().finish(builder);
    return { room: (await read.getRoomReader().getById(roomId))!, appUser, user };
}

export async function sendDirectMessage(read: IRead, modify: IModify, userId: string, text: string): Promise<void> {
    const { room, appUser } = await directRoomWith(read, modify, userId);
    await modify.getCreator().finish(modify.getCreator().startMessage().setRoom(room).setSender(appUser).setText(text));
}
