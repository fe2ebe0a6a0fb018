// Which time zone a transcript is shown in, from the app setting.
import { isValidTimeZone } from './transcript/format';

export interface TimeZoneFacts {
    /** The workspace server's zone. */
    serverZone: string;
    /** The requester's UTC offset in hours (Rocket.Chat's `utcOffset`). */
    requesterUtcOffset?: number;
    /** The visitor's zone, when the workspace knows it. */
    visitorZone?: string;
}

/** UTC+2 -> "Etc/GMT-2" (IANA's Etc zones count the other way). Fractional offsets have no Etc zone. */
export function zoneForUtcOffset(offsetHours: number): string | undefined {
    if (!Number.isInteger(offsetHours) || Math.abs(offsetHours) > 14) {
        return undefined;
    }
    return offsetHours === 0 ? 'UTC' : `Etc/GMT${offsetHours > 0 ? '-' : '+'}${Math.abs(offsetHours)}`;
}

/** Setting values: `server`, `requester`, `visitor`, or an IANA zone name. Falls back to the server's zone, then UTC. */
export function resolveTimeZone(setting: string, facts: TimeZoneFacts): string {
    const server = isValidTimeZone(facts.serverZone) ? facts.serverZone : 'UTC';
    switch (setting) {
        case 'server':
        case '':
            return server;
        case 'requester':
            return (facts.requesterUtcOffset !== undefined && zoneForUtcOffset(facts.requesterUtcOffset)) || server;
        case 'visitor':
            return facts.visitorZone && isValidTimeZone(facts.visitorZone) ? facts.visitorZone : server;
        default:
            return isValidTimeZone(setting) ? setting : server;
    }
}
