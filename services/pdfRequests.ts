// Queues a room's PDF transcript: one request at a time; a failed or finished one starts anew.
import { IModify, IPersistence, IRead } from '@rocket.chat/apps-engine/definition/accessors';
import { IUser } from '@rocket.chat/apps-engine/definition/users';
import { makeDue, mayOrderNew, newRequest } from '../lib/requests';
import { pdfOrderRefusal } from '../lib/uploadRules';
import { findLivechatRoom } from './guards';
import { scheduleDelivery } from './jobs';
import { RequestStore } from './requestStore';
import { appRecords } from './store/records';
import { AccessProblem, requesterOf, transcriptAccessProblem } from './transcriptRequests';
import { readUploadSettings } from './uploadSettings';

export type PdfRequestResult = 'queued' | 'waiting-for-close' | 'already-requested' | AccessProblem | PdfOrderRefusal;

/** The workspace takes no PDF uploads at all (FileUpload_Enabled off, or PDFs not an accepted type). */
export type PdfOrderRefusal = NonNullable<ReturnType<typeof pdfOrderRefusal>>;

/** Why no PDF transcript can be made in this workspace now, if so: said at once rather than after the retries. */
export async function pdfRefusal(read: IRead): Promise<PdfOrderRefusal | undefined> {
    return pdfOrderRefusal(await readUploadSettings(read));
}

/**
 * Returns false when a PDF for the room is already on its way. `now` queues it at once; `at-close`
 * stores it waiting, and the room-closed handler makes it due.
 */
export async function queuePdf(read: IRead, modify: IModify, persis: IPersistence, rid: string, user: IUser, when: 'now' | 'at-close' = 'now'): Promise<boolean> {
    const store = new RequestStore(appRecords(read.getPersistenceReader(), persis));
    const existing = await store.get(rid, 'pdf');
    if (!mayOrderNew(existing)) {
        return false;
    }
    const now = new Date();
    const request = newRequest({ rid, kind: 'pdf', requestedBy: requesterOf(user) }, now);
    if (when === 'at-close') {
        await store.save(request);
        return true;
    }
    await store.save(makeDue(request, now));
    await scheduleDelivery(modify, { rid, kind: 'pdf' }, now);
    return true;
}

/** The PDF of a closed room now, of an open room at its close. */
export async function requestPdfTranscript(read: IRead, modify: IModify, persis: IPersistence, user: IUser, rid: unknown): Promise<PdfRequestResult> {
    const room = await findLivechatRoom(read, rid);
    if (!room) {
        return 'invalid-room';
    }
    const problem = await transcriptAccessProblem(read, user, room, 'pdf');
    if (problem) {
        return problem;
    }
    const refused = await pdfRefusal(read);
    if (refused) {
        return refused;
    }
    if (!(await queuePdf(read, modify, persis, room.id, user, room.isOpen ? 'at-close' : 'now'))) {
        return 'already-requested';
    }
    return room.isOpen ? 'waiting-for-close' : 'queued';
}
