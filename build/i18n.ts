// Generates vendor/i18n.js: every i18n/<lang>.json in one module the app can require at run time.
import * as fs from 'fs';
import * as path from 'path';

const root = path.join(__dirname, '..');

export function buildI18nBundle(): void {
    const dir = path.join(root, 'i18n');
    const catalogs: Record<string, unknown> = {};
    for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.json')).sort()) {
        catalogs[file.replace(/\.json$/, '')] = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'));
    }
    const outfile = path.join(root, 'vendor', 'i18n.js');
    fs.mkdirSync(path.dirname(outfile), { recursive: true });
    const partial = `${outfile}.${process.pid}.tmp`;
    fs.writeFileSync(partial, `module.exports = ${JSON.stringify(catalogs)};\n`);
    fs.renameSync(partial, outfile);
    console.log(`wrote ${path.relative(root, outfile)} (${Object.keys(catalogs).join(', ')})`);
}
