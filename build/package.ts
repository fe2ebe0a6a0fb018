// `npm run package` / `npm run deploy -- --url … --username … --password …`
// Generates vendor/ (pdfmake with fonts, translations), stages only the app's own files (the CLI would compile and
// zip every .ts in the project, dev host and tests included), then runs rc-apps there.
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { buildI18nBundle } from './i18n';
import { buildRedactionVendor, buildVendor } from './vendor';

const root = path.join(__dirname, '..');
// One staging folder per run, so that concurrent runs do not pull the floor from under each other.
fs.mkdirSync(path.join(root, '.build'), { recursive: true });
const stage = fs.mkdtempSync(path.join(root, '.build', 'app-'));
const APP_FILES = ['app.json', 'icon.png', 'package.json', 'TranscriptApp.ts', 'endpoints', 'handlers', 'slashcommands', 'ui', 'lib', 'services', 'i18n', 'vendor'];

function stageApp(): void {
    for (const name of APP_FILES) {
        const from = path.join(root, name);
        if (fs.existsSync(from)) {
            fs.cpSync(from, path.join(stage, name), { recursive: true });
        }
    }
    fs.symlinkSync(path.join(root, 'node_modules'), path.join(stage, 'node_modules'), 'dir');
}

function rcApps(args: string[]): void {
    execFileSync(path.join(root, 'node_modules', '.bin', 'rc-apps'), args, { cwd: stage, stdio: 'inherit' });
}

async function main(): Promise<void> {
    const [command = 'package', ...rest] = process.argv.slice(2);
    await buildVendor();
    await buildRedactionVendor();
    buildI18nBundle();
    stageApp();
    if (command === 'deploy') {
        rcApps(['deploy', ...rest]);
        return;
    }
    rcApps(['package']);
    const distDir = path.join(root, 'dist');
    fs.mkdirSync(distDir, { recursive: true });
    for (const zip of fs.readdirSync(path.join(stage, 'dist'))) {
        const partial = path.join(distDir, `.${zip}.${process.pid}`);
        fs.copyFileSync(path.join(stage, 'dist', zip), partial);
        fs.renameSync(partial, path.join(distDir, zip));
        console.log(`wrote dist/${zip}`);
    }
}

main()
    .catch((error) => {
        console.error(error);
        process.exitCode = 1;
    })
    .finally(() => fs.rmSync(stage, { recursive: true, force: true }));
