#!/usr/bin/env node
// Makes an Apps-Engine's Deno runtime runnable offline. As postinstall it prepares the local
// workspace's default engine (the `apps-engine-server` dependency) for the npm Deno; build/engines.js
// uses prepareRuntime() for the other engine versions it installs.
// It replaces the runtime's jsr:@std and deno.land/std imports with local shims, maps the missing
// src/ exception class to the compiled one, and fills the engine's Deno cache.
'use strict';
const fs = require('fs');
const path = require('path');
const { execFileSync } = require('child_process');

const shims = {
    'std-cli-parse-args.mjs': `
// Minimal @std/cli parseArgs: "--key value", "--key=value" and boolean flags; numeric values become numbers.
export function parseArgs(args) {
    const out = { _: [] };
    const cast = (v) => (/^-?\\d+(\\.\\d+)?$/.test(v) ? Number(v) : v);
    for (let i = 0; i < args.length; i++) {
        const arg = args[i];
        if (!arg.startsWith('--')) { out._.push(cast(arg)); continue; }
        const eq = arg.indexOf('=');
        if (eq > 0) { out[arg.slice(2, eq)] = cast(arg.slice(eq + 1)); continue; }
        const next = args[i + 1];
        if (next === undefined || next.startsWith('--')) { out[arg.slice(2)] = true; continue; }
        out[arg.slice(2)] = cast(next);
        i++;
    }
    return out;
}
`,
    'std-io.mjs': `
// @std/io writeAll: write every byte, looping over partial writes.
export async function writeAll(writer, data) {
    let written = 0;
    while (written < data.length) {
        written += await writer.write(data.subarray(written));
    }
}
`,
    'std-streams.mjs': `
// @std/streams toArrayBuffer: read a whole stream into one ArrayBuffer.
export async function toArrayBuffer(readable) {
    const chunks = [];
    let length = 0;
    for await (const chunk of readable) { chunks.push(chunk); length += chunk.length; }
    const out = new Uint8Array(length);
    let offset = 0;
    for (const chunk of chunks) { out.set(chunk, offset); offset += chunk.length; }
    return out.buffer;
}
`,
    'apps-engine-exception.mjs': `
// The runtime imports this class from a src/ folder the npm package lacks.
import { createRequire } from 'node:module';
const require = createRequire(import.meta.url);
export const { AppsEngineException } = require('../../definition/exceptions/AppsEngineException.js');
`,
};

function writeShims(runtimeDir) {
    const shimDir = path.join(runtimeDir, 'shims');
    fs.mkdirSync(shimDir, { recursive: true });
    for (const [name, source] of Object.entries(shims)) {
        fs.writeFileSync(path.join(shimDir, name), source.trimStart());
    }
}

function patchConfig(runtimeDir, sharedByDenoVersions) {
    const configPath = path.join(runtimeDir, 'deno.jsonc');
    const config = JSON.parse(fs.readFileSync(configPath, 'utf8'));
    delete config.imports['@std/cli'];
    Object.assign(config.imports, {
        // The npm package has the compiled engine at its root, no src/ (the runtime's require strips
        // "apps-engine/src/", which misses a package installed under another folder name).
        '@rocket.chat/apps-engine/': './../',
        '@std/cli/parse-args': './shims/std-cli-parse-args.mjs',
        '@std/io': './shims/std-io.mjs',
        '@std/streams': './shims/std-streams.mjs',
        // Engines before 1.60 import writeAll by URL.
        'https://deno.land/std@0.216.0/io/write_all.ts': './shims/std-io.mjs',
        '@rocket.chat/apps-engine/definition/exceptions/AppsEngineException.ts': './shims/apps-engine-exception.mjs',
    });
    if (sharedByDenoVersions) {
        // Deno 1.x cannot read the lockfile Deno 2 writes, and the other way round.
        config.lock = false;
    }
    fs.writeFileSync(configPath, JSON.stringify(config, null, '\t'));
    // The shipped lock pins jsr packages we no longer use.
    fs.rmSync(path.join(runtimeDir, 'deno.lock'), { force: true });
}

/** Downloads the runtime's npm: imports (from the npm registry) into denoDir. */
function fillDenoCache(runtimeDir, denoBin, denoDir) {
    const config = `--config=${path.join(runtimeDir, 'deno.jsonc')}`;
    const major = Number(execFileSync(denoBin, ['--version'], { encoding: 'utf8' }).match(/deno (\d+)/)[1]);
    // Deno 1.x has no `install --entrypoint`; its own CA store lacks what some registries' chains need.
    const args = major >= 2 ? ['install', config, '--entrypoint', 'main.ts'] : ['cache', config, 'main.ts'];
    execFileSync(denoBin, args, {
        cwd: runtimeDir,
        env: { ...process.env, DENO_DIR: denoDir, DENO_NO_UPDATE_CHECK: '1', DENO_TLS_CA_STORE: 'system,mozilla' },
        stdio: 'inherit',
    });
}

/**
 * Prepares the Deno runtime of the engine in engineDir to run offline under denoBin, with its cache
 * in denoDir. `sharedByDenoVersions`: more than one Deno version runs this runtime.
 */
function prepareRuntime(engineDir, denoBin, denoDir, sharedByDenoVersions = false) {
    const runtimeDir = path.join(engineDir, 'deno-runtime');
    writeShims(runtimeDir);
    patchConfig(runtimeDir, sharedByDenoVersions);
    fillDenoCache(runtimeDir, denoBin, denoDir);
}

module.exports = { prepareRuntime };

if (require.main === module) {
    const engineDir = path.dirname(require.resolve('apps-engine-server/package.json'));
    const denoBin = path.join(path.dirname(require.resolve('@deno/linux-x64-glibc/package.json')), 'deno');
    prepareRuntime(engineDir, denoBin, path.join(engineDir, '.deno-cache'));
    console.log(`apps-engine Deno runtime ready (${path.relative(process.cwd(), path.join(engineDir, 'deno-runtime'))})`);
}
