// Custom patterns: one regular expression per line, optionally "label: pattern". A pattern that is
// not valid, or that the ReDoS checker (redos-detector) cannot prove safe from catastrophic
// backtracking, is refused with its reason; the others apply.
import { RedactionVendor } from './vendor';

export interface CustomPattern {
    /** Shown as "[label]"; absent: the translated default label. */
    label?: string;
    regExp: RegExp;
}

export interface RefusedPattern {
    pattern: string;
    reason: string;
}

export const MAX_PATTERNS = 20;
export const MAX_PATTERN_LENGTH = 500;
const MAX_LABEL_LENGTH = 40;
/** How long the ReDoS checker may take over one pattern; a pattern it cannot judge in time is refused. */
const CHECK_TIMEOUT_MS = 1000;

/** "Order: ORD-\d{6}" -> label "Order", pattern "ORD-\d{6}". A label is words and spaces, then ": ". */
const LABELLED = /^([\p{L}\p{N}_ -]{1,40}):\s+(\S.*)$/u;

/** Verdicts by pattern source, for this runtime: checking a pattern can take a while. */
const verdicts = new Map<string, { safe: boolean; reason?: string }>();

export function parseCustomPatterns(setting: string, vendor: RedactionVendor): { patterns: CustomPattern[]; refused: RefusedPattern[] } {
    const patterns: CustomPattern[] = [];
    const refused: RefusedPattern[] = [];
    const lines = setting
        .split(/\r?\n/)
        .map((line) => line.trim())
        .filter(Boolean);
    for (const [index, line] of lines.entries()) {
        if (index >= MAX_PATTERNS) {
            refused.push({ pattern: line, reason: `more than ${MAX_PATTERNS} patterns` });
            continue;
        }
        const labelled = LABELLED.exec(line);
        const label = labelled ? labelled[1].trim().slice(0, MAX_LABEL_LENGTH) : undefined;
        const source = labelled ? labelled[2] : line;
        const result = compile(source, vendor);
        if ('reason' in result) {
            refused.push({ pattern: line, reason: result.reason });
        } else {
            patterns.push({ label, regExp: result.regExp });
        }
    }
    return { patterns, refused };
}

function compile(source: string, vendor: RedactionVendor): { regExp: RegExp } | { reason: string } {
    if (source.length > MAX_PATTERN_LENGTH) {
        return { reason: `longer than ${MAX_PATTERN_LENGTH} characters` };
    }
    let regExp: RegExp;
    try {
        regExp = new RegExp(source, 'gu');
    } catch (error) {
        return { reason: `not a valid regular expression: ${(error as Error).message}` };
    }
    let verdict = verdicts.get(source);
    if (!verdict) {
        try {
            verdict = vendor.checkPattern(regExp, CHECK_TIMEOUT_MS);
        } catch (error) {
            verdict = { safe: false, reason: (error as Error).message };
        }
        verdicts.set(source, verdict);
    }
    if (!verdict.safe) {
        return { reason: `may backtrack catastrophically (ReDoS check: ${verdict.reason || 'unsafe'})` };
    }
    return { regExp };
}
