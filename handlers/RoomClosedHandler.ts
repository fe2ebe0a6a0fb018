// IPostLivechatRoomClosed: fires however the room closed (this app, the workspace UI, the visitor).
// It orders what the close-time settings ask for and makes waiting requests due; delivery runs in
// scheduler jobs, so it returns fast.
import { IModify, IPersistence, IRead } from '@rocket.chat/apps-engine/definition/accessors';
import { ILivechatRoom } from '@rocket.chat/apps-engine/definition/livechat';
import { onRoomClosed } from '../services/transcriptOrders';

export async function handleRoomClosed(room: ILivechatRoom, read: IRead, modify: IModify, persis: IPersistence): Promise<void> {
    await onRoomClosed(read, modify, persis, room);
}
