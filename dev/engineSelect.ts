// Which Apps-Engine server and which Deno the local workspace runs. By default the
// `apps-engine-server` dependency (1.62.0) on the `@deno/linux-x64-glibc` dependency (2.9.6).
// APPS_ENGINE=<version> (or `--engine <version>`) and APPS_ENGINE_DENO=<version> (or `--deno
// <version>`) pick another supported one, installed from npm into .engines/ on first use (build/engines.js).
//
// dev/main.ts imports this module first: from then on every `apps-engine-server/…` this process
// requires (and `@rocket.chat/apps-engine/…`, which in the app itself means the 1.46.0
// definitions) is the chosen engine's, so bridges extend that engine's classes.
import * as path from 'path';
// eslint-disable-next-line @typescript-eslint/no-var-requires
const Module = require('module');
// eslint-disable-next-line @typescript-eslint/no-var-requires
const { activateEngine, DEFAULT_ENGINE, DEFAULT_DENO } = require('../build/engines');

function arg(name: string): string | undefined {
    const index = process.argv.indexOf(name);
    return index >= 0 ? process.argv[index + 1] : undefined;
}

const version: string = arg('--engine') || process.env.APPS_ENGINE || DEFAULT_ENGINE;
const denoVersion: string = arg('--deno') || process.env.APPS_ENGINE_DENO || DEFAULT_DENO;
process.env.APPS_ENGINE = version;
process.env.APPS_ENGINE_DENO = denoVersion;

const layout = activateEngine(version, denoVersion);

const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function (request: string, ...rest: unknown[]) {
    const match = /^(?:apps-engine-server|@rocket\.chat\/apps-engine)(\/.*)?$/.exec(request);
    return resolveFilename.call(this, match ? layout.engineDir + (match[1] || '') : request, ...rest);
};

// The engine spawns `deno` from PATH (1.53 and later) or deno-bin's binary (1.46); either is the chosen Deno
// or, for engines that start it without --config, a wrapper that adds it (build/engines.js writes them).
process.env.PATH = [layout.pathDir, process.env.PATH].join(path.delimiter);

export const ENGINE = { version, denoVersion, engineDir: layout.engineDir };
