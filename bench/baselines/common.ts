// What the comparison renderers share: the app's fonts (the same files from vendor/pdfmake.js)
// and text runs per font family (the app's script splitter; neither pdfkit nor @react-pdf falls
// back to another font for a character its font lacks). No bidi reordering: Arabic is shaped by
// fontkit but laid out left to right, which only makes the baselines cheaper.
import { createScriptSplitter, FontRun, ScriptSplitter } from '../../lib/pdf/scripts';
import { loadVendor, PdfFontFaces } from '../../lib/pdf/vendor';
import { PdfFormat } from '../../lib/pdf/renderPdf';
import { TranscriptLabels } from '../../lib/transcript/types';

export type FaceStyle = keyof PdfFontFaces;

export interface BaselineFonts {
    families: string[];
    faces: Record<string, PdfFontFaces>;
    /** sfnt bytes of a face, by vfs name (decoded once and cached by the vendor bundle). */
    read(vfsName: string): Buffer;
    splitter: ScriptSplitter;
    split(text: string): FontRun[];
}

export function baselineFonts(language: string): BaselineFonts {
    const vendor = loadVendor();
    const splitter = createScriptSplitter(vendor.coverage, { language });
    return {
        families: Object.keys(vendor.fonts),
        faces: vendor.fonts,
        // The vendor's own cached buffer, not a copy (Buffer.from() would copy every face per document).
        read: (name) => {
            const bytes = vendor.readFont(name);
            return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
        },
        splitter,
        split: (text) => splitter.split(text),
    };
}

export function faceName(family: string, style: FaceStyle): string {
    return `${family}/${style}`;
}

export function styleOf(bold: boolean, italics: boolean): FaceStyle {
    return bold && italics ? 'bolditalics' : bold ? 'bold' : italics ? 'italics' : 'normal';
}

/** Everything a renderer is handed: the same inputs renderPdf() gets. */
export interface RenderInput {
    labels: TranscriptLabels;
    format: PdfFormat;
}

/** Like the app: at most 200 images are embedded, the rest are listed by name. */
export const MAX_IMAGES = 200;

/** Image size in points: pixels at 96 dpi, scaled down (never up) to fit width and 360 pt. */
export function imageBox(data: Uint8Array, maxWidth: number): { width: number; height: number } | null {
    const b = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
    let width = 0;
    let height = 0;
    if (b.length > 24 && b.readUInt32BE(0) === 0x89504e47) {
        width = b.readUInt32BE(16);
        height = b.readUInt32BE(20);
    } else if (b.length > 4 && b.readUInt16BE(0) === 0xffd8) {
        for (let o = 2; o + 9 < b.length; ) {
            const marker = b.readUInt16BE(o);
            const length = b.readUInt16BE(o + 2);
            if (marker >= 0xffc0 && marker <= 0xffc3) {
                height = b.readUInt16BE(o + 5);
                width = b.readUInt16BE(o + 7);
                break;
            }
            o += 2 + length;
        }
    }
    if (!width || !height) {
        return null;
    }
    const w = width * 0.75;
    const h = height * 0.75;
    const scale = Math.min(1, maxWidth / w, 360 / h);
    return { width: w * scale, height: h * scale };
}
