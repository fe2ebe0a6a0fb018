// The fonts bundled into vendor/pdfmake.js, by the name the PDF renderer uses for them.
//
// pdfmake has no font fallback, so lib/pdf/scripts.ts splits every text into runs by the
// font family that covers each character. The families below are listed in PRIORITY order
// (first family covering a character wins); their coverage is read at build time from the
// cmap of each family's normal face (fontCoverage()) and shipped inside the vendor bundle.
//
// All files are fontsource unicode-range subsets in WOFF (zlib). Not WOFF2, although smaller:
// fontkit 2.0.4 cannot subset WOFF2 fonts with composite glyphs (é, й, ά... pdfkit throws
// "Offset is outside the bounds of the DataView" when embedding). Faces a family lacks (italic
// or bold for Arabic/Hebrew/CJK/emoji) fall back to the normal face.
import * as path from 'path';

export interface PdfFontFile {
    vfsName: string;
    file: string;
}

export type PdfFontGroup = 'sans' | 'arabic' | 'hebrew' | 'cjk' | 'emoji';

export interface PdfFontFamily {
    /** pdfmake font family name (what lib code puts in `font`). */
    family: string;
    /** Fonts of one group are interchangeable designs: a run of one group stays in its font while it covers the text. */
    group: PdfFontGroup;
    /** Language tag this family is preferred for within its group (CJK: ja -> JP, ko -> KR). */
    lang?: string;
    normal: PdfFontFile;
    italics?: PdfFontFile;
    bold?: PdfFontFile;
    bolditalics?: PdfFontFile;
}

const fontsourceDir = (pkg: string) => path.join(path.dirname(require.resolve(`@fontsource/${pkg}/package.json`)), 'files');

function face(pkg: string, subset: string, weight: number, style: 'normal' | 'italic'): PdfFontFile {
    const name = `${pkg}-${subset}-${weight}-${style}.woff`;
    return { vfsName: name, file: path.join(fontsourceDir(pkg), name) };
}

function sans(subset: string): PdfFontFamily {
    return {
        family: `NotoSans-${subset}`,
        group: 'sans',
        normal: face('noto-sans', subset, 400, 'normal'),
        italics: face('noto-sans', subset, 400, 'italic'),
        bold: face('noto-sans', subset, 700, 'normal'),
        bolditalics: face('noto-sans', subset, 700, 'italic'),
    };
}

/** Priority order. The first family is the fallback for characters nothing covers. */
export const PDF_FONT_FAMILIES: PdfFontFamily[] = [
    sans('latin'),
    sans('latin-ext'),
    sans('vietnamese'),
    sans('cyrillic'),
    sans('cyrillic-ext'),
    sans('greek'),
    sans('greek-ext'),
    sans('devanagari'),
    {
        family: 'NotoSansArabic',
        group: 'arabic',
        normal: face('noto-sans-arabic', 'arabic', 400, 'normal'),
        bold: face('noto-sans-arabic', 'arabic', 700, 'normal'),
    },
    {
        family: 'NotoSansHebrew',
        group: 'hebrew',
        normal: face('noto-sans-hebrew', 'hebrew', 400, 'normal'),
        bold: face('noto-sans-hebrew', 'hebrew', 700, 'normal'),
    },
    // CJK: one "main" subset each (simplified Chinese ~7.9k chars incl. GB2312; Japanese ~6.9k
    // incl. kana and joyo kanji; Korean ~11.5k incl. all hangul syllables).
    { family: 'NotoSansSC', group: 'cjk', lang: 'zh', normal: face('noto-sans-sc', 'chinese-simplified', 400, 'normal') },
    { family: 'NotoSansJP', group: 'cjk', lang: 'ja', normal: face('noto-sans-jp', 'japanese', 400, 'normal') },
    { family: 'NotoSansKR', group: 'cjk', lang: 'ko', normal: face('noto-sans-kr', 'korean', 400, 'normal') },
    // Monochrome Noto Emoji (a colour emoji font crashes pdfmake). Its "emoji" subset holds every
    // glyph of the numbered subsets, including ZWJ sequences, skin tones and flags.
    { family: 'NotoEmoji', group: 'emoji', normal: face('noto-emoji', 'emoji', 400, 'normal') },
];

const STYLES = ['normal', 'italics', 'bold', 'bolditalics'] as const;

/** Every distinct font file, with its vfs name. */
export const PDF_FONT_FILES: PdfFontFile[] = (() => {
    const seen = new Map<string, PdfFontFile>();
    for (const fam of PDF_FONT_FAMILIES) {
        for (const style of STYLES) {
            const f = fam[style];
            if (f && !seen.has(f.vfsName)) {
                seen.set(f.vfsName, f);
            }
        }
    }
    return [...seen.values()];
})();

/** The pdfmake `fonts` dictionary: family -> vfs names for each style (missing styles fall back). */
export function pdfmakeFontDictionary(): Record<string, { normal: string; italics: string; bold: string; bolditalics: string }> {
    const out: Record<string, { normal: string; italics: string; bold: string; bolditalics: string }> = {};
    for (const fam of PDF_FONT_FAMILIES) {
        const normal = fam.normal.vfsName;
        const italics = fam.italics ? fam.italics.vfsName : normal;
        const bold = fam.bold ? fam.bold.vfsName : normal;
        const bolditalics = fam.bolditalics ? fam.bolditalics.vfsName : fam.bold ? bold : italics;
        out[fam.family] = { normal, italics, bold, bolditalics };
    }
    return out;
}

/** Runtime coverage entry (same shape as lib/pdf/scripts.ts FontCoverageEntry). */
export interface FontCoverageEntry {
    family: string;
    group: PdfFontGroup;
    lang?: string;
    /** Sorted, non-overlapping inclusive code point ranges, flattened: [start0, end0, start1, end1, ...]. */
    ranges: number[];
}

/**
 * Reads each family's normal face with fontkit (the one pdfkit uses) and returns the code
 * points it really maps to glyphs, as ranges. Control characters and U+FFFF (which some
 * subsets map to .notdef) are left out.
 */
export function fontCoverage(): FontCoverageEntry[] {
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    const fontkit = require('fontkit');
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    const fs = require('fs');
    return PDF_FONT_FAMILIES.map((fam) => {
        const font = fontkit.create(fs.readFileSync(fam.normal.file));
        const cps = (font.characterSet as number[])
            .filter((cp) => cp >= 0x20 && cp !== 0x7f && cp !== 0xffff && cp !== 0xfffe && !(cp >= 0x80 && cp < 0xa0))
            .sort((a, b) => a - b);
        const ranges: number[] = [];
        for (const cp of cps) {
            const n = ranges.length;
            if (n && ranges[n - 1] + 1 >= cp) {
                ranges[n - 1] = Math.max(ranges[n - 1], cp);
            } else {
                ranges.push(cp, cp);
            }
        }
        const entry: FontCoverageEntry = { family: fam.family, group: fam.group, ranges };
        if (fam.lang) {
            entry.lang = fam.lang;
        }
        return entry;
    });
}
