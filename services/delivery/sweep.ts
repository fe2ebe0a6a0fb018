// The recurring sweep, on every instance: delivers open work that is due, and requests still
// waiting for a close the app never heard (it was disabled or down). It reads open work only.
import { IRead } from '@rocket.chat/apps-engine/definition/accessors';
import { ILivechatRoom } from '@rocket.chat/apps-engine/definition/livechat';
import { isDue, isFinished, isWaiting, makeDue } from '../../lib/delivery/requests';
import { OpenWork } from '../requestStore';
import { Delivery } from './deliver';
import { takeOverOlderRecords } from './takeover';

export async function sweep(read: IRead, delivery: Delivery, now = new Date()): Promise<void> {
    await takeOverOlderRecords(delivery.store, delivery.attemptDeps.recordsOf, now);
    for (const work of await delivery.store.openWork()) {
        try {
            await sweepOne(read, delivery, work, now);
        } catch {
            // Left for the next sweep.
        }
    }
}

async function sweepOne(read: IRead, { store, line, lineDeps }: Delivery, work: OpenWork, now: Date): Promise<void> {
    const job = { rid: work.rid, kind: work.kind };
    if (line.isRunning(job)) {
        return;
    }
    const request = await store.get(work.rid, work.kind);
    if (!request || isFinished(request)) {
        // A mark left behind: finished work is listed for retention and no longer open.
        if (request) {
            await store.listFinished(request, new Date(request.deliveredAt || now));
        }
        await store.unmarkOpen(work.rid, work.kind, now);
        return;
    }
    if (isWaiting(request)) {
        if (await roomIsOpen(read, work.rid)) {
            return;
        }
        await store.save(makeDue(request, now), now);
    } else if (!isDue(request, now)) {
        return;
    }
    await line.run(job, lineDeps);
}

/** Rocket.Chat unsets a closed room's `open` (LivechatRooms.closeRoomById), so a closed room has no `isOpen` at all. */
async function roomIsOpen(read: IRead, rid: string): Promise<boolean> {
    const room = (await read.getRoomReader().getById(rid)) as ILivechatRoom | undefined;
    return room?.isOpen === true;
}
