// `Transcript_<site>_<YYYY-MM-DD>_<visitor>.pdf`, safe as a file name on any system.

const UNSAFE = /[\u0000-\u001f\u007f/\\:*?"<>|]+/g;

export function safeFileNamePart(value: string, fallback: string): string {
    const cleaned = value.replace(UNSAFE, ' ').replace(/\s+/g, '_').replace(/^[._]+|[._]+$/g, '').slice(0, 60);
    return cleaned || fallback;
}

/** The calendar date of `at` in `timeZone`, as YYYY-MM-DD. */
export function isoDate(at: number, timeZone: string): string {
    return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(at));
}

export function pdfFileName(siteName: string, at: number, visitorName: string, timeZone: string): string {
    return `Transcript_${safeFileNamePart(siteName, 'Rocket.Chat')}_${isoDate(at, timeZone)}_${safeFileNamePart(visitorName, 'visitor')}.pdf`;
}
