import {
    dayKey,
    formatDateTime,
    formatDay,
    formatDuration,
    formatTime,
    isValidTimeZone,
    safeTimeZone,
    timeZoneLabel,
} from '../../lib/transcript/format';

// Monday 2 March 2026, 08:05 UTC (09:05 in Berlin, winter time).
const MARCH_2 = Date.UTC(2026, 2, 2, 8, 5);
const JULY_1 = Date.UTC(2026, 6, 1, 12, 0);

describe('dates and times', () => {
    test('formatTime shows hours and minutes in the zone', () => {
        expect(formatTime(MARCH_2, 'de', 'Europe/Berlin')).toBe('09:05');
        expect(formatTime(MARCH_2, 'en-GB', 'UTC')).toBe('08:05');
        expect(formatTime(MARCH_2, 'en', 'America/New_York')).toBe('03:05 AM');
        expect(formatTime(MARCH_2, 'ar', 'UTC')).toMatch(/[0-9٠-٩]{2}:[0-9٠-٩]{2}/);
    });

    test('formatDay is the full date in the language', () => {
        expect(formatDay(MARCH_2, 'en-GB', 'UTC')).toBe('Monday, 2 March 2026');
        expect(formatDay(MARCH_2, 'en', 'UTC')).toBe('Monday, March 2, 2026');
        expect(formatDay(MARCH_2, 'de', 'UTC')).toBe('Montag, 2. März 2026');
        expect(formatDay(MARCH_2, 'zh', 'UTC')).toContain('2026');
        // Late evening in UTC is already the next day in Tokyo.
        expect(formatDay(Date.UTC(2026, 2, 1, 20, 0), 'en-GB', 'Asia/Tokyo')).toBe('Monday, 2 March 2026');
    });

    test('formatDateTime has the date and the time', () => {
        const text = formatDateTime(MARCH_2, 'en-GB', 'Europe/Berlin');
        expect(text).toContain('2026');
        expect(text).toContain('Mar');
        expect(text).toContain('09:05');
    });

    test('malformed language tags do not throw', () => {
        expect(formatTime(MARCH_2, 'en_GB', 'UTC')).toBe('08:05');
        expect(() => formatDay(MARCH_2, '!!not a tag', 'UTC')).not.toThrow();
        expect(() => formatDuration(1000, '')).not.toThrow();
    });
});

describe('dayKey', () => {
    const beforeMidnightUtc = Date.UTC(2026, 2, 1, 23, 30);

    test('is YYYY-MM-DD in the given zone', () => {
        expect(dayKey(beforeMidnightUtc, 'UTC')).toBe('2026-03-01');
        expect(dayKey(beforeMidnightUtc, 'Europe/Berlin')).toBe('2026-03-02');
        expect(dayKey(Date.UTC(2026, 2, 2, 3, 0), 'America/Los_Angeles')).toBe('2026-03-01');
    });

    test('changes exactly at local midnight', () => {
        // Midnight in Berlin (UTC+1) is 23:00 UTC.
        expect(dayKey(Date.UTC(2026, 2, 1, 22, 59, 59), 'Europe/Berlin')).toBe('2026-03-01');
        expect(dayKey(Date.UTC(2026, 2, 1, 23, 0, 0), 'Europe/Berlin')).toBe('2026-03-02');
    });
});

describe('formatDuration', () => {
    test.each([
        [45000, 'en', '45 sec'],
        [65 * 60000, 'en', '1 hr 5 min'],
        [65 * 60000 + 30000, 'en', '1 hr 5 min'],
        [2 * 3600000 + 4000, 'en', '2 hr'],
        [12 * 60000 + 4000, 'en', '12 min 4 sec'],
        [50 * 3600000, 'en', '50 hr'],
        [0, 'en', '0 sec'],
        [-5000, 'en', '0 sec'],
        [NaN, 'en', '0 sec'],
        [65 * 60000, 'de', '1 Std. 5 Min.'],
        [45000, 'fr', '45 s'],
    ])('%d ms in %s -> %s', (ms, language, expected) => {
        // Some locales use no-break spaces between number and unit.
        expect(formatDuration(ms, language).replace(/\s/g, ' ')).toBe(expected);
    });
});

describe('time zones', () => {
    test('isValidTimeZone', () => {
        expect(isValidTimeZone('Europe/Berlin')).toBe(true);
        expect(isValidTimeZone('UTC')).toBe(true);
        expect(isValidTimeZone('America/Sao_Paulo')).toBe(true);
        expect(isValidTimeZone('Foo/Bar')).toBe(false);
        expect(isValidTimeZone('')).toBe(false);
        expect(isValidTimeZone(undefined)).toBe(false);
    });

    test('safeTimeZone falls back to UTC', () => {
        expect(safeTimeZone('Asia/Tokyo')).toBe('Asia/Tokyo');
        expect(safeTimeZone('Mars/Olympus')).toBe('UTC');
        expect(safeTimeZone(undefined)).toBe('UTC');
    });

    test('timeZoneLabel names the zone and its offset at that moment', () => {
        expect(timeZoneLabel('Europe/Berlin', MARCH_2, 'en')).toBe('Europe/Berlin (GMT+1)');
        expect(timeZoneLabel('Europe/Berlin', JULY_1, 'en')).toBe('Europe/Berlin (GMT+2)');
        expect(timeZoneLabel('Asia/Kolkata', MARCH_2, 'en')).toBe('Asia/Kolkata (GMT+5:30)');
        expect(timeZoneLabel('UTC', MARCH_2, 'en')).toBe('UTC');
        expect(timeZoneLabel('Etc/UTC', MARCH_2, 'de')).toBe('UTC');
        expect(timeZoneLabel('Etc/GMT-2', MARCH_2, 'en')).toBe('GMT+2');
        expect(timeZoneLabel('Etc/GMT+5', MARCH_2, 'en')).toBe('GMT-5');
    });
});

test('cached formatters keep 10,000 calls fast', () => {
    const started = Date.now();
    for (let i = 0; i < 10000; i++) {
        formatTime(MARCH_2 + i * 60000, 'de', 'Europe/Berlin');
        dayKey(MARCH_2 + i * 60000, 'Europe/Berlin');
    }
    expect(Date.now() - started).toBeLessThan(2000);
});
