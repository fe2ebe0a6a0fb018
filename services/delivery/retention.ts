// Removes finished transcript requests older than the retention setting, a day at a time, oldest
// first, within a time budget per run.
import { lastExpiredDay, nextDay } from '../../lib/delivery/retention';
import { AttemptRecords } from '../attemptRecords';
import { RequestStore } from '../requestStore';
import { RETENTION_CURSOR } from './takeover';

/** Requests removed between two looks at the clock. */
const BATCH = 200;

/** Returns 'more' when the budget ran out before every expired day was done. */
export async function removeExpired(store: RequestStore, recordsOf: (key: string) => AttemptRecords, days: number, now: Date, budgetMs: number, clock = Date.now): Promise<'done' | 'more'> {
    const last = lastExpiredDay(now, days);
    if (!last) {
        return 'done';
    }
    const cursor = await store.meta<{ nextDay: string }>(RETENTION_CURSOR);
    if (!cursor) {
        // The first sweep has not taken over older records yet: it sets where retention starts.
        return 'done';
    }
    const started = clock();
    let day = cursor.nextDay;
    while (day <= last) {
        const entries = await store.finishedOn(day);
        for (const entry of entries.slice(0, BATCH)) {
            await recordsOf(entry.key).removeAll();
            await store.forget(entry, day);
        }
        if (clock() - started > budgetMs) {
            return 'more';
        }
        if (entries.length <= BATCH) {
            day = nextDay(day);
            await store.putMeta(RETENTION_CURSOR, { nextDay: day });
        }
    }
    return 'done';
}
