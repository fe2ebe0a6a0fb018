// Long conversations go out in parts: several PDFs, or several emails, each made and sent by its
// own scheduler job, so no job comes near the engine's 30 s call limit and memory stays bounded.

/** The "messages per PDF file" setting: its default, and the most one job renders without risking the call limit (docs/benchmark.md). */
export const PDF_MESSAGES_PER_FILE = { default: 12_000, max: 20_000 };

/**
 * A 10,000-message conversation arrives in one email (about 7 MB); a longer one in parts of at most
 * this many messages. One 50,000-message email would be 34 MB, more than most mail servers accept.
 */
export const EMAIL_MESSAGES_PER_PART = 10_000;

/** The setting's value as a usable number of messages per PDF. */
export function messagesPerPdf(value: unknown): number {
    const n = Math.floor(Number(value));
    return n > 0 ? Math.min(n, PDF_MESSAGES_PER_FILE.max) : PDF_MESSAGES_PER_FILE.default;
}

/** Part `index` (from 0) of `count`, cut from the conversation's first `messages` messages. */
export interface TranscriptPart {
    index: number;
    count: number;
    /**
     * The length of the conversation when the first part was made. Later parts cut from the same
     * messages, so what the app itself posts meanwhile (the first parts' uploads) shifts nothing.
     */
    messages: number;
    /** Whether the first part counted system messages: later parts count the same way. */
    systemMessages: boolean;
}

/**
 * Where part `index` lies in a conversation of `length` messages: messages [start, end), the parts
 * being as even as possible; `part` is absent when the conversation fits in one PDF.
 */
export function partWindow(length: number, index: number, maxPerPart: number, systemMessages: boolean): { start: number; end: number; part?: TranscriptPart } {
    const count = Math.max(1, Math.ceil(length / maxPerPart));
    if (count === 1) {
        return { start: 0, end: length };
    }
    const size = Math.ceil(length / count);
    const start = Math.min(length, index * size);
    return { start, end: Math.min(length, start + size), part: { index, count, messages: length, systemMessages } };
}

/** The messages of part `index`; `fixedLength` is the length recorded by the first part. */
export function conversationPart<T>(all: T[], index: number, maxPerPart: number, systemMessages: boolean, fixedLength?: number): { messages: T[]; part?: TranscriptPart } {
    const messages = fixedLength === undefined ? all : all.slice(0, fixedLength);
    const { start, end, part } = partWindow(messages.length, index, maxPerPart, systemMessages);
    return { messages: messages.slice(start, end), part };
}

/** "Part {part} of {parts}" filled in for `part` (counted from 1). */
export function partLabel(template: string, part: TranscriptPart): string {
    return template.replace('{part}', String(part.index + 1)).replace('{parts}', String(part.count));
}

/** `Transcript_…_visitor.pdf` -> `Transcript_…_visitor_part-2-of-5.pdf` for a part. */
export function partFileName(fileName: string, part?: TranscriptPart): string {
    return part ? fileName.replace(/\.pdf$/, `_part-${part.index + 1}-of-${part.count}.pdf`) : fileName;
}
