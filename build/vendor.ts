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
//     layout,       // pdfmake's PDFDocument, LayoutBuilder, Renderer…: lib/pdf/printer.ts lays a
//                   // long document out a chunk at a time with them
//   }
// Fonts are embedded (WOFF) with esbuild's binary loader and decoded lazily: a font's bytes are
// only materialised when pdfmake (or lib's measurer) first reads that file from the virtual fs,
// and then converted ONCE from WOFF to a plain sfnt (TrueType) with zlib. fontkit reading WOFF
// directly re-inflates a table on every access (e.g. glyf for each glyph), which makes laying out
// CJK text very slow; as sfnt it is a buffer view.
import { build, Plugin } from 'esbuild';
import * as fs from 'fs';
import * as path from 'path';
import { fontCoverage, PDF_FONT_FILES, pdfmakeFontDictionary } from './fonts';

const root = path.join(__dirname, '..');
const outfile = path.join(root, 'vendor', 'pdfmake.js');

// WOFF 1.0 -> sfnt: inflate each table (zlib) and write a plain table directory.
const WOFF_TO_SFNT = `
const zlib = require('zlib');
function woffToSfnt(buf) {
  if (buf.length < 44 || buf.readUInt32BE(0) !== 0x774f4646) return buf;
  const flavor = buf.readUInt32BE(4), n = buf.readUInt16BE(12);
  const tables = [];
  for (let i = 0, o = 44; i < n; i++, o += 20) {
    const offset = buf.readUInt32BE(o + 4), compLength = buf.readUInt32BE(o + 8), origLength = buf.readUInt32BE(o + 12);
    const raw = buf.subarray(offset, offset + compLength);
    const data = compLength < origLength ? zlib.inflateSync(raw) : raw;
    if (data.length !== origLength) throw new Error('bad WOFF table');
    tables.push({ tag: buf.readUInt32BE(o), checksum: buf.readUInt32BE(o + 16), data });
  }
  tables.sort((a, b) => a.tag - b.tag);
  let size = 12 + 16 * n;
  for (const t of tables) size += (t.data.length + 3) & ~3;
  const out = Buffer.alloc(size);
  let pow = 1, log = 0;
  while (pow * 2 <= n) { pow *= 2; log++; }
  out.writeUInt32BE(flavor, 0); out.writeUInt16BE(n, 4); out.writeUInt16BE(pow * 16, 6); out.writeUInt16BE(log, 8); out.writeUInt16BE(n * 16 - pow * 16, 10);
  let at = 12 + 16 * n;
  tables.forEach((t, i) => {
    const d = 12 + 16 * i;
    out.writeUInt32BE(t.tag, d); out.writeUInt32BE(t.checksum, d + 4); out.writeUInt32BE(at, d + 8); out.writeUInt32BE(t.data.length, d + 12);
    t.data.copy(out, at);
    at += (t.data.length + 3) & ~3;
  });
  return out;
}`;

function entrySource(): string {
    const fontFiles = PDF_FONT_FILES.map(({ vfsName, file }) => `  ${JSON.stringify(vfsName)}: () => require(${JSON.stringify(file)}),`);
    return [
        `const pdfmake = require('pdfmake');`,
        `const fontkit = require('fontkit');`,
        `const bidiFactory = require('bidi-js');`,
        `const files = {`,
        ...fontFiles,
        `};`,
        WOFF_TO_SFNT,
        `const storage = pdfmake.virtualfs.storage;`,
        `const cache = {};`,
        `function readFont(name) {`,
        `  if (!Object.prototype.hasOwnProperty.call(files, name)) throw new Error('unknown font ' + name);`,
        `  if (!cache[name]) { const u8 = files[name](); cache[name] = woffToSfnt(Buffer.from(u8.buffer, u8.byteOffset, u8.byteLength)); }`,
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
        `const layout = {`,
        `  PDFDocument: require('pdfmake/js/PDFDocument').default,`,
        `  LayoutBuilder: require('pdfmake/js/LayoutBuilder').default,`,
        `  Renderer: require('pdfmake/js/Renderer').default,`,
        `  SVGMeasure: require('pdfmake/js/SVGMeasure').default,`,
        `  normalizePageSize: require('pdfmake/js/PageSize').normalizePageSize,`,
        `  normalizePageMargin: require('pdfmake/js/PageSize').normalizePageMargin,`,
        `};`,
        `module.exports = { pdfmake, fontkit, bidiFactory, fonts, coverage, readFont, layout };`,
    ].join('\n');
}

/**
 * What the oldest engines' sandboxes need, and what keeps the engine's own compile of the app quiet:
 * - Node built-ins without the `node:` prefix (the sandbox's require before engine 1.56 rejects it);
 * - fontkit's duplicate `axisIndex` key dropped (the same value twice; the engine's esbuild warns
 *   "Duplicate key" at every install, which esbuild hides here because it is inside node_modules).
 */
const compatPlugin: Plugin = {
    name: 'engine-compat',
    setup(vendorBuild) {
        vendorBuild.onResolve({ filter: /^node:/ }, (args) => ({ path: args.path.slice('node:'.length), external: true }));
        vendorBuild.onLoad({ filter: /[\\/]fontkit[\\/]dist[\\/][^\\/]+\.c?js$/ }, (args) => {
            const source = fs.readFileSync(args.path, 'utf8');
            const fixed = source.replace(/(\baxisIndex: ([\w$.]+),\s*)axisIndex: \2,/g, '$1');
            return { contents: fixed, loader: 'js' };
        });
    },
};

/**
 * Faster versions of four pdfmake/pdfkit methods (build/speedups/*.js, appended to their modules):
 * the same results and the same PDF bytes in less time (docs/benchmark.md). Each is
 * checked against the module it patches, so a new pdfmake or pdfkit fails the build instead of
 * silently losing them; test/unit/vendorSpeedups.test.ts compares the bytes with and without.
 */
const SPEEDUPS: Array<{ module: RegExp; snippet: string; expects: string[]; redirect?: [string, string] }> = [
    { module: /[\\/]pdfmake[\\/]js[\\/]StyleContextStack\.js$/, snippet: 'StyleContextStack.js', expects: ['class StyleContextStack', '  getProperty(property) {', '  static getStyleProperty(item, styleContextStack, property, defaultValue) {'] },
    { module: /[\\/]pdfmake[\\/]js[\\/]TextInlines\.js$/, snippet: 'TextInlines.js', expects: ['class TextInlines', '  measure(array, styleContextStack) {', 'getStyleProperty(item, styleContextStack, '] },
    {
        module: /[\\/]pdfmake[\\/]js[\\/]TextBreaker\.js$/,
        snippet: 'TextBreaker.js',
        expects: ['const getFirstWord = (words, noWrap) => {', 'const getLastWord = (words, noWrap) => {'],
        redirect: ['let tmpWords = splitWords(word.text, false);', 'let tmpWords = wordsOfWholeLeaf(word.text);'],
    },
    { module: /[\\/]pdfkit[\\/]js[\\/]pdfkit\.js$/, snippet: 'pdfkit.js', expects: ['class EmbeddedFont extends PDFFont', '  layout(text, features, onlyWidth) {', '  layoutCached(text) {'] },
];

const speedupsPlugin: Plugin = {
    name: 'pdf-speedups',
    setup(vendorBuild) {
        for (const { module, snippet, expects, redirect } of SPEEDUPS) {
            vendorBuild.onLoad({ filter: module }, (args) => {
                let source = fs.readFileSync(args.path, 'utf8');
                const missing = [...expects, ...(redirect ? [redirect[0]] : [])].filter((text) => !source.includes(text));
                if (missing.length) {
                    throw new Error(`${args.path} no longer has ${missing.join(', ')}: review build/speedups/${snippet}`);
                }
                if (redirect) {
                    source = source.split(redirect[0]).join(redirect[1]);
                }
                const speedup = fs.readFileSync(path.join(__dirname, 'speedups', snippet), 'utf8');
                return { contents: `${source}\n${speedup}`, loader: 'js' };
            });
        }
    },
};

/** What every vendor file is: one minified CommonJS file the app's sandbox can require. */
const SANDBOX_BUNDLE = { bundle: true, platform: 'node', format: 'cjs', target: 'es2020', minify: true, legalComments: 'none' } as const;

/** Builds vendor/pdfmake.js; `withSpeedups: false` and another `target` build the unpatched bundle (for tests). */
export async function buildVendor({ withSpeedups = true, target = outfile } = {}): Promise<void> {
    // Written aside and renamed, so a concurrent packaging run never reads half a file.
    const partial = `${target}.${process.pid}.tmp`;
    await build({
        stdin: { contents: entrySource(), resolveDir: root, sourcefile: 'vendor-entry.js' },
        ...SANDBOX_BUNDLE,
        loader: { '.woff': 'binary', '.woff2': 'binary', '.ttf': 'binary', '.otf': 'binary' },
        // The app sandbox allows only some Node built-ins; 'events' is not one of them.
        alias: { events: require.resolve('events/') },
        // …and app code has no __dirname (pdfmake's virtual fs strips it from paths).
        define: { __dirname: '"/vendor"', __filename: '"/vendor/pdfmake.js"' },
        inject: [path.join(__dirname, 'vendor-global.js')],
        plugins: withSpeedups ? [compatPlugin, speedupsPlugin] : [compatPlugin],
        outfile: partial,
        logLevel: 'warning',
    });
    fs.renameSync(partial, target);
    const size = fs.statSync(target).size;
    console.log(`wrote ${path.relative(root, target)} (${(size / 1024 / 1024).toFixed(2)} MB)`);
}

// Generates vendor/redaction.js: the libraries lib/redaction validates with (typed in
// lib/redaction/vendor.ts as RedactionVendor). One bundle of its own, so redaction never loads
// pdfmake and the fonts.
//   {
//     isCardNumber,   // (digits) => boolean: Luhn, a known brand prefix and that brand's lengths (card-validator)
//     ibanLength,     // (countryCode) => number | undefined: the IBAN length of that country (ibantools)
//     isValidIban,    // (electronicIban) => boolean: country, length, BBAN format and checksum (ibantools)
//     phoneCountries, // the ISO 3166 codes libphonenumber-js has metadata for
//     findPhones,     // (text, country?) => [{ start, end }]: valid numbers libphonenumber-js (max metadata) finds
//     checkPattern,   // (regExp, timeoutMs) => { safe, reason? }: redos-detector's verdict
//   }
const REDACTION_ENTRY = `
const cardValidator = require('card-validator');
const creditCardType = require('credit-card-type');
const ibantools = require('ibantools');
const { findNumbers, getCountries } = require('libphonenumber-js/max');
const { isSafe } = require('redos-detector');
// credit-card-type lists Visa as 16, 18 and 19 digits; 13-digit Visa cards are still in use.
creditCardType.updateCard(creditCardType.types.VISA, { lengths: [13, 16, 18, 19] });
const specs = ibantools.getCountrySpecifications();
module.exports = {
  isCardNumber: (digits) => cardValidator.number(digits, { luhnValidateUnionPay: true }).isValid,
  ibanLength: (country) => (specs[country] && specs[country].chars) || undefined,
  isValidIban: (iban) => ibantools.isValidIBAN(iban),
  phoneCountries: getCountries(),
  findPhones: (text, country) =>
    findNumbers(text, { defaultCountry: country || undefined, v2: true, leniency: 'VALID' }).map((found) => ({ start: found.startsAt, end: found.endsAt })),
  checkPattern: (regExp, timeoutMs) => {
    const result = isSafe(regExp, { timeout: timeoutMs });
    return result.safe ? { safe: true } : { safe: false, reason: result.error || 'unsafe' };
  },
};`;

export async function buildRedactionVendor(): Promise<void> {
    const target = path.join(root, 'vendor', 'redaction.js');
    const partial = `${target}.${process.pid}.tmp`;
    await build({
        stdin: { contents: REDACTION_ENTRY, resolveDir: root, sourcefile: 'redaction-entry.js' },
        ...SANDBOX_BUNDLE,
        outfile: partial,
        logLevel: 'warning',
    });
    fs.renameSync(partial, target);
    console.log(`wrote ${path.relative(root, target)} (${(fs.statSync(target).size / 1024).toFixed(0)} KB)`);
}
