// Scheduler job: one delivery attempt for a room's email or PDF transcript.
import { IHttp, IModify, IPersistence, IRead } from '@rocket.chat/apps-engine/definition/accessors';
import { IJobContext, IProcessor } from '@rocket.chat/apps-engine/definition/scheduler';
import { App } from '@rocket.chat/apps-engine/definition/App';
import { deliver } from '../services/delivery/deliver';
import { jobLogger } from './jobLogger';
import { DELIVERY_JOB, DeliveryJobData } from '../services/jobs';

export class DeliveryProcessor implements IProcessor {
    public id = DELIVERY_JOB;

    constructor(private readonly app?: App) {}

    public async processor(jobContext: IJobContext, read: IRead, modify: IModify, _http: IHttp, persis: IPersistence): Promise<void> {
        const { rid, kind } = jobContext as DeliveryJobData;
        await deliver(read, modify, persis, { rid, kind }, jobLogger(this, this.app));
    }
}
