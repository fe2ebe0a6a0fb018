// Delivery as the scheduler jobs and the close handler start it: the runtime's line, the attempt
// and its channels, wired to the app's accessors.
import { randomBytes } from 'crypto';
import { ILogger, IModify, IPersistence, IRead } from '@rocket.chat/apps-engine/definition/accessors';
import { channelOf, isDue, requestKey, TranscriptRequest } from '../../lib/delivery/requests';
import { REFUSAL_KEYS, settingRefusalIn } from '../../lib/uploadRules';
import { AttemptRecords } from '../attemptRecords';
import { readAppSettings } from '../appSettings';
import { sendDirectMessage } from '../directMessage';
import { translator } from '../i18n';
import { scheduleDelivery } from '../jobs';
import { RequestStore } from '../requestStore';
import { appRecords } from '../store/records';
import { AttemptDeps, attemptDelivery } from './attempt';
import { EmailChannel } from './emailChannel';
import { DeliveryLine, LineDeps, LineJob } from './line';
import { PdfChannel } from './pdfChannel';

/** This runtime's line: one per app process, whatever call started the job. */
export const line = new DeliveryLine();

export interface Delivery {
    store: RequestStore;
    line: DeliveryLine;
    lineDeps: LineDeps;
    attemptDeps: AttemptDeps;
}

export function delivery(read: IRead, modify: IModify, persis: IPersistence, logger?: ILogger): Delivery {
    const records = appRecords(read.getPersistenceReader(), persis);
    const store = new RequestStore(records);
    const isDueNow = async (job: LineJob) => {
        const request = await store.get(job.rid, job.kind);
        return !!request && isDue(request, new Date());
    };
    const schedule = (job: LineJob, when: Date) => scheduleDelivery(modify, job, when);
    const attemptDeps: AttemptDeps = {
        store,
        recordsOf: (key) => new AttemptRecords(records, key),
        channel: (request) =>
            request.kind === 'pdf'
                ? new PdfChannel(read, modify, line.kept, logger)
                : new EmailChannel(read, modify, line.kept, () => isDueNow({ rid: request.rid, kind: 'pdf' }), logger),
        retryDelaysMinutes: async () => (await readAppSettings(read)).retryDelaysMinutes,
        schedule,
        tellRequester: async (request) => {
            // An archive PDF nobody ordered a copy of has nobody to tell: its failure shows in GET and the log.
            const ordered = !request.archive || (await new AttemptRecords(records, requestKey(request)).directCopyOrders()).length > 0;
            if (ordered) {
                await tellRequester(read, modify, request);
            } else {
                logger?.warn(`The archive PDF of room ${request.rid} could not be kept: ${request.lastError || ''}`);
            }
        },
        now: () => new Date(),
        newId: () => randomBytes(8).toString('hex'),
        pause: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    };
    const lineDeps: LineDeps = {
        isDue: isDueNow,
        attempt: (job, handOver) => attemptDelivery(attemptDeps, job, handOver),
        schedule,
        now: () => Date.now(),
    };
    return { store, line, lineDeps, attemptDeps };
}

/** Runs the request for (rid, kind) if it is due. Never throws: the outcome is recorded, or the sweep takes it up again. */
export async function deliver(read: IRead, modify: IModify, persis: IPersistence, job: LineJob, logger?: ILogger): Promise<void> {
    const { lineDeps } = delivery(read, modify, persis, logger);
    await line.run(job, lineDeps);
}

async function tellRequester(read: IRead, modify: IModify, request: TranscriptRequest): Promise<void> {
    const requester = await read.getUserReader().getById(request.requestedBy._id);
    const i18n = translator();
    const language = i18n.resolveLanguage(requester?.settings?.preferences?.language);
    const key = channelOf(request.kind) === 'email' ? 'notify_email_failed' : 'notify_pdf_failed';
    const refusal = settingRefusalIn(request.lastError || '');
    const error = refusal ? i18n.t(language, REFUSAL_KEYS[refusal]) : request.lastError || '';
    try {
        await sendDirectMessage(read, modify, request.requestedBy._id, i18n.t(language, key, { room: request.rid, error }));
    } catch {
        // The failure stays visible in GET livechat/transcript/:rid.
    }
}
