// Splits text into runs by the font family that covers each character.
//
// pdfmake has no font fallback: every `text` leaf is drawn with exactly one font, and a
// character the font lacks becomes .notdef. The coverage table comes from the vendor bundle
// (generated at build time from the real font files by build/fonts.ts) and lists families in
// priority order; the first family is the fallback for characters nothing covers.

export type FontGroup = 'sans' | 'arabic' | 'hebrew' | 'cjk' | 'emoji';

export interface FontCoverageEntry {
    family: string;
    group: FontGroup;
    /** Language this family is preferred for inside its group (e.g. 'ja' for the JP CJK font). */
    lang?: string;
    /** Sorted, non-overlapping inclusive code point ranges, flattened: [start0, end0, start1, end1, ...]. */
    ranges: number[];
}

export interface FontRun {
    text: string;
    font: string;
}

export interface ScriptSplitter {
    /** Family names in the splitter's priority order; indexes returned by assign() point here. */
    readonly families: string[];
    readonly groups: FontGroup[];
    /** Runs of text in logical order, each with a family that covers it. */
    split(text: string): FontRun[];
    /**
     * The family index for each UTF-16 code unit of text (both halves of a surrogate pair get
     * the same index); DROP for invisible format characters no chosen font covers (ZWJ outside
     * emoji, bidi controls, variation selectors...), which are left out of the output.
     */
    assign(text: string): Uint8Array;
    /** Whether family index `font` has a glyph for code point cp. */
    covers(font: number, cp: number): boolean;
}

/** assign() value for characters that are left out of the output. */
export const DROP = 255;

const ASCII_ONLY = /^[\x20-\x7e]*$/;
const MARK = new RegExp('^\\p{M}$', 'u');

/** Characters that attach to the previous character and must stay in its font. */
function isExtender(cp: number): boolean {
    if (cp < 0x300) {
        return false;
    }
    if (cp <= 0xffff) {
        return (bmpMarks()[cp] & 1) === 1;
    }
    return computeExtender(cp);
}

let marks: Uint8Array | undefined;
/** BMP extender flags, computed once (a regex test per character is too slow for long transcripts). */
function bmpMarks(): Uint8Array {
    if (!marks) {
        marks = new Uint8Array(0x10000);
        for (let cp = 0x300; cp <= 0xffff; cp++) {
            if ((cp < 0xd800 || cp > 0xdfff) && computeExtender(cp)) {
                marks[cp] = 1;
            }
        }
    }
    return marks;
}

function computeExtender(cp: number): boolean {
    return (
        cp === 0x200c ||
        cp === 0x200d ||
        (cp >= 0xfe00 && cp <= 0xfe0f) ||
        (cp >= 0x1f3fb && cp <= 0x1f3ff) ||
        (cp >= 0xe0020 && cp <= 0xe007f) ||
        (cp >= 0xe0100 && cp <= 0xe01ef) ||
        MARK.test(String.fromCodePoint(cp))
    );
}

/** Invisible format characters: dropped when the run's font has no glyph for them. */
function isDefaultIgnorable(cp: number): boolean {
    return (
        cp === 0xad ||
        cp === 0x34f ||
        cp === 0x61c ||
        (cp >= 0x115f && cp <= 0x1160) ||
        (cp >= 0x17b4 && cp <= 0x17b5) ||
        (cp >= 0x180b && cp <= 0x180f) ||
        (cp >= 0x200b && cp <= 0x200f) ||
        (cp >= 0x202a && cp <= 0x202e) ||
        (cp >= 0x2060 && cp <= 0x206f) ||
        cp === 0x3164 ||
        (cp >= 0xfe00 && cp <= 0xfe0f) ||
        cp === 0xfeff ||
        cp === 0xffa0 ||
        (cp >= 0xfff0 && cp <= 0xfff8) ||
        (cp >= 0x1bca0 && cp <= 0x1bca3) ||
        (cp >= 0x1d173 && cp <= 0x1d17a) ||
        (cp >= 0xe0000 && cp <= 0xe0fff)
    );
}

/** Whitespace, digits and punctuation: they stay in the current (non-emoji) run when it covers them. */
function isNeutral(cp: number): boolean {
    if (cp < 0x80) {
        return !((cp >= 0x41 && cp <= 0x5a) || (cp >= 0x61 && cp <= 0x7a));
    }
    return (
        (cp >= 0xa0 && cp <= 0xbf) ||
        cp === 0xd7 ||
        cp === 0xf7 ||
        (cp >= 0x2000 && cp <= 0x206f) ||
        (cp >= 0x20a0 && cp <= 0x20cf) ||
        (cp >= 0x2190 && cp <= 0x21ff) ||
        (cp >= 0x3000 && cp <= 0x303f) ||
        (cp >= 0xff01 && cp <= 0xff20)
    );
}

function orderFor(coverage: FontCoverageEntry[], language?: string): FontCoverageEntry[] {
    const lang = (language || '').toLowerCase().split(/[-_]/)[0];
    if (!lang) {
        return coverage.slice();
    }
    // Within a group, a family made for the document's language goes first (ja -> JP glyph forms).
    const preferred = coverage.filter((c) => c.lang === lang);
    if (!preferred.length) {
        return coverage.slice();
    }
    const out: FontCoverageEntry[] = [];
    for (const c of coverage) {
        if (preferred.indexOf(c) >= 0) {
            continue;
        }
        if (c.group === preferred[0].group && !out.some((o) => o.group === c.group)) {
            out.push(...preferred);
        }
        out.push(c);
    }
    for (const p of preferred) {
        if (out.indexOf(p) < 0) {
            out.push(p);
        }
    }
    return out;
}

export interface ScriptSplitterOptions {
    /** BCP-47 language of the document: picks the CJK font variant (ja/ko/zh) tried first. */
    language?: string;
}

export function createScriptSplitter(coverage: FontCoverageEntry[], options: ScriptSplitterOptions = {}): ScriptSplitter {
    if (!coverage.length) {
        throw new Error('font coverage table is empty');
    }
    if (coverage.length > 32) {
        throw new Error('at most 32 font families are supported');
    }
    // The first entry of the table stays the fallback whatever the language order.
    const fallbackFamily = coverage[0].family;
    const ordered = orderFor(coverage, options.language);
    const families = ordered.map((c) => c.family);
    const groups = ordered.map((c) => c.group);
    const fallback = families.indexOf(fallbackFamily);
    const emoji = groups.indexOf('emoji');

    // BMP: a bit mask of covering families per code point; astral: per family range lists.
    const bmp = new Uint32Array(0x10000);
    const astral: Array<{ font: number; ranges: number[] }> = [];
    ordered.forEach((entry, font) => {
        const bit = 1 << font;
        const r = entry.ranges;
        const high: number[] = [];
        for (let i = 0; i + 1 < r.length; i += 2) {
            const start = r[i];
            const end = r[i + 1];
            for (let cp = start; cp <= Math.min(end, 0xffff); cp++) {
                bmp[cp] |= bit;
            }
            if (end > 0xffff) {
                high.push(Math.max(start, 0x10000), end);
            }
        }
        if (high.length) {
            astral.push({ font, ranges: high });
        }
    });

    function inRanges(ranges: number[], cp: number): boolean {
        let lo = 0;
        let hi = ranges.length / 2 - 1;
        while (lo <= hi) {
            const mid = (lo + hi) >> 1;
            if (cp < ranges[2 * mid]) {
                hi = mid - 1;
            } else if (cp > ranges[2 * mid + 1]) {
                lo = mid + 1;
            } else {
                return true;
            }
        }
        return false;
    }

    function mask(cp: number): number {
        if (cp <= 0xffff) {
            return bmp[cp];
        }
        let m = 0;
        for (const a of astral) {
            if (inRanges(a.ranges, cp)) {
                m |= 1 << a.font;
            }
        }
        return m;
    }

    function covers(font: number, cp: number): boolean {
        return font >= 0 && font < 32 && (mask(cp) & (1 << font)) !== 0;
    }

    function firstIn(m: number, exclude = -1): number {
        for (let f = 0; f < families.length; f++) {
            if (f !== exclude && m & (1 << f)) {
                return f;
            }
        }
        return -1;
    }

    function assign(text: string): Uint8Array {
        const out = new Uint8Array(text.length);
        if (ASCII_ONLY.test(text)) {
            out.fill(fallback);
            return out;
        }
        let cur = -1; // font of the previous visible character
        let prevCp = -1;
        for (let i = 0; i < text.length; ) {
            const cp = text.codePointAt(i) as number;
            const size = cp > 0xffff ? 2 : 1;
            const m = mask(cp);
            let font: number;
            if (cur >= 0 && (isExtender(cp) || (prevCp === 0x200d && cur === emoji && (m & (1 << cur)) !== 0))) {
                // Marks, joiners, selectors, skin tones and the rest of a ZWJ sequence stay with their base.
                font = m & (1 << cur) ? cur : isDefaultIgnorable(cp) ? DROP : cur;
            } else if (isDefaultIgnorable(cp)) {
                // Invisible format characters (bidi controls, ZWSP...) never switch fonts.
                font = cur >= 0 && m & (1 << cur) ? cur : DROP;
            } else if (m === 0) {
                font = cur >= 0 && cur !== emoji && isNeutral(cp) ? cur : fallback;
            } else {
                const next = i + size < text.length ? (text.codePointAt(i + size) as number) : -1;
                if (emoji >= 0 && (next === 0xfe0f || next === 0x20e3 || (next >= 0x1f3fb && next <= 0x1f3ff)) && m & (1 << emoji)) {
                    font = emoji; // emoji presentation requested (VS16, keycap, skin tone)
                } else if (next === 0xfe0e && firstIn(m, emoji) >= 0) {
                    font = firstIn(m, emoji); // text presentation requested (VS15)
                } else if (cur >= 0 && cur !== emoji && m & (1 << cur) && isNeutral(cp)) {
                    font = cur;
                } else {
                    const pref = firstIn(m);
                    font = cur >= 0 && cur !== emoji && groups[cur] === groups[pref] && m & (1 << cur) ? cur : pref;
                }
            }
            out[i] = font;
            if (size === 2) {
                out[i + 1] = font;
            }
            if (font !== DROP) {
                cur = font;
            }
            prevCp = cp;
            i += size;
        }
        return out;
    }

    function split(text: string): FontRun[] {
        if (ASCII_ONLY.test(text)) {
            return text ? [{ text, font: families[fallback] }] : [];
        }
        const fonts = assign(text);
        const runs: FontRun[] = [];
        let start = -1;
        let font = -1;
        let buf = '';
        for (let i = 0; i <= text.length; i++) {
            const f = i < text.length ? fonts[i] : -2;
            if (f === DROP) {
                if (start >= 0) {
                    buf += text.slice(start, i);
                    start = -1;
                }
                continue;
            }
            if (f !== font) {
                if (start >= 0) {
                    buf += text.slice(start, i);
                }
                if (buf) {
                    runs.push({ text: buf, font: families[font] });
                }
                buf = '';
                start = i;
                font = f;
            } else if (start < 0) {
                start = i;
            }
        }
        return runs;
    }

    return { families, groups, split, assign, covers };
}
