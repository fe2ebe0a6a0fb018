// Turns plain text (always data, never markup) into pdfmake text leaves: split by font
// (scripts.ts), broken into lines, and for text with right-to-left characters reordered for
// display (bidi.ts).
//
// Line breaking. When a Measurer is available (renderPdf always supplies one; it measures with
// the same fontkit fonts and advance widths pdfkit lays out with), every paragraph is broken
// into lines HERE, in logical order, and each line becomes noWrap leaves, the last one lineEnd.
// Two reasons:
// - RTL: reordering must happen per line (UAX #9 L1-L4 apply to a line), which needs to know
//   where lines end before pdfmake lays them out. Each line of a paragraph with RTL characters
//   is reordered on its own, so multi-line RTL paragraphs read top to bottom correctly.
// - Speed: pdfmake turns every word into an "inline" that is measured, styled and drawn as its
//   own pdfkit text call; one inline per line is far cheaper.
// Break opportunities are a simplified UAX #14: after spaces, around CJK ideographs/kana and
// emoji (not before closing punctuation or small kana, not after opening punctuation), after a
// hyphen or dash between letters, and after U+200B; a word wider than the line is cut between
// graphemes. The budget keeps a 1.5% safety margin so pdfmake never wraps a line again.
//
// Without a Measurer (buildPdfDefinition given no measurer), pdfmake wraps LTR text itself and
// an RTL paragraph is reordered as ONE line: correct when it fits on a line; a longer RTL
// paragraph then shows its lines in the wrong vertical order (documented limit of that mode).
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
    /** pdfmake must not split this leaf (pre-broken lines; RTL words fontkit reverses as a whole). */
    noWrap?: boolean;
    /**
     * Ends the line after this leaf. pdfmake 0.3.11 copies every property of a text leaf except
     * `text` onto the inline it makes (StyleContextStack.copyStyle), and an inline with
     * lineEnd ends its line: a '\n' inside a noWrap leaf would be drawn as a glyph instead.
     * (One inline per line, instead of a '\n' leaf, is measurably cheaper.) See endLine().
     */
    lineEnd?: boolean;
    /** An RTL-script word that fontkit reverses (internal to text layout; not a pdfmake property). */
    rtl?: boolean;
}

export interface TextBlock {
    /** Leaves in display order; the last leaf of each pre-broken line has lineEnd. */
    leaves: TextLeaf[];
    /** Paragraph direction: right-align when true. */
    rtl: boolean;
}

export interface BlockContext extends FontStyle {
    /** Available width in points. */
    width: number;
    fontSize: number;
}

/** Tabs become spaces; other control characters (no glyph in any font) are removed. */
function clean(text: string): string {
    return /[\u0000-\u0009\u000e-\u001b\u001f\u007f-\u0084\u0086-\u009f]/.test(text) ? text.replace(/\t/g, '    ').replace(/[\u0000-\u0008\u000e-\u001b\u001f\u007f-\u0084\u0086-\u009f]/g, '') : text;
}

const PARAGRAPH_SEP = /\r\n|[\r\n\u2028\u2029\u0085\u000b\u000c\u001c-\u001e]/;
const NBSP = '\u00a0';

export class TextLayout {
    private readonly cache = new Map<string, number>();
    private readonly fallback: string;

    constructor(
        private readonly splitter: ScriptSplitter,
        private readonly bidi: BidiEngine | null,
        private readonly measurer: Measurer | null,
    ) {
        this.fallback = splitter.families[0];
    }

    /** Leaves for a single-line field (names, labels, dates): newlines become spaces; not broken. */
    inline(text: string, direction?: 'ltr' | 'rtl'): { leaves: TextLeaf[]; rtl: boolean } {
        const flat = clean(String(text).replace(/[\r\n\u2028\u2029\u0085\u000b\u000c]+/g, ' '));
        if (!this.bidi || !needsBidi(flat)) {
            return { leaves: this.splitter.split(flat), rtl: direction === 'rtl' };
        }
        const para = analyzeParagraph(this.bidi, flat, direction);
        const fonts = this.splitter.assign(flat);
        return { leaves: this.toLeaves(visualPieces(this.bidi, para, fonts), false), rtl: para.rtl };
    }

    /** Whether `text` drawn in `family` fits ctx.width (false without a Measurer). */
    fits(text: string, family: string, ctx: BlockContext): boolean {
        if (!this.measurer) {
            return false;
        }
        const key = `${family}${ctx.bold ? 'b' : ''}${ctx.italics ? 'i' : ''}${ctx.fontSize}|${text}`;
        let width = this.cache.get(key);
        if (width === undefined) {
            width = this.measurer.width(text, family, ctx, ctx.fontSize);
            this.remember(key, width);
        }
        return width <= ctx.width * 0.985 - 0.5;
    }

    /** Blocks for multi-line text wrapped into ctx.width (consecutive paragraphs of one direction share a block). */
    blocks(text: string, ctx: BlockContext): TextBlock[] {
        const str = clean(String(text));
        if (!str) {
            return [];
        }
        const bidiNeeded = !!this.bidi && needsBidi(str);
        if (!this.measurer) {
            return this.unmeasuredBlocks(str, bidiNeeded);
        }
        const out: TextBlock[] = [];
        for (const paragraph of str.split(PARAGRAPH_SEP)) {
            const { lines, rtl } = this.paragraphLines(paragraph, ctx, bidiNeeded);
            let block = out[out.length - 1];
            if (!block || block.rtl !== rtl) {
                block = { leaves: [], rtl };
                out.push(block);
            } else {
                endLine(block.leaves);
            }
            lines.forEach((leaves, i) => {
                if (i > 0) {
                    endLine(block.leaves);
                }
                block.leaves.push(...(leaves.length ? leaves : [{ text: NBSP, font: this.fallback, noWrap: true }]));
            });
        }
        return out;
    }

    private unmeasuredBlocks(str: string, bidiNeeded: boolean): TextBlock[] {
        if (!bidiNeeded) {
            return [{ leaves: this.splitter.split(str.replace(/\r\n?/g, '\n')), rtl: false }];
        }
        const bidi = this.bidi as BidiEngine;
        const out: TextBlock[] = [];
        let plain: string[] = [];
        const flushPlain = () => {
            if (plain.length) {
                const joined = plain.join('\n');
                out.push({ leaves: joined ? this.splitter.split(joined) : [{ text: NBSP, font: this.fallback }], rtl: false });
                plain = [];
            }
        };
        for (const paragraph of str.split(PARAGRAPH_SEP)) {
            if (!needsBidi(paragraph)) {
                plain.push(paragraph);
                continue;
            }
            flushPlain();
            const para = analyzeParagraph(bidi, paragraph);
            out.push({ leaves: this.toLeaves(visualPieces(bidi, para, this.splitter.assign(paragraph)), false), rtl: para.rtl });
        }
        flushPlain();
        return out;
    }

    /** One paragraph broken into measured lines, each as leaves in display order. */
    private paragraphLines(text: string, ctx: BlockContext, bidiNeeded: boolean): { lines: TextLeaf[][]; rtl: boolean } {
        const fonts = this.splitter.assign(text);
        const ranges = this.breakLines(text, fonts, ctx);
        if (bidiNeeded && needsBidi(text)) {
            const bidi = this.bidi as BidiEngine;
            const para = analyzeParagraph(bidi, text);
            return { lines: ranges.map(([s, e]) => this.toLeaves(visualPieces(bidi, para, fonts, s, e), true)), rtl: para.rtl };
        }
        return { lines: ranges.map(([s, e]) => this.logicalLeaves(text, fonts, s, e)), rtl: false };
    }

    /** Leaves for text[start, end) in logical order, one per font run. */
    private logicalLeaves(text: string, fonts: Uint8Array, start: number, end: number): TextLeaf[] {
        const out: TextLeaf[] = [];
        let s = start;
        let buf = '';
        for (let i = start; i <= end; i++) {
            if (i === end || fonts[i] !== fonts[s]) {
                if (i > s && fonts[s] !== DROP) {
                    buf = text.slice(s, i);
                    const last = out[out.length - 1];
                    const family = this.splitter.families[fonts[s]];
                    if (last && last.font === family) {
                        last.text += buf;
                    } else {
                        out.push({ text: buf, font: family, noWrap: true });
                    }
                }
                s = i;
            }
        }
        return out;
    }

    /** Greedy line breaking in logical order; returns [start, end) per line, trailing spaces left out. */
    private breakLines(text: string, fonts: Uint8Array, ctx: BlockContext): Array<[number, number]> {
        const max = ctx.width * 0.985 - 0.5;
        const n = text.length;
        const lines: Array<[number, number]> = [];
        let lineStart = -1;
        let lineEnd = 0; // end of the last non-space content on the line
        let used = 0; // width up to lineEnd
        let pos = 0;
        while (pos < n) {
            // token = [pos, wordEnd) content + [wordEnd, next) spaces
            const next = nextBreak(text, pos);
            let wordEnd = next;
            while (wordEnd > pos && isBreakSpace(text.charCodeAt(wordEnd - 1))) {
                wordEnd--;
            }
            if (wordEnd === pos) {
                // only spaces (leading spaces of the paragraph): keep them at line start
                if (lineStart < 0) {
                    lineStart = pos;
                    lineEnd = pos;
                    used = this.rangeWidth(text, fonts, pos, next, ctx);
                    lineEnd = next;
                }
                pos = next;
                continue;
            }
            const gap = lineStart >= 0 ? this.rangeWidth(text, fonts, lineEnd, pos, ctx) : 0;
            const w = this.rangeWidth(text, fonts, pos, wordEnd, ctx);
            if (lineStart >= 0 && used + gap + w <= max) {
                used += gap + w;
                lineEnd = wordEnd;
            } else {
                if (lineStart >= 0 && lineEnd > lineStart) {
                    lines.push([lineStart, lineEnd]);
                    lineStart = -1;
                }
                if (lineStart >= 0) {
                    // the line holds only leading spaces: drop them if the word doesn't fit after them
                    lineStart = -1;
                }
                if (w <= max) {
                    lineStart = pos;
                    lineEnd = wordEnd;
                    used = w;
                } else {
                    // Wider than a line: cut between graphemes.
                    let s = pos;
                    let acc = 0;
                    let j = pos;
                    while (j < wordEnd) {
                        let k = j + ((text.codePointAt(j) as number) > 0xffff ? 2 : 1);
                        while (k < wordEnd && isContinuation(text.codePointAt(k) as number)) {
                            k += (text.codePointAt(k) as number) > 0xffff ? 2 : 1;
                        }
                        const gw = this.rangeWidth(text, fonts, j, k, ctx);
                        if (acc + gw > max && j > s) {
                            lines.push([s, j]);
                            s = j;
                            acc = 0;
                        }
                        acc += gw;
                        j = k;
                    }
                    lineStart = s;
                    lineEnd = wordEnd;
                    used = acc;
                }
            }
            pos = next;
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
                    const key = `${fonts[s]}${ctx.bold ? 'b' : ''}${ctx.italics ? 'i' : ''}${ctx.fontSize}|${piece}`;
                    let w = this.cache.get(key);
                    if (w === undefined) {
                        w = measurer.width(piece, family, ctx, ctx.fontSize);
                        this.remember(key, w);
                    }
                    total += w;
                }
                s = i;
            }
        }
        return total;
    }

    private remember(key: string, width: number): void {
        if (this.cache.size > 100000) {
            this.cache.clear();
        }
        this.cache.set(key, width);
    }

    private toLeaves(pieces: Array<{ text: string; font: number; rtl: boolean }>, line: boolean): TextLeaf[] {
        return pieces.map((p) => {
            const leaf: TextLeaf = { text: p.text, font: this.splitter.families[p.font] };
            if (line || p.rtl) {
                leaf.noWrap = true;
            }
            if (p.rtl) {
                leaf.rtl = true;
            }
            return leaf;
        });
    }
}

/**
 * Ends a pre-broken line. lineEnd alone is not enough: when pdfmake finds no break opportunity
 * between two leaves (their texts would form one word) it flags the first noNewLine and then
 * ignores lineEnd. A trailing space makes the opportunity (pdfmake cuts trailing spaces from a
 * line's width and alignment). It goes into the last leaf, unless that is an RTL word: fontkit
 * would reverse the space to the word's left, so it gets a leaf of its own.
 */
function endLine(leaves: TextLeaf[]): void {
    const last = leaves[leaves.length - 1];
    if (last.rtl) {
        leaves.push({ text: ' ', font: last.font, noWrap: true, lineEnd: true });
    } else {
        last.text += ' ';
        last.lineEnd = true;
    }
}

function isBreakSpace(c: number): boolean {
    return c === 0x20 || c === 0x09 || c === 0x3000;
}

/** Ideographs, kana, CJK symbols and emoji: a line may break between any two of them. */
function isBreakAnywhere(cp: number): boolean {
    return (
        (cp >= 0x2e80 && cp <= 0x303f) ||
        (cp >= 0x3040 && cp <= 0x30ff) ||
        (cp >= 0x3100 && cp <= 0x31ff) ||
        (cp >= 0x3200 && cp <= 0x4dbf) ||
        (cp >= 0x4e00 && cp <= 0x9fff) ||
        (cp >= 0xf900 && cp <= 0xfaff) ||
        (cp >= 0xff00 && cp <= 0xff60) ||
        (cp >= 0x1f300 && cp <= 0x1faff) ||
        (cp >= 0x20000 && cp <= 0x3ffff)
    );
}

/** No break before these (closing punctuation, small kana, prolonged sound mark, iteration marks...). */
const NO_BREAK_BEFORE = new Set(
    Array.from('、。，．,.:;!?！？：；)]}）］｝」』】〕〉》〗〙〛’”ー々ゝゞヽヾぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ・…‥')
        .map((c) => c.charCodeAt(0)),
);
/** No break after these (opening punctuation). */
const NO_BREAK_AFTER = new Set(Array.from('([{（［｛「『【〔〈《〖〘〚‘“').map((c) => c.charCodeAt(0)));

/** The next break opportunity after pos (exclusive of pos), or text.length. */
function nextBreak(text: string, pos: number): number {
    const n = text.length;
    let i = pos;
    let prev = text.codePointAt(i) as number;
    i += prev > 0xffff ? 2 : 1;
    let sawSpace = isBreakSpace(prev);
    while (i < n) {
        const cp = text.codePointAt(i) as number;
        const space = isBreakSpace(cp);
        if (sawSpace && !space) {
            return i; // after spaces
        }
        if (!space && !sawSpace && !isContinuation(cp) && cp !== 0x200d) {
            if (prev === 0x200b) {
                return i;
            }
            if ((isBreakAnywhere(cp) || isBreakAnywhere(prev)) && prev !== 0x200d && !NO_BREAK_BEFORE.has(cp) && !NO_BREAK_AFTER.has(prev)) {
                return i;
            }
            if ((prev === 0x2d || prev === 0x2013 || prev === 0x2014) && isLetterish(cp) && i - pos >= 2 && isLetterish(text.codePointAt(i - 2) as number)) {
                return i; // after a hyphen or dash between letters
            }
        }
        sawSpace = sawSpace || space;
        prev = cp;
        i += cp > 0xffff ? 2 : 1;
    }
    return n;
}

function isLetterish(cp: number): boolean {
    return (cp >= 0x41 && cp <= 0x5a) || (cp >= 0x61 && cp <= 0x7a) || (cp >= 0xc0 && cp <= 0x24f) || (cp >= 0x370 && cp <= 0x52f) || (cp >= 0x590 && cp <= 0x6ff);
}

function isContinuation(cp: number): boolean {
    return (
        (cp >= 0x300 && cp <= 0x36f) ||
        (cp >= 0x483 && cp <= 0x489) ||
        (cp >= 0x591 && cp <= 0x5c7) ||
        (cp >= 0x610 && cp <= 0x61a) ||
        (cp >= 0x64b && cp <= 0x65f) ||
        cp === 0x670 ||
        (cp >= 0x6d6 && cp <= 0x6ed) ||
        (cp >= 0x900 && cp <= 0x903) ||
        (cp >= 0x93a && cp <= 0x94f) ||
        (cp >= 0x951 && cp <= 0x957) ||
        (cp >= 0x962 && cp <= 0x963) ||
        cp === 0x200c ||
        cp === 0x200d ||
        cp === 0x20e3 ||
        (cp >= 0xfe00 && cp <= 0xfe0f) ||
        (cp >= 0x1f3fb && cp <= 0x1f3ff) ||
        (cp >= 0xe0020 && cp <= 0xe007f)
    );
}
