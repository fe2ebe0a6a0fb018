// The pre-bundled vendor/pdfmake.js (built by build/vendor.ts): pdfmake, fontkit, bidi-js and
// the fonts. The Apps-Engine sandbox only lets the app require its own files, so everything the
// PDF renderer needs from npm lives in that one file. It is required lazily, inside a function:
// at package time the CLI evaluates the app's main class, when a top-level require of the
// vendor file would return undefined. No ".js" extension: the engine adds it.
import { BidiEngine } from './bidi';
import { PdfmakeLayout } from './pdfmakeLayout';
import { FontCoverageEntry } from './scripts';
import { FontStyle, Measurer } from './text';

export interface PdfFontFaces {
    normal: string;
    italics: string;
    bold: string;
    bolditalics: string;
}

export interface FontkitFont {
    unitsPerEm: number;
    layout(text: string): { advanceWidth: number };
}

export interface PdfVendor {
    /** The pdfmake singleton: its fonts, virtual file system and access policy. */
    pdfmake: { fonts: object; virtualfs: unknown; localAccessPolicy: unknown };
    fontkit: { create(data: Uint8Array): FontkitFont };
    bidiFactory: () => BidiEngine;
    /** pdfmake fonts dictionary (already registered with pdfmake): family -> vfs file names. */
    fonts: Record<string, PdfFontFaces>;
    /** Font families in priority order with the code points each covers. */
    coverage: FontCoverageEntry[];
    /** Font file bytes by vfs name. */
    readFont(vfsName: string): Uint8Array;
    /** pdfmake's internals, for printing a chunk at a time (lib/pdf/printer.ts). */
    layout: PdfmakeLayout;
}

let vendor: PdfVendor | undefined;
let bidi: BidiEngine | undefined;
let measurer: Measurer | undefined;

export function loadVendor(): PdfVendor {
    if (!vendor) {
        // eslint-disable-next-line @typescript-eslint/no-var-requires
        const loaded = require('../../vendor/pdfmake') as PdfVendor | undefined;
        if (!loaded || !loaded.pdfmake || !loaded.coverage) {
            throw new Error('vendor/pdfmake is missing or incomplete: run the vendor build (build/vendor.ts)');
        }
        vendor = loaded;
    }
    return vendor;
}

/** One bidi-js instance per process. */
export function vendorBidi(v: PdfVendor = loadVendor()): BidiEngine {
    if (!bidi) {
        bidi = v.bidiFactory();
    }
    return bidi;
}

/** Measures with the fontkit fonts pdfkit draws with (the same advance widths pdfkit lays out). */
export function vendorMeasurer(v: PdfVendor = loadVendor()): Measurer {
    if (measurer) {
        return measurer;
    }
    const fonts = new Map<string, FontkitFont>();
    const faceOf = (family: string, style: FontStyle): FontkitFont | null => {
        const faces = v.fonts[family];
        if (!faces) {
            return null;
        }
        const name = style.bold && style.italics ? faces.bolditalics : style.bold ? faces.bold : style.italics ? faces.italics : faces.normal;
        let font = fonts.get(name);
        if (!font) {
            font = v.fontkit.create(v.readFont(name));
            fonts.set(name, font);
        }
        return font;
    };
    measurer = {
        width(text: string, family: string, style: FontStyle, size: number): number {
            const font = faceOf(family, style);
            if (!font) {
                return text.length * size * 0.6;
            }
            return (font.layout(text).advanceWidth / font.unitsPerEm) * size;
        },
    };
    return measurer;
}
