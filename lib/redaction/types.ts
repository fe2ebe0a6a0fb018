// What a redaction reports, kept apart from the redactor so the transcript model can name it
// without importing the redactor (which imports the transcript model).
import { RedactionKind } from './detectors';
import { RefusedPattern } from './patterns';

/** How many spans of each enabled kind were redacted. Never the values. */
export type RedactionCounts = Partial<Record<RedactionKind, number>>;

export interface TranscriptRedaction {
    counts: RedactionCounts;
    /** Custom patterns that were not applied, and why (for the app log). */
    refusedPatterns: RefusedPattern[];
}
