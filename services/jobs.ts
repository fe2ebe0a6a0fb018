// Scheduler jobs: one delivery attempt, a sweep that picks up anything due, and the removal of
// finished requests past retention.
import { IModify } from '@rocket.chat/apps-engine/definition/accessors';
import { TranscriptKind } from '../lib/delivery/requests';

export const DELIVERY_JOB = 'transcript-delivery';
export const SWEEP_JOB = 'transcript-sweep';
export const SWEEP_INTERVAL = '1 minute';
export const RETENTION_JOB = 'transcript-retention';
export const RETENTION_INTERVAL = '1 day';

export interface DeliveryJobData {
    rid: string;
    kind: TranscriptKind;
}

export async function scheduleDelivery(modify: IModify, data: DeliveryJobData, when: Date = new Date()): Promise<void> {
    await modify.getScheduler().scheduleOnce({ id: DELIVERY_JOB, when, data });
}

export async function scheduleRetention(modify: IModify, when: Date): Promise<void> {
    await modify.getScheduler().scheduleOnce({ id: RETENTION_JOB, when });
}
