// Finds personal data in a text whose digits are ASCII (see digits.ts). Each detector returns
// spans [start, end) and what the span shows instead ("[card ending 4242]"); lib/redaction/redact.ts
// applies them. Validation (Luhn, IBAN checksums, phone numbers) comes from vendor libraries.
import { RedactionVendor } from './vendor';

export type RedactionKind = 'card' | 'iban' | 'email' | 'phone' | 'custom';

export interface Span {
    start: number;
    end: number;
    kind: RedactionKind;
    replacement: string;
}

/** How each kind is shown; the caller translates them. */
export interface Replacements {
    card(last4: string): string;
    iban(country: string, last4: string): string;
    email: string;
    phone: string;
}

export type Detector = (text: string) => Span[];

const CARD_DIGITS = { min: 12, max: 19 };
/** Groups of a card number written in parts: 4-4-4-4, 4-6-5 (Amex), 4-6-4 (Diners), 4-4-4-4-3… */
const CARD_GROUP = { min: 3, max: 6 };

/** Digit groups joined by single spaces, dashes or dots. Linear: a separator is never a digit. */
const DIGIT_RUN = /\d+(?:[ .-]\d+)*/g;

/**
 * Payment card numbers: 12–19 digits, contiguous or grouped by one kind of separator, that pass
 * the Luhn check and start with a known brand prefix (card-validator). Runs after a "+" are phone
 * numbers.
 */
export function cardDetector(vendor: RedactionVendor, replacements: Replacements): Detector {
    return (text) => {
        const spans: Span[] = [];
        DIGIT_RUN.lastIndex = 0;
        for (let run = DIGIT_RUN.exec(text); run; run = DIGIT_RUN.exec(text)) {
            if (run[0].length < CARD_DIGITS.min || text[run.index - 1] === '+') {
                continue;
            }
            spans.push(...cardsInRun(run[0], run.index, vendor, replacements));
        }
        return spans;
    };
}

interface DigitGroup {
    digits: string;
    start: number;
    /** The character before the group inside the run ('' for the first). */
    separator: string;
}

function cardsInRun(run: string, offset: number, vendor: RedactionVendor, replacements: Replacements): Span[] {
    const groups: DigitGroup[] = [];
    const groupPattern = /\d+/g;
    for (let group = groupPattern.exec(run); group; group = groupPattern.exec(run)) {
        groups.push({ digits: group[0], start: group.index, separator: run[group.index - 1] || '' });
    }
    // Blocks: the longest runs of 3–6-digit groups joined by one kind of separator, by first group.
    const blockEnds = new Map<number, number>();
    for (let first = 0; first < groups.length; first++) {
        if (!isCardGroup(groups[first])) {
            continue;
        }
        let last = first;
        while (last + 1 < groups.length && isCardGroup(groups[last + 1]) && groups[last + 1].separator === groups[first + 1].separator) {
            last += 1;
        }
        blockEnds.set(first, last);
        first = last;
    }
    const spans: Span[] = [];
    for (let first = 0; first < groups.length; first++) {
        const last = cardWindow(groups, first, blockEnds.get(first), vendor);
        if (last < 0) {
            continue;
        }
        const digits = groups.slice(first, last + 1).map((g) => g.digits).join('');
        const end = groups[last].start + groups[last].digits.length;
        spans.push({ start: offset + groups[first].start, end: offset + end, kind: 'card', replacement: replacements.card(digits.slice(-4)) });
        first = last;
    }
    return spans;
}

const isCardGroup = (group: DigitGroup) => group.digits.length >= CARD_GROUP.min && group.digits.length <= CARD_GROUP.max;
/** Digits a card number keeps when a trailing group (a CVC, "4242 4242 4242 4242 123") is left out. */
const MIN_DIGITS_BEFORE_TRAILING_GROUP = 15;

/**
 * The last group of the card number that starts at group `first`, or -1. Candidates: a block
 * starting there (ending at `blockEnd`) as a whole, or without its last group; then the group
 * alone (12–19 digits). A card number is never taken from the middle of a longer block
 * ("USPS 9400 2366 6378 4476 8237 30" is a tracking number).
 */
function cardWindow(groups: DigitGroup[], first: number, blockEnd: number | undefined, vendor: RedactionVendor): number {
    const digitsUpTo = (last: number) => groups.slice(first, last + 1).reduce((sum, g) => sum + g.digits.length, 0);
    const candidates: number[] = [];
    if (blockEnd !== undefined && blockEnd > first && digitsUpTo(blockEnd) >= CARD_DIGITS.min && digitsUpTo(blockEnd) <= CARD_DIGITS.max) {
        candidates.push(blockEnd);
    }
    if (blockEnd !== undefined && blockEnd - 1 > first && digitsUpTo(blockEnd - 1) >= MIN_DIGITS_BEFORE_TRAILING_GROUP && digitsUpTo(blockEnd - 1) <= CARD_DIGITS.max) {
        candidates.push(blockEnd - 1);
    }
    const alone = groups[first].digits.length;
    if (alone >= CARD_DIGITS.min && alone <= CARD_DIGITS.max) {
        candidates.push(first);
    }
    for (const last of candidates) {
        const candidate = groups.slice(first, last + 1).map((g) => g.digits).join('');
        if (passesLuhn(candidate) && vendor.isCardNumber(candidate)) {
            return last;
        }
    }
    return -1;
}

/** The Luhn check: cheap, so card-validator only sees the one number in ten that passes it. */
function passesLuhn(digits: string): boolean {
    let sum = 0;
    for (let i = 0; i < digits.length; i++) {
        let digit = digits.charCodeAt(digits.length - 1 - i) - 48;
        if (i % 2 === 1) {
            digit = digit * 2 > 9 ? digit * 2 - 9 : digit * 2;
        }
        sum += digit;
    }
    return sum % 10 === 0;
}

/** Where an IBAN may start: a country code and two check digits, not inside a word. */
const IBAN_START = /[A-Za-z]{2}\d{2}/g;
const isAlnum = (char: string | undefined) => !!char && /[A-Za-z0-9]/.test(char);

/**
 * IBANs of any country, upper or lower case, contiguous or in groups separated by single spaces
 * or dashes: exactly as many characters as that country's IBANs have, with a valid checksum (ibantools).
 */
export function ibanDetector(vendor: RedactionVendor, replacements: Replacements): Detector {
    return (text) => {
        const spans: Span[] = [];
        IBAN_START.lastIndex = 0;
        for (let start = IBAN_START.exec(text); start; start = IBAN_START.exec(text)) {
            const at = start.index;
            const length = isAlnum(text[at - 1]) ? undefined : vendor.ibanLength(start[0].slice(0, 2).toUpperCase());
            if (!length) {
                IBAN_START.lastIndex = at + 1;
                continue;
            }
            let iban = start[0].toUpperCase();
            let end = at + 4;
            while (iban.length < length && end < text.length) {
                if (isAlnum(text[end])) {
                    iban += text[end].toUpperCase();
                    end += 1;
                } else if ((text[end] === ' ' || text[end] === '-') && isAlnum(text[end + 1])) {
                    end += 1;
                } else {
                    break;
                }
            }
            if (iban.length === length && !isAlnum(text[end]) && vendor.isValidIban(iban)) {
                spans.push({ start: at, end, kind: 'iban', replacement: replacements.iban(iban.slice(0, 2), iban.slice(-4)) });
                IBAN_START.lastIndex = end;
            } else {
                IBAN_START.lastIndex = at + 1;
            }
        }
        return spans;
    };
}

const LOCAL_CHAR = /[\p{L}\p{N}._%+'-]/u;
const DOMAIN_CHAR = /[\p{L}\p{N}.-]/u;
const DOMAIN = /^(?:[\p{L}\p{N}](?:[\p{L}\p{N}-]{0,61}[\p{L}\p{N}])?\.)+\p{L}{2,63}$/u;
const MAX_LOCAL = 64;
const MAX_DOMAIN = 253;

/**
 * Email addresses: grown outwards from each "@" over the characters an address may hold (so the
 * work is linear in the text), then the domain must be labels ending in a top-level domain of letters.
 */
export function emailDetector(replacements: Replacements): Detector {
    return (text) => {
        const spans: Span[] = [];
        let after = 0;
        for (let at = text.indexOf('@'); at >= 0; at = text.indexOf('@', at + 1)) {
            let start = at;
            while (start > after && at - start < MAX_LOCAL && LOCAL_CHAR.test(text[start - 1])) {
                start -= 1;
            }
            while (text[start] === '.' && start < at) {
                start += 1;
            }
            let end = at + 1;
            while (end < text.length && end - at <= MAX_DOMAIN && DOMAIN_CHAR.test(text[end])) {
                end += 1;
            }
            while (end > at + 1 && /[.-]/.test(text[end - 1])) {
                end -= 1;
            }
            if (start < at && DOMAIN.test(text.slice(at + 1, end))) {
                spans.push({ start, end, kind: 'email', replacement: replacements.email });
                after = end;
            }
        }
        return spans;
    };
}

/** At least this many digits before a text is handed to the phone-number library. */
const MIN_PHONE_DIGITS = 6;

/** What the phone-number library accepts that a reader sees as something else: an amount with cents, a date. */
const NOT_PHONES = [/^\d+[.,]\d{2}$/, /^\d{1,2}([./-])\d{1,2}\1\d{2,4}$/, /^\d{4}([./-])\d{1,2}\1\d{1,2}$/];

/** Phone numbers libphonenumber-js finds valid: international ones, and national ones of the workspace's country. */
export function phoneDetector(vendor: RedactionVendor, replacements: Replacements, country?: string): Detector {
    return (text) => {
        let digits = 0;
        for (let i = 0; i < text.length && digits < MIN_PHONE_DIGITS; i++) {
            const code = text.charCodeAt(i);
            digits += code >= 48 && code <= 57 ? 1 : 0;
        }
        if (digits < MIN_PHONE_DIGITS) {
            return [];
        }
        return vendor
            .findPhones(text, country)
            .filter(({ start, end }) => !NOT_PHONES.some((shape) => shape.test(text.slice(start, end))))
            .map(({ start, end }) => ({ start, end, kind: 'phone' as const, replacement: replacements.phone }));
    };
}

/** A custom pattern, already checked (patterns.ts): every non-empty match is shown as "[label]". */
export function patternDetector(pattern: RegExp, replacement: string): Detector {
    return (text) => {
        const spans: Span[] = [];
        pattern.lastIndex = 0;
        for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
            if (match[0].length === 0) {
                pattern.lastIndex += 1;
                continue;
            }
            spans.push({ start: match.index, end: match.index + match[0].length, kind: 'custom', replacement });
        }
        return spans;
    };
}
