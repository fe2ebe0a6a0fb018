#!/usr/bin/env node
// Makes the Apps-Engine's Deno runtime runnable offline (postinstall):
// replaces its jsr:@std imports with local shims, maps the missing src/ exception
// class to the compiled one, and fills the engine's Deno cache.
'use strict';
const fs = require('fs');
const path = require('path');
const { execFileSync } = require('child_process');

const engineDir = path.dirname(require.resolve('@rocket.chat/apps-engine/package.json'));
const runtimeDir = path.join(engineDir, 'deno-runtime');
const shimDir = path.join(runtimeDir, 'shims');
const denoBin = path.join(path.dirname(require.resolve('@deno/linux-x64-glibc/package.json')), 'deno');

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

function writeShims() {
    fs.mkdirSync(shimDir, { recursive: true });
    for (const [name, source] of Object.entries(shims)) {
        fs.writeFileSync(path.join(shimDir, name), source.trimStart());
    }
}

function patchConfig() {
    const configPath = path.join(runtimeDir, 'deno.jsonc');
    const config = JSON.parse(fs.readFileSync(configPath, 'utf8'));
    delete config.imports['@std/cli'];
    Object.assign(config.imports, {
        '@std/cli/parse-args': './shims/std-cli-parse-args.mjs',
        '@std/io': './shims/std-io.mjs',
        '@std/streams': './shims/std-streams.mjs',
        '@rocket.chat/apps-engine/definition/exceptions/AppsEngineException.ts': './shims/apps-engine-exception.mjs',
    });
    fs.writeFileSync(configPath, JSON.stringify(config, null, '\t'));
    // The shipped lock pins jsr packages we no longer use.
    fs.rmSync(path.join(runtimeDir, 'deno.lock'), { force: true });
}

function fillDenoCache() {
    execFileSync(denoBin, ['install', `--config=${path.join(runtimeDir, 'deno.jsonc')}`, '--entrypoint', 'main.ts'], {
        cwd: runtimeDir,
        env: { ...process.env, DENO_DIR: path.join(engineDir, '.deno-cache'), DENO_NO_UPDATE_CHECK: '1' },
        stdio: 'inherit',
    });
}

writeShims();
patchConfig();
fillDenoCache();
console.log(`apps-engine Deno runtime ready (${path.relative(process.cwd(), runtimeDir)})`);
