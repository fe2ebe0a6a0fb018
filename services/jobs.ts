// Scheduler jobs: one delivery attempt, and a sweep that picks up anything due.
import { IModify } from '@rocket.chat/apps-engine/definition/accessors';
import { TranscriptKind } from '../lib/requests';

export const DELIVERY_JOB = 'transcript-delivery';
export const SWEEP_JOB = 'transcript-sweep';
export const SWEEP_INTERVAL = '1 minute';

export interface DeliveryJobData {
    rid: string;
    kind: TranscriptKind;
}

export async function scheduleDelivery(modify: IModify, data: DeliveryJobData, when: Date = new Date()): Promise<void> {
    await modify.getScheduler().scheduleOnce({ id: DELIVERY_JOB, when, data });
}
