// Recurring scheduler job: delivers whatever is due, so that nothing waits forever on a lost
// job (an engine restart, a disabled app) and interrupted attempts are settled. It reads open work only.
import { IHttp, IModify, IPersistence, IRead } from '@rocket.chat/apps-engine/definition/accessors';
import { IJobContext, IProcessor, StartupType } from '@rocket.chat/apps-engine/definition/scheduler';
import { App } from '@rocket.chat/apps-engine/definition/App';
import { delivery } from '../services/delivery/deliver';
import { sweep } from '../services/delivery/sweep';
import { jobLogger } from './jobLogger';
import { SWEEP_INTERVAL, SWEEP_JOB } from '../services/jobs';

export class SweepProcessor implements IProcessor {
    public id = SWEEP_JOB;
    public startupSetting = { type: StartupType.RECURRING as const, interval: SWEEP_INTERVAL };

    constructor(private readonly app?: App) {}

    public async processor(_jobContext: IJobContext, read: IRead, modify: IModify, _http: IHttp, persis: IPersistence): Promise<void> {
        await sweep(read, delivery(read, modify, persis, jobLogger(this, this.app)));
    }
}
