// The vendor bundle (pdfmake, fontkit, bidi-js, fonts) loads in every supported engine's sandbox.
import * as fs from 'fs';
import * as path from 'path';
import { buildVendor } from '../../build/vendor';

const VENDOR = path.join(__dirname, '..', '..', 'vendor', 'pdfmake.js');
let source = '';

beforeAll(async () => {
    if (!fs.existsSync(VENDOR)) {
        await buildVendor();
    }
    source = fs.readFileSync(VENDOR, 'utf8');
}, 120_000);

test('requires Node built-ins without the node: prefix (refused by the sandbox before engine 1.56)', () => {
    expect(source).not.toMatch(/require\(["']node:/);
    expect(source).toMatch(/require\("crypto"\)/);
});

test('never reads a bare `global` (Deno 1.x has none)', () => {
    expect(source).not.toMatch(/(^|[^\w$."'])global\s*[.[]/);
    expect(source).not.toMatch(/typeof global\b/);
});

test('has no duplicate object key the engine compiler would warn about', () => {
    expect(source).not.toMatch(/axisIndex:[\w$.]+,axisIndex:/);
});
