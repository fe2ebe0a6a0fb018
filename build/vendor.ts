// Generates vendor/pdfmake.js: pdfmake, fontkit, bidi-js and the fonts, pre-bundled so that
// `rc-apps package` ships them inside the app zip (the Deno sandbox cannot load node_modules).
//
// The bundle's module.exports (typed in lib/pdf/vendor.ts as PdfVendor):
//   {
//     pdfmake,      // the pdfmake 0.3 singleton, fonts already registered (setFonts), url/local access denied
//     fontkit,      // the fontkit instance pdfkit uses (lib measures RTL lines with it)
//     bidiFactory,  // bidi-js factory: bidiFactory() -> { getEmbeddingLevels, getReorderSegments, ... }
//     fonts,        // pdfmake fonts dictionary: { [family]: { normal, italics, bold, bolditalics } } (vfs names)
//     coverage,     // FontCoverageEntry[] in priority order: { family, group, lang?, ranges: [s0, e0, s1, e1, ...] }
//     readFont,     // (vfsName) => Buffer: the font file bytes (decoded on first use)
//   }
// Fonts are embedded with esbuild's binary loader and decoded lazily: a font's bytes are only
// materialised when pdfmake (or lib's measurer) first reads that file from the virtual fs.
import { build } from 'esbuild';
import * as fs from 'fs';
import * as path from 'path';
import { fontCoverage, PDF_FONT_FILES, pdfmakeFontDictionary } from './fonts';

const root = path.join(__dirname, '..');
const outfile = path.join(root, 'vendor', 'pdfmake.js');

function entrySource(): string {
    const fontFiles = PDF_FONT_FILES.map(({ vfsName, file }) => `  ${JSON.stringify(vfsName)}: () => require(${JSON.stringify(file)}),`);
    return [
        `const pdfmake = require('pdfmake');`,
        `const fontkit = require('fontkit');`,
        `const bidiFactory = require('bidi-js');`,
        `const files = {`,
        ...fontFiles,
        `};`,
        `const storage = pdfmake.virtualfs.storage;`,
        `const cache = {};`,
        `function readFont(name) {`,
        `  if (!Object.prototype.hasOwnProperty.call(files, name)) throw new Error('unknown font ' + name);`,
        `  if (!cache[name]) { const u8 = files[name](); cache[name] = Buffer.from(u8.buffer, u8.byteOffset, u8.byteLength); }`,
        `  return cache[name];`,
        `}`,
        `for (const name of Object.keys(files)) {`,
        `  Object.defineProperty(storage, name, { enumerable: true, configurable: true, get: () => readFont(name) });`,
        `}`,
        `const fonts = ${JSON.stringify(pdfmakeFontDictionary())};`,
        `pdfmake.setFonts(JSON.parse(JSON.stringify(fonts)));`,
        `pdfmake.setUrlAccessPolicy(() => false);`,
        `pdfmake.setLocalAccessPolicy(() => false);`,
        `const coverage = ${JSON.stringify(fontCoverage())};`,
        `module.exports = { pdfmake, fontkit, bidiFactory, fonts, coverage, readFont };`,
    ].join('\n');
}

export async function buildVendor(): Promise<void> {
    await build({
        stdin: { contents: entrySource(), resolveDir: root, sourcefile: 'vendor-entry.js' },
        bundle: true,
        platform: 'node',
        format: 'cjs',
        target: 'es2020',
        minify: true,
        legalComments: 'none',
        loader: { '.woff': 'binary', '.woff2': 'binary', '.ttf': 'binary', '.otf': 'binary' },
        outfile,
        logLevel: 'warning',
    });
    const size = fs.statSync(outfile).size;
    console.log(`wrote ${path.relative(root, outfile)} (${(size / 1024 / 1024).toFixed(2)} MB)`);
}
