// Queues a room's PDF transcript: one request at a time; a failed or finished one starts anew.
import { IModify, IPersistence, IRead } from '@rocket.chat/apps-engine/definition/accessors';
import { IUser } from '@rocket.chat/apps-engine/definition/users';
import { makeDue, newRequest } from '../lib/requests';
import { scheduleDelivery } from './jobs';
import { RequestStore } from './requestStore';

/** Returns false when a PDF for the room is already on its way. */
export async function queuePdf(read: IRead, modify: IModify, persis: IPersistence, rid: string, user: IUser): Promise<boolean> {
    const store = new RequestStore(read.getPersistenceReader(), persis);
    const existing = await store.get(rid, 'pdf');
    if (existing && existing.status === 'pending') {
        return false;
    }
    const now = new Date();
    await store.save(makeDue(newRequest({ rid, kind: 'pdf', requestedBy: { _id: user.id, username: user.username, name: user.name, utcOffset: user.utcOffset } }, now), now));
    await scheduleDelivery(modify, { rid, kind: 'pdf' }, now);
    return true;
}
