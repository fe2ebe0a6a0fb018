// What of a transcript request has gone out, as receipts: one record per step sent, written once
// after the send and never overwritten, so a late write to the request record cannot undo it.
import { addCounts } from '../redaction/redact';
import { RedactionCounts } from '../redaction/types';
import { channelOf, EmailPart, PdfPart, TranscriptKind } from './requests';
import { TranscriptPart } from '../transcript/parts';

export interface Receipt {
    step: string;
    at: string;
    sha256: string;
    part?: TranscriptPart;
    /** A PDF's room copy: the upload the requester's copy is made from. */
    fileId?: string;
    fileName?: string;
    /** Spans redacted in what this step sent (an email part, a PDF part); never the values. */
    redactions?: RedactionCounts;
}

/** An email part, a PDF part's room copy, a PDF part's copy in the requester's direct message. */
export const emailStep = (index: number) => `email:${index}`;
export const roomCopyStep = (index: number) => `pdf:${index}:room`;
export const directCopyStep = (index: number) => `pdf:${index}:dm`;

export const stepsDone = (receipts: Receipt[]): Set<string> => new Set(receipts.map((r) => r.step));

const byStep = (receipts: Receipt[]) => new Map(receipts.map((r) => [r.step, r]));

/** The email parts sent, in order (a single email is one part without `part`). */
export function emailsSent(receipts: Receipt[]): Receipt[] {
    const found = byStep(receipts);
    const sent: Receipt[] = [];
    for (let index = 0; found.has(emailStep(index)); index++) {
        sent.push(found.get(emailStep(index))!);
    }
    return sent;
}

/** The PDF parts whose room copy went out, in order; `complete` once the requester's copy did too. */
export function pdfPartsSent(receipts: Receipt[]): PdfPart[] {
    const found = byStep(receipts);
    const parts: PdfPart[] = [];
    for (let index = 0; found.has(roomCopyStep(index)); index++) {
        const room = found.get(roomCopyStep(index))!;
        parts.push({
            fileId: room.fileId || '',
            fileName: room.fileName || '',
            sha256: room.sha256,
            ...(room.part ? { part: room.part } : {}),
            ...(found.has(directCopyStep(index)) ? { complete: true } : {}),
        });
    }
    return parts;
}

/**
 * Every part of the transcript went out: for a PDF, every room copy, and every copy in the
 * requester's direct message unless nobody wants one (`directCopies` false: an archive PDF).
 */
export function allSent(kind: TranscriptKind, receipts: Receipt[], directCopies = true): boolean {
    if (channelOf(kind) === 'email') {
        const sent = emailsSent(receipts);
        return sent.length > 0 && sent.length >= (sent[0].part?.count || 1);
    }
    const parts = pdfPartsSent(receipts);
    return parts.length > 0 && (!directCopies || parts.every((p) => p.complete)) && parts.length >= (parts[0].part?.count || 1);
}

/** The progress fields GET shows, taken from the receipts. */
export function progressOf(kind: TranscriptKind, receipts: Receipt[]): { emails?: EmailPart[]; parts?: PdfPart[]; redactions?: RedactionCounts } {
    const counted = receipts.filter((r) => r.redactions).reduce<RedactionCounts | undefined>((sum, r) => addCounts(sum, r.redactions!), undefined);
    const redactions = counted ? { redactions: counted } : {};
    if (channelOf(kind) === 'email') {
        const parted = emailsSent(receipts).filter((r) => r.part);
        return { ...redactions, ...(parted.length ? { emails: parted.map((r) => ({ sha256: r.sha256, part: r.part! })) } : {}) };
    }
    const parts = pdfPartsSent(receipts);
    return { ...redactions, ...(parts.length ? { parts } : {}) };
}

/** What a finished request records: the first part's digest and file. */
export function outcomeOf(kind: TranscriptKind, receipts: Receipt[]): { sha256: string; fileId?: string; fileName?: string } {
    if (channelOf(kind) === 'email') {
        return { sha256: emailsSent(receipts)[0].sha256 };
    }
    const [first] = pdfPartsSent(receipts);
    return { sha256: first.sha256, fileId: first.fileId, fileName: first.fileName };
}
