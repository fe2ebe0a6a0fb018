// Daily scheduler job: removes finished transcript requests older than the retention setting.
// A run that has more to remove than its budget allows comes back a minute later.
import { IHttp, IModify, IPersistence, IRead } from '@rocket.chat/apps-engine/definition/accessors';
import { IJobContext, IProcessor, StartupType } from '@rocket.chat/apps-engine/definition/scheduler';
import { readAppSettings } from '../services/appSettings';
import { AttemptRecords } from '../services/attemptRecords';
import { removeExpired } from '../services/delivery/retention';
import { RETENTION_INTERVAL, RETENTION_JOB, scheduleRetention } from '../services/jobs';
import { RequestStore } from '../services/requestStore';
import { appRecords } from '../services/store/records';

/** Well inside the engine's 30 s call limit: other calls wait while it runs. */
const BUDGET_MS = 10_000;

export class RetentionProcessor implements IProcessor {
    public id = RETENTION_JOB;
    public startupSetting = { type: StartupType.RECURRING as const, interval: RETENTION_INTERVAL };

    public async processor(_jobContext: IJobContext, read: IRead, modify: IModify, _http: IHttp, persis: IPersistence): Promise<void> {
        const records = appRecords(read.getPersistenceReader(), persis);
        const { retentionDays } = await readAppSettings(read);
        const result = await removeExpired(new RequestStore(records), (key) => new AttemptRecords(records, key), retentionDays, new Date(), BUDGET_MS);
        if (result === 'more') {
            await scheduleRetention(modify, new Date(Date.now() + 60_000));
        }
    }
}
