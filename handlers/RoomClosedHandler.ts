// IPostLivechatRoomClosed: fires however the room closed (this app, the workspace UI, the visitor).
// It only records that waiting requests are now due and schedules their delivery, so it returns fast.
import { IModify, IPersistence, IRead } from '@rocket.chat/apps-engine/definition/accessors';
import { ILivechatRoom } from '@rocket.chat/apps-engine/definition/livechat';
import { isWaiting, makeDue } from '../lib/requests';
import { scheduleDelivery } from '../services/jobs';
import { RequestStore } from '../services/requestStore';
import { appRecords } from '../services/store/records';

export async function handleRoomClosed(room: ILivechatRoom, read: IRead, modify: IModify, persis: IPersistence): Promise<void> {
    const store = new RequestStore(appRecords(read.getPersistenceReader(), persis));
    const now = new Date();
    for (const { kind } of await store.forRoom(room.id)) {
        // Read again right before the write, so a delivery that just finished is never overwritten.
        const request = await store.get(room.id, kind);
        if (request && isWaiting(request)) {
            await store.save(makeDue(request, now), now);
            await scheduleDelivery(modify, { rid: room.id, kind }, now);
        }
    }
}
