// Redacts a transcript model before either renderer sees it, so the email and the PDF of one
// conversation hide the same spans. Only the transcript changes: stored messages never do.
import { Transcript, TranscriptMessage } from '../transcript/types';
import { cardDetector, Detector, emailDetector, ibanDetector, patternDetector, phoneDetector, RedactionKind, Replacements, Span } from './detectors';
import { foldDigits } from './digits';
import { parseCustomPatterns, RefusedPattern } from './patterns';
import { RedactionCounts } from './types';
import { RedactionVendor } from './vendor';

export interface RedactionSettings {
    cards: boolean;
    ibans: boolean;
    emails: boolean;
    phones: boolean;
    /** One regular expression per line, optionally "label: pattern". */
    customPatterns: string;
    /** Where redaction applies: both kinds of transcript, or emails only. */
    scope: RedactionScope;
}

export type RedactionScope = 'emails_and_pdfs' | 'emails_only';

export interface RedactionLabels extends Replacements {
    /** "[redacted]": a custom pattern without a label. */
    custom: string;
}

/** The replacements in the transcript's language, from its translation function. */
export function redactionLabels(t: (key: string, params?: Record<string, string | number>) => string): RedactionLabels {
    return {
        card: (last4) => t('redaction_card', { last4 }),
        iban: (country, last4) => t('redaction_iban', { country, last4 }),
        email: t('redaction_email'),
        phone: t('redaction_phone'),
        custom: t('redaction_custom'),
    };
}

export interface Redactor {
    /** The text with every detected span replaced, and what was replaced. */
    redact(text: string): { text: string; spans: Span[] };
    /** Custom patterns that were refused, with the reason. */
    refused: RefusedPattern[];
    /** The enabled kinds, in the order they take precedence over overlapping spans. */
    kinds: RedactionKind[];
}

export function createRedactor(settings: RedactionSettings, labels: RedactionLabels, vendor: RedactionVendor, country?: string): Redactor {
    const detectors: Array<{ kind: RedactionKind; find: Detector }> = [];
    // IBANs first: their check is the strictest, and an IBAN's digits can pass for a card number.
    if (settings.ibans) {
        detectors.push({ kind: 'iban', find: ibanDetector(vendor, labels) });
    }
    if (settings.cards) {
        detectors.push({ kind: 'card', find: cardDetector(vendor, labels) });
    }
    if (settings.emails) {
        detectors.push({ kind: 'email', find: emailDetector(labels) });
    }
    if (settings.phones) {
        detectors.push({ kind: 'phone', find: phoneDetector(vendor, labels, country) });
    }
    const { patterns, refused } = parseCustomPatterns(settings.customPatterns, vendor);
    for (const pattern of patterns) {
        detectors.push({ kind: 'custom', find: patternDetector(pattern.regExp, pattern.label ? `[${pattern.label}]` : labels.custom) });
    }
    const kinds = [...new Set(detectors.map((d) => d.kind))];
    return {
        refused,
        kinds,
        redact(text) {
            if (!text || detectors.length === 0) {
                return { text, spans: [] };
            }
            const folded = foldDigits(text);
            const spans: Span[] = [];
            let taken: Uint8Array | undefined;
            for (const detector of detectors) {
                for (const span of detector.find(folded)) {
                    // An earlier detector's span wins: a card number is not also a phone number.
                    taken = taken || new Uint8Array(text.length);
                    if (taken.subarray(span.start, span.end).every((used) => used === 0)) {
                        taken.fill(1, span.start, span.end);
                        spans.push(span);
                    }
                }
            }
            if (spans.length === 0) {
                return { text, spans };
            }
            spans.sort((a, b) => a.start - b.start);
            let redacted = '';
            let from = 0;
            for (const span of spans) {
                redacted += text.slice(from, span.start) + span.replacement;
                from = span.end;
            }
            return { text: redacted + text.slice(from), spans };
        },
    };
}

/**
 * The transcript with personal data redacted from all its free text: message text (system
 * messages included, e.g. a close comment), quotes, attachment names, the closing comment, tags
 * and survey answers. Names and the recipient's address in the header stay. The counts go on
 * `redaction`.
 */
export function redactTranscript(transcript: Transcript, redactor: Redactor): Transcript {
    const counts: RedactionCounts = {};
    for (const kind of redactor.kinds) {
        counts[kind] = 0;
    }
    const redact = (text: string): string => {
        const result = redactor.redact(text);
        for (const span of result.spans) {
            counts[span.kind] = (counts[span.kind] || 0) + 1;
        }
        return result.text;
    };
    const messages = transcript.messages.map(
        (message): TranscriptMessage => ({
            ...message,
            text: redact(message.text),
            quotes: message.quotes.map((quote) => ({ ...quote, text: redact(quote.text) })),
            images: message.images.map((image) => ({ ...image, name: redact(image.name) })),
            files: message.files.map((file) => ({ ...file, name: redact(file.name) })),
        }),
    );
    const { header } = transcript;
    const survey = header.survey && Object.fromEntries(Object.entries(header.survey).map(([name, value]) => [name, redact(value)]));
    return {
        ...transcript,
        header: {
            ...header,
            closeComment: header.closeComment === undefined ? undefined : redact(header.closeComment),
            tags: header.tags.map(redact),
            ...(survey ? { survey } : {}),
        },
        messages,
        redaction: { counts, refusedPatterns: redactor.refused },
    };
}

/** Adds the counts of one part to those of the parts before it. */
export function addCounts(before: RedactionCounts | undefined, part: RedactionCounts): RedactionCounts {
    const sum: RedactionCounts = { ...(before || {}) };
    for (const [kind, count] of Object.entries(part) as Array<[RedactionKind, number]>) {
        sum[kind] = (sum[kind] || 0) + count;
    }
    return sum;
}
