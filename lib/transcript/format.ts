// Date, time and duration formatting for transcripts, in the transcript's language and time zone.
// Intl formatters are costly to create, so each (kind, language, zone) is built once and cached.
//
// The time zone must be a valid IANA zone: callers check it with isValidTimeZone() (or use
// safeTimeZone()) and fall back to 'UTC'; Intl throws a RangeError for an unknown zone.

type DateKind = 'dateTime' | 'time' | 'day' | 'dayKey' | 'offset';

const DATE_OPTIONS: Record<DateKind, Intl.DateTimeFormatOptions> = {
    dateTime: { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' },
    time: { hour: '2-digit', minute: '2-digit' },
    day: { weekday: 'long', year: 'numeric', month: 'long', day: 'numeric' },
    dayKey: { year: 'numeric', month: '2-digit', day: '2-digit' },
    // 'shortOffset' ("GMT+1") is ES2021; timeZoneLabel() falls back to 'short' where it is missing.
    offset: { timeZoneName: 'shortOffset' as Intl.DateTimeFormatOptions['timeZoneName'] },
};

const dateFormats = new Map<string, Intl.DateTimeFormat>();
const numberFormats = new Map<string, Intl.NumberFormat>();
const validZones = new Map<string, boolean>();

/** A locale Intl accepts: 'pt_BR' -> 'pt-BR'; malformed tags -> 'en'. */
function intlLocale(language: string): string {
    const tag = (language || 'en').replace(/_/g, '-');
    try {
        Intl.getCanonicalLocales(tag);
        return tag;
    } catch {
        return 'en';
    }
}

function dateFormat(kind: DateKind, language: string, timeZone: string): Intl.DateTimeFormat {
    const cacheKey = `${kind}|${language}|${timeZone}`;
    let format = dateFormats.get(cacheKey);
    if (!format) {
        // Day keys must be machine-readable: fixed locale with Latin digits.
        const locale = kind === 'dayKey' ? 'en-US' : intlLocale(language);
        format = new Intl.DateTimeFormat(locale, { ...DATE_OPTIONS[kind], timeZone });
        dateFormats.set(cacheKey, format);
    }
    return format;
}

/** "Mar 2, 2026, 09:05 AM" (order and words per language). */
export function formatDateTime(ms: number, language: string, timeZone: string): string {
    return dateFormat('dateTime', language, timeZone).format(ms);
}

/** Hours and minutes: "09:05" / "09:05 AM". */
export function formatTime(ms: number, language: string, timeZone: string): string {
    return dateFormat('time', language, timeZone).format(ms);
}

/** Full date for day dividers: "Monday, March 2, 2026", "Montag, 2. März 2026". */
export function formatDay(ms: number, language: string, timeZone: string): string {
    return dateFormat('day', language, timeZone).format(ms);
}

/** "YYYY-MM-DD" of the instant in that zone; compare keys to detect a new day. */
export function dayKey(ms: number, timeZone: string): string {
    const parts = dateFormat('dayKey', 'en-US', timeZone).formatToParts(ms);
    const part = (type: string) => (parts.find((p) => p.type === type) || { value: '' }).value;
    return `${part('year')}-${part('month')}-${part('day')}`;
}

const DURATION_UNITS: Array<{ unit: 'hour' | 'minute' | 'second'; ms: number; short: string }> = [
    { unit: 'hour', ms: 3600000, short: 'h' },
    { unit: 'minute', ms: 60000, short: 'min' },
    { unit: 'second', ms: 1000, short: 's' },
];

function formatUnit(value: number, unit: 'hour' | 'minute' | 'second', short: string, language: string): string {
    const cacheKey = `${unit}|${language}`;
    let format = numberFormats.get(cacheKey);
    if (!format) {
        try {
            format = new Intl.NumberFormat(intlLocale(language), { style: 'unit', unit, unitDisplay: 'short' });
        } catch {
            // Engines without unit formatting.
            return `${value} ${short}`;
        }
        numberFormats.set(cacheKey, format);
    }
    return format.format(value);
}

/**
 * Human duration with its two largest non-zero units: "1 hr 5 min", "12 min 4 sec", "45 sec".
 * Negative or invalid durations count as zero.
 */
export function formatDuration(ms: number, language: string): string {
    let rest = Math.floor(Number.isFinite(ms) && ms > 0 ? ms : 0);
    const parts: string[] = [];
    for (const { unit, ms: unitMs, short } of DURATION_UNITS) {
        const value = Math.floor(rest / unitMs);
        rest -= value * unitMs;
        if (value > 0 && parts.length < 2) {
            parts.push(formatUnit(value, unit, short, language));
        } else if (parts.length > 0) {
            break; // a zero unit after a shown one ends it ("2 hr", not "2 hr 4 sec")
        }
    }
    return parts.length > 0 ? parts.join(' ') : formatUnit(0, 'second', 's', language);
}

/** True when Intl knows the IANA zone ("Europe/Berlin", "UTC"). */
export function isValidTimeZone(zone: string | undefined): zone is string {
    if (!zone) {
        return false;
    }
    let valid = validZones.get(zone);
    if (valid === undefined) {
        try {
            new Intl.DateTimeFormat('en-US', { timeZone: zone });
            valid = true;
        } catch {
            valid = false;
        }
        validZones.set(zone, valid);
    }
    return valid;
}

/** The zone itself when valid, else 'UTC'. */
export function safeTimeZone(zone: string | undefined): string {
    return isValidTimeZone(zone) ? zone : 'UTC';
}

/**
 * "Europe/Berlin (GMT+1)" with the offset in effect at `ms`; plain "UTC" for UTC, and only the
 * offset ("GMT+2") for fixed-offset Etc zones, whose names have the sign reversed ("Etc/GMT-2").
 */
export function timeZoneLabel(zone: string, ms: number, language: string): string {
    if (/^(Etc\/)?(UTC|GMT|UCT|Zulu|Universal)$/i.test(zone)) {
        return 'UTC';
    }
    let format: Intl.DateTimeFormat;
    try {
        format = dateFormat('offset', language, zone);
    } catch {
        format = new Intl.DateTimeFormat(intlLocale(language), { timeZone: zone, timeZoneName: 'short' });
    }
    const name = format.formatToParts(ms).find((part) => part.type === 'timeZoneName');
    if (!name) {
        return zone;
    }
    return /^Etc\//i.test(zone) ? name.value : `${zone} (${name.value})`;
}

/** Every formatting a renderer needs, bound to one language and time zone. */
export function boundFormat(language: string, timeZone: string) {
    return {
        dateTime: (ms: number) => formatDateTime(ms, language, timeZone),
        time: (ms: number) => formatTime(ms, language, timeZone),
        day: (ms: number) => formatDay(ms, language, timeZone),
        dayKey: (ms: number) => dayKey(ms, timeZone),
        timeZoneLabel: (ms: number) => timeZoneLabel(timeZone, ms, language),
        duration: (ms: number) => formatDuration(ms, language),
    };
}
