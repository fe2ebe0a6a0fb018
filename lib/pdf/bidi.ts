// Visual reordering of right-to-left and mixed-direction text for pdfmake.
//
// pdfmake lays out words strictly left to right, and pdfkit hands each space-separated word to
// fontkit, which shapes it (Arabic joining) and, when the word's first strong script is
// right-to-left, REVERSES that word's glyphs. Nothing else reorders. So for every line we:
//   1. run the Unicode Bidirectional Algorithm (bidi-js, injected) on the paragraph,
//   2. reorder the line's characters into visual order (UAX #9 L2) and mirror brackets (L4),
//   3. cut the visual sequence into pieces of one font and one direction, never containing a
//      space inside an RTL-script piece, and
//   4. emit each piece so that AFTER fontkit's own reversal it comes out in visual order: an
//      RTL-script piece is emitted in logical order (fontkit shapes it, then reverses it); any
//      other piece of a reversed run is emitted already reversed, by grapheme, so surrogate
//      pairs, combining marks and emoji ZWJ sequences stay intact.
// Pieces come out in visual order, left to right; the caller makes them pdfmake leaves (RTL
// pieces with noWrap so pdfmake cannot split them) and right-aligns RTL paragraphs.
//
// bidi-js works on UTF-16 code units and classifies a lone surrogate as L, so astral
// characters (emoji, supplementary CJK...) are first replaced, for bidi only, by a BMP stand-in
// of the same bidi class.

export interface BidiEmbeddingLevels {
    levels: Uint8Array;
    paragraphs: Array<{ start: number; end: number; level: number }>;
}

/** The subset of bidi-js (`bidiFactory()`) this module uses. */
export interface BidiEngine {
    getEmbeddingLevels(text: string, explicitDirection?: 'ltr' | 'rtl'): BidiEmbeddingLevels;
    getReorderSegments(text: string, embeddingLevels: BidiEmbeddingLevels, start?: number, end?: number): Array<[number, number]>;
    getMirroredCharacter(char: string): string | null;
    getBidiCharTypeName(char: string): string;
}

/** A piece of a line in visual order, as text to hand to pdfmake (see the header comment). */
export interface VisualPiece {
    text: string;
    /** Font index from the ScriptSplitter. */
    font: number;
    /** true when fontkit will reverse this piece (RTL script): it must not be split further. */
    rtl: boolean;
}

// Code point ranges whose Unicode script fontkit treats as right-to-left (Hebrew, Arabic,
// Syriac, Thaana, NKo, Samaritan, Mandaic and the historic RTL scripts), generated from
// unicode-properties getScript(), the function fontkit uses to pick a word's direction.
const RTL_SCRIPT_RANGES = [
    0x591, 0x5c7, 0x5d0, 0x5ea, 0x5ef, 0x5f4, 0x600, 0x604, 0x606, 0x60b, 0x60d, 0x61a, 0x61c, 0x61c, 0x61e, 0x61e, 0x620, 0x63f, 0x641, 0x64a,
    0x656, 0x66f, 0x671, 0x6dc, 0x6de, 0x70d, 0x70f, 0x74a, 0x74d, 0x7b1, 0x7c0, 0x7fa, 0x7fd, 0x82d, 0x830, 0x83e, 0x840, 0x85b, 0x85e, 0x85e,
    0x860, 0x86a, 0x8a0, 0x8b4, 0x8b6, 0x8bd, 0x8d3, 0x8e1, 0x8e3, 0x8ff, 0xfb1d, 0xfb36, 0xfb38, 0xfb3c, 0xfb3e, 0xfb3e, 0xfb40, 0xfb41,
    0xfb43, 0xfb44, 0xfb46, 0xfbc1, 0xfbd3, 0xfd3d, 0xfd50, 0xfd8f, 0xfd92, 0xfdc7, 0xfdf0, 0xfdfd, 0xfe70, 0xfe74, 0xfe76, 0xfefc,
    0x10800, 0x10fff, 0x1e800, 0x1efff,
];

function inRtlScript(cp: number): boolean {
    if (cp < 0x591) {
        return false;
    }
    for (let i = 0; i < RTL_SCRIPT_RANGES.length; i += 2) {
        if (cp < RTL_SCRIPT_RANGES[i]) {
            return false;
        }
        if (cp <= RTL_SCRIPT_RANGES[i + 1]) {
            return true;
        }
    }
    return false;
}

/** Strong RTL letters, RTL marks and explicit directional formatting characters. */
const BIDI_TRIGGER = /[\u0590-\u08ff\u200f\u202a-\u202e\u2066-\u2069\ufb1d-\ufdff\ufe70-\ufefc]|\ud802[\udc00-\udfff]|\ud803[\udc00-\udfff]|\ud83a[\udc00-\udfff]|\ud83b[\udc00-\udfff]/;

/** Whether the text needs the bidi algorithm at all (pure LTR text is left to pdfmake as is). */
export function needsBidi(text: string): boolean {
    return BIDI_TRIGGER.test(text);
}

/** Candidates for the first "strong script" character: letters and anything in an RTL-script block. */
const SCRIPT_CANDIDATE = new RegExp('[\\u0591-\\u08ff\\ufb1d-\\ufdff\\ufe70-\\ufefc\\u{10800}-\\u{10fff}\\u{1e800}-\\u{1efff}]|\\p{L}', 'gu');

/** Whether fontkit will reverse the glyphs of this (space-free) word: its first non-neutral script is RTL. */
export function fontkitReverses(text: string): boolean {
    SCRIPT_CANDIDATE.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = SCRIPT_CANDIDATE.exec(text))) {
        const cp = m[0].codePointAt(0) as number;
        if (inRtlScript(cp)) {
            return true;
        }
        const inRtlBlock = (cp >= 0x591 && cp <= 0x8ff) || (cp >= 0xfb1d && cp <= 0xfefc) || (cp >= 0x10800 && cp <= 0x10fff) || (cp >= 0x1e800 && cp <= 0x1efff);
        if (!inRtlBlock) {
            return false; // a letter of another (LTR) script
        }
        // else a Common/Inherited character of an RTL block (U+060C, U+0640, harakat...): keep looking
    }
    return false;
}

const MARK = new RegExp('^[\\p{M}\\u200c\\u200d\\ufe00-\\ufe0f\\u{1f3fb}-\\u{1f3ff}\\u{e0020}-\\u{e007f}\\u{e0100}-\\u{e01ef}]$', 'u');

/** Splits text into grapheme-like clusters: a code point with its marks, selectors, modifiers and ZWJ continuations. */
export function graphemes(text: string): string[] {
    const out: string[] = [];
    let i = 0;
    while (i < text.length) {
        const start = i;
        let cp = text.codePointAt(i) as number;
        i += cp > 0xffff ? 2 : 1;
        const regional = cp >= 0x1f1e6 && cp <= 0x1f1ff;
        if (regional && i < text.length) {
            const n = text.codePointAt(i) as number;
            if (n >= 0x1f1e6 && n <= 0x1f1ff) {
                i += 2; // a flag is a pair of regional indicators
            }
        }
        while (i < text.length) {
            cp = text.codePointAt(i) as number;
            if (cp === 0x20e3 || MARK.test(String.fromCodePoint(cp))) {
                i += cp > 0xffff ? 2 : 1;
                if (cp === 0x200d && i < text.length) {
                    const n = text.codePointAt(i) as number;
                    i += n > 0xffff ? 2 : 1; // ZWJ joins the next code point into the cluster
                }
            } else {
                break;
            }
        }
        out.push(text.slice(start, i));
    }
    return out;
}

export function reverseGraphemes(text: string): string {
    if (text.length < 2) {
        return text;
    }
    return graphemes(text).reverse().join('');
}

const CLASS_STANDIN: Record<string, string> = {
    L: 'a',
    R: '\u05d0',
    AL: '\u0627',
    EN: '0',
    AN: '\u0660',
    NSM: '\u0300',
    BN: '\u200b',
    WS: ' ',
    ON: '\u2022',
};

/** The text with each surrogate pair replaced by two BMP characters of the same bidi class. */
function bidiProxy(bidi: BidiEngine, text: string): string {
    if (!/[\ud800-\udfff]/.test(text)) {
        return text;
    }
    let out = '';
    for (let i = 0; i < text.length; i++) {
        const c = text.charCodeAt(i);
        if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
            const cp = text.codePointAt(i) as number;
            const stand = CLASS_STANDIN[bidi.getBidiCharTypeName(String.fromCodePoint(cp))] || '\u2022';
            out += stand + stand;
            i++;
        } else if (c >= 0xd800 && c <= 0xdfff) {
            out += '\u2022';
        } else {
            out += text[i];
        }
    }
    return out;
}

/** One paragraph (no line separators inside) after the bidi algorithm. */
export interface BidiParagraph {
    text: string;
    /** What bidi-js saw (astral characters replaced); same length as text. */
    proxy: string;
    embedding: BidiEmbeddingLevels;
    /** Paragraph direction (auto-detected from the first strong character unless given). */
    rtl: boolean;
}

export function analyzeParagraph(bidi: BidiEngine, text: string, direction?: 'ltr' | 'rtl'): BidiParagraph {
    const proxy = bidiProxy(bidi, text);
    const embedding = bidi.getEmbeddingLevels(proxy, direction);
    const level = embedding.paragraphs.length ? embedding.paragraphs[0].level : 0;
    return { text, proxy, embedding, rtl: (level & 1) === 1 };
}

const isSpaceCode = (c: number) => c === 0x20 || c === 0x09 || c === 0x3000 || c === 0xa0;

/** Characters that may have a Bidi_Mirroring_Glyph (brackets, quotes, math symbols). */
function mayMirror(c: number): boolean {
    return c < 0x80 ? c === 0x28 || c === 0x29 || c === 0x3c || c === 0x3e || c === 0x5b || c === 0x5d || c === 0x7b || c === 0x7d : c === 0xab || c === 0xbb || c >= 0x0f3a;
}

/**
 * The visual pieces of para.text[start, end) (end exclusive), left to right.
 * fonts: the ScriptSplitter font index for each code unit of para.text (DROP = leave out).
 */
export function visualPieces(bidi: BidiEngine, para: BidiParagraph, fonts: Uint8Array, start = 0, end = para.text.length, drop = 255): VisualPiece[] {
    const { text } = para;
    if (end <= start) {
        return [];
    }
    const order: number[] = [];
    for (let i = start; i < end; i++) {
        order.push(i);
    }
    for (const [a, b] of bidi.getReorderSegments(para.proxy, para.embedding, start, end - 1)) {
        let lo = a - start;
        let hi = b - start;
        while (lo < hi) {
            const t = order[lo];
            order[lo] = order[hi];
            order[hi] = t;
            lo++;
            hi--;
        }
    }
    // L4: characters at odd (RTL) levels show their mirrored glyph, e.g. "(" as ")".
    const levels = para.embedding.levels;
    const charAt = (i: number) => (levels[i] & 1 && mayMirror(text.charCodeAt(i)) ? bidi.getMirroredCharacter(text[i]) || text[i] : text[i]);

    // Visual runs of logically contiguous indexes: ascending (forward) or descending (reversed).
    // Each run is handled as a logical range, so surrogate pairs (swapped inside reversed runs)
    // and grapheme clusters are rebuilt from the logical text.
    const pieces: VisualPiece[] = [];
    let k = 0;
    while (k < order.length) {
        let j = k + 1;
        let dir = 0;
        while (j < order.length) {
            const d = order[j] - order[j - 1];
            if ((d !== 1 && d !== -1) || (dir !== 0 && d !== dir)) {
                break;
            }
            dir = d;
            j++;
        }
        const lo = Math.min(order[k], order[j - 1]);
        const hi = Math.max(order[k], order[j - 1]);
        emitRange(lo, hi + 1, dir === -1);
        k = j;
    }

    function emitRange(lo: number, hi: number, reversed: boolean): void {
        // Cut [lo, hi) into logical sub-ranges of one font and of spaces / non-spaces.
        const subs: number[] = [];
        let s = lo;
        let sp = isSpaceCode(text.charCodeAt(lo));
        for (let i = lo + 1; i < hi; i++) {
            const spi = isSpaceCode(text.charCodeAt(i));
            if (fonts[i] !== fonts[s] || spi !== sp) {
                subs.push(s, i);
                s = i;
                sp = spi;
            }
        }
        subs.push(s, hi);
        const count = subs.length / 2;
        for (let n = 0; n < count; n++) {
            const k = reversed ? count - 1 - n : n;
            const a = subs[2 * k];
            const b = subs[2 * k + 1];
            if (fonts[a] === drop) {
                continue;
            }
            const logical = logicalText(a, b);
            if (!logical) {
                continue;
            }
            const rtl = fontkitReverses(logical);
            // fontkit reverses RTL-script words: hand it the reverse of what must appear. A reversed
            // run of an RTL word is thus its logical text; anything else is reversed by grapheme.
            const out = rtl ? (reversed ? logical : reverseGraphemes(logical)) : reversed ? reverseGraphemes(logical) : logical;
            push({ text: out, font: fonts[a], rtl });
        }
    }

    /** text[a, b) with dropped characters left out and RTL-level brackets mirrored (L4). */
    function logicalText(a: number, b: number): string {
        let plain = true;
        for (let i = a; i < b; i++) {
            if (fonts[i] === drop || (levels[i] & 1 && mayMirror(text.charCodeAt(i)))) {
                plain = false;
                break;
            }
        }
        if (plain) {
            return text.slice(a, b);
        }
        let out = '';
        for (let i = a; i < b; i++) {
            if (fonts[i] !== drop) {
                out += charAt(i);
            }
        }
        return out;
    }

    function push(p: VisualPiece): void {
        const last = pieces[pieces.length - 1];
        if (last && !last.rtl && !p.rtl && last.font === p.font) {
            last.text += p.text;
        } else {
            pieces.push(p);
        }
    }

    return pieces;
}
