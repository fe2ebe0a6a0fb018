// `npm run page`: bundles the local workspace's page (dev/page/client) into .build/page/ with esbuild.
// The page is a dev tool: none of it goes into the app's zip. It runs on React 17 and Rocket.Chat's
// fuselage 0.31.23, installed in the dev/page workspace apart from the root's React 19.
import * as esbuild from 'esbuild';
import * as fs from 'fs';
import * as path from 'path';
import { PAGE_BUNDLE_DIR } from '../dev/page/paths';

const root = path.join(__dirname, '..');

export async function buildPage(outdir = PAGE_BUNDLE_DIR): Promise<void> {
    // Built beside, then swapped in, so that a workspace serving the page never reads half a bundle.
    const partial = `${outdir}.${process.pid}`;
    fs.rmSync(partial, { recursive: true, force: true });
    await esbuild.build({
        entryPoints: { main: path.join(root, 'dev', 'page', 'client', 'main.tsx') },
        bundle: true,
        minify: true,
        outdir: partial,
        // Rocket.Chat 6.x's client targets evergreen browsers too.
        target: ['chrome100', 'firefox100', 'safari15'],
        jsx: 'transform',
        define: { 'process.env.NODE_ENV': '"production"' },
        // The icon font of @rocket.chat/icons, referenced by its stylesheet.
        loader: { '.woff2': 'file', '.woff': 'file', '.ttf': 'file', '.eot': 'file', '.svg': 'file' },
        assetNames: '[name]-[hash]',
        legalComments: 'none',
        logLevel: 'warning',
    });
    const previous = `${outdir}.old.${process.pid}`;
    if (fs.existsSync(outdir)) {
        fs.renameSync(outdir, previous);
    }
    try {
        fs.renameSync(partial, outdir);
    } catch (error) {
        // A build running at the same time got there first: its bundle is as fresh as this one.
        if (!['ENOTEMPTY', 'EEXIST'].includes((error as NodeJS.ErrnoException).code || '')) {
            throw error;
        }
        fs.rmSync(partial, { recursive: true, force: true });
    }
    fs.rmSync(previous, { recursive: true, force: true });
}

/** Builds the page unless a bundle is there (npm test builds it before the tests). */
export async function buildPageIfMissing(outdir = PAGE_BUNDLE_DIR): Promise<void> {
    if (!fs.existsSync(path.join(outdir, 'main.js'))) {
        await buildPage(outdir);
    }
}

if (require.main === module) {
    buildPage()
        .then(() => console.log(`wrote ${path.relative(root, PAGE_BUNDLE_DIR)}/`))
        .catch((error) => {
            console.error(error);
            process.exitCode = 1;
        });
}
