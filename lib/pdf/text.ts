// Turns plain text (always data, never markup) into pdfmake text leaves: split by font
// (scripts.ts) and, for text with right-to-left characters, reordered for display (bidi.ts).
//
// How RTL paragraphs are laid out:
// - Text without RTL characters or bidi controls is handed to pdfmake in logical order and
//   pdfmake wraps it (the fast path: most messages).
// - A paragraph with RTL characters, when a Measurer is available (renderPdf always supplies
//   one, measuring with the same fontkit fonts pdfkit draws with), is broken into lines HERE,
//   in logical order, greedily at spaces (over-long words are cut between graphemes), each line
//   is reordered visually on its own (UAX #9 L1-L4 per line), and emitted as its own pdfmake
//   line with noWrap leaves, right-aligned when the paragraph is RTL. Line breaks are only at
//   spaces (no UAX #14 opportunities such as after hyphens inside RTL paragraphs), and the width
//   budget keeps a 2% safety margin, so RTL lines may be slightly shorter than pdfmake's.
// - Without a Measurer (buildPdfDefinition called with no measure), the whole paragraph is
//   reordered as ONE line and pdfmake wraps the visual sequence: correct for paragraphs that fit
//   on one line; a longer RTL paragraph then shows its lines in the wrong vertical order.
import { analyzeParagraph, BidiEngine, needsBidi, visualPieces } from './bidi';
import { DROP, ScriptSplitter } from './scripts';

export interface FontStyle {
    bold?: boolean;
    italics?: boolean;
}

/** Width in points of text drawn in one font family at one size. */
export interface Measurer {
    width(text: string, family: string, style: FontStyle, size: number): number;
}

export interface TextLeaf {
    text: string;
    font: string;
    /** Set on RTL-script pieces: pdfmake must not split them (fontkit reverses each as a whole). */
    noWrap?: boolean;
}

export interface TextBlock {
    leaves: TextLeaf[];
    /** Paragraph direction: right-align when true. */
    rtl: boolean;
    /** A single already-broken line (do not let pdfmake wrap it). */
    line?: boolean;
}

export interface BlockContext extends FontStyle {
    /** Available width in points. */
    width: number;
    fontSize: number;
}

const PARAGRAPH_SEP = /\r\n|[\r\n\u2029\u0085\u000b\u000c\u001c-\u001e]/;
const NBSP = '\u00a0';

export class TextLayout {
    private readonly cache = new Map<string, number>();

    constructor(
        private readonly splitter: ScriptSplitter,
        private readonly bidi: BidiEngine | null,
        private readonly measurer: Measurer | null,
    ) {}

    /** Leaves for a single-line field (names, labels, dates): newlines become spaces. */
    inline(text: string, direction?: 'ltr' | 'rtl'): { leaves: TextLeaf[]; rtl: boolean } {
        const flat = String(text).replace(/[\r\n\u2028\u2029\u0085\u000b\u000c]+/g, ' ');
        if (!this.bidi || !needsBidi(flat)) {
            return { leaves: this.splitter.split(flat), rtl: direction === 'rtl' };
        }
        const para = analyzeParagraph(this.bidi, flat, direction);
        const fonts = this.splitter.assign(flat);
        return { leaves: this.toLeaves(visualPieces(this.bidi, para, fonts)), rtl: para.rtl };
    }

    /** Blocks for multi-line text wrapped into ctx.width. */
    blocks(text: string, ctx: BlockContext): TextBlock[] {
        const str = String(text);
        if (!str) {
            return [];
        }
        if (!this.bidi || !needsBidi(str)) {
            return [{ leaves: this.splitter.split(str.replace(/\r\n?/g, '\n')), rtl: false }];
        }
        const out: TextBlock[] = [];
        let plain: string[] = [];
        const flushPlain = () => {
            if (plain.length) {
                const joined = plain.join('\n');
                out.push({ leaves: joined ? this.splitter.split(joined) : [{ text: NBSP, font: this.splitter.families[0] }], rtl: false });
                plain = [];
            }
        };
        for (const paragraph of str.split(PARAGRAPH_SEP)) {
            if (!needsBidi(paragraph)) {
                plain.push(paragraph);
                continue;
            }
            flushPlain();
            out.push(...this.bidiParagraph(paragraph, ctx));
        }
        flushPlain();
        return out;
    }

    private bidiParagraph(text: string, ctx: BlockContext): TextBlock[] {
        const bidi = this.bidi as BidiEngine;
        const para = analyzeParagraph(bidi, text);
        const fonts = this.splitter.assign(text);
        if (!this.measurer) {
            return [{ leaves: this.toLeaves(visualPieces(bidi, para, fonts)), rtl: para.rtl }];
        }
        return this.breakLines(text, fonts, ctx).map(([start, end]) => ({
            leaves: this.toLeaves(visualPieces(bidi, para, fonts, start, end)),
            rtl: para.rtl,
            line: true,
        }));
    }

    /** Greedy line breaking at spaces in logical order; returns [start, end) per line without trailing spaces. */
    private breakLines(text: string, fonts: Uint8Array, ctx: BlockContext): Array<[number, number]> {
        const max = ctx.width * 0.98 - 1;
        const lines: Array<[number, number]> = [];
        let lineStart = -1;
        let lineEnd = -1; // end of the last word on the line (exclusive)
        let used = 0;
        let i = 0;
        const n = text.length;
        while (i < n) {
            // A token: spaces before the word (if any) are skipped at line start.
            const spaceStart = i;
            while (i < n && isBreakSpace(text[i])) {
                i++;
            }
            const wordStart = i;
            while (i < n && !isBreakSpace(text[i])) {
                i++;
            }
            const wordEnd = i;
            if (wordEnd === wordStart) {
                break; // trailing spaces
            }
            const spaceWidth = lineStart >= 0 ? this.rangeWidth(text, fonts, spaceStart, wordStart, ctx) : 0;
            const wordWidth = this.rangeWidth(text, fonts, wordStart, wordEnd, ctx);
            if (lineStart >= 0 && used + spaceWidth + wordWidth <= max) {
                used += spaceWidth + wordWidth;
                lineEnd = wordEnd;
                continue;
            }
            if (lineStart >= 0) {
                lines.push([lineStart, lineEnd]);
                lineStart = -1;
            }
            if (wordWidth <= max) {
                lineStart = wordStart;
                lineEnd = wordEnd;
                used = wordWidth;
                continue;
            }
            // A word longer than the line: cut it between graphemes.
            let s = wordStart;
            let w = 0;
            let j = wordStart;
            while (j < wordEnd) {
                const cp = text.codePointAt(j) as number;
                let k = j + (cp > 0xffff ? 2 : 1);
                while (k < wordEnd && isContinuation(text.codePointAt(k) as number)) {
                    k += (text.codePointAt(k) as number) > 0xffff ? 2 : 1;
                }
                const gw = this.rangeWidth(text, fonts, j, k, ctx);
                if (w + gw > max && j > s) {
                    lines.push([s, j]);
                    s = j;
                    w = 0;
                }
                w += gw;
                j = k;
            }
            lineStart = s;
            lineEnd = wordEnd;
            used = w;
        }
        if (lineStart >= 0) {
            lines.push([lineStart, lineEnd]);
        }
        return lines.length ? lines : [[0, 0]];
    }

    private rangeWidth(text: string, fonts: Uint8Array, start: number, end: number, ctx: BlockContext): number {
        const measurer = this.measurer as Measurer;
        let total = 0;
        let s = start;
        for (let i = start + 1; i <= end; i++) {
            if (i === end || fonts[i] !== fonts[s]) {
                if (fonts[s] !== DROP) {
                    const family = this.splitter.families[fonts[s]];
                    const piece = text.slice(s, i);
                    const key = `${family}|${ctx.bold ? 1 : 0}${ctx.italics ? 1 : 0}|${ctx.fontSize}|${piece}`;
                    let w = this.cache.get(key);
                    if (w === undefined) {
                        w = measurer.width(piece, family, ctx, ctx.fontSize);
                        if (this.cache.size > 50000) {
                            this.cache.clear();
                        }
                        this.cache.set(key, w);
                    }
                    total += w;
                }
                s = i;
            }
        }
        return total;
    }

    private toLeaves(pieces: Array<{ text: string; font: number; rtl: boolean }>): TextLeaf[] {
        return pieces.map((p) => {
            const leaf: TextLeaf = { text: p.text, font: this.splitter.families[p.font] };
            if (p.rtl) {
                leaf.noWrap = true;
            }
            return leaf;
        });
    }
}

function isBreakSpace(c: string): boolean {
    return c === ' ' || c === '\t' || c === '\u3000';
}

function isContinuation(cp: number): boolean {
    return (cp >= 0x300 && cp <= 0x36f) || (cp >= 0x64b && cp <= 0x65f) || cp === 0x670 || (cp >= 0x591 && cp <= 0x5c7) || cp === 0x200d || cp === 0x200c || (cp >= 0xfe00 && cp <= 0xfe0f) || (cp >= 0x1f3fb && cp <= 0x1f3ff) || (cp >= 0xdc00 && cp <= 0xdfff);
}
