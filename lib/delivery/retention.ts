// How long finished transcript requests are kept. They hold visitors' email addresses: kept for
// the days the setting says, then removed; 0 keeps them forever.

export const RETENTION_DEFAULT_DAYS = 90;

const DAY_MS = 24 * 60 * 60_000;

/** The UTC day of a date, as listed for retention: "2026-12-06". */
export const dayOf = (date: Date): string => date.toISOString().slice(0, 10);

export const nextDay = (day: string): string => dayOf(new Date(Date.parse(`${day}T00:00:00Z`) + DAY_MS));

/** The setting's value as whole days; anything unusable keeps the default, 0 or less keeps forever. */
export function retentionDays(value: unknown): number {
    if (value === undefined || value === null || String(value).trim() === '') {
        return RETENTION_DEFAULT_DAYS;
    }
    const days = Math.floor(Number(value));
    if (!Number.isFinite(days)) {
        return RETENTION_DEFAULT_DAYS;
    }
    return Math.max(0, days);
}

/**
 * The last day whose finished requests are removed now, or undefined when records are kept
 * forever. A request finished on that day is at least `days` days old.
 */
export function lastExpiredDay(now: Date, days: number): string | undefined {
    return days > 0 ? dayOf(new Date(now.getTime() - (days + 1) * DAY_MS)) : undefined;
}
