#!/usr/bin/env node
// The Apps-Engine versions the app supports, installed from npm on demand into .engines/ (gitignored).
//
//   npm run engines -- install [versions…]          installs engines and the Deno versions each runs on
//   npm run test:engines [versions…] [--deno <v>]   the integration suite against each engine × Deno
//                                                   (a version may name its Deno: 1.55.1@1.46.3)
//
// Layout: .engines/apps-engine-<v>/apps-engine is the engine (moved out of node_modules: Deno 2 refuses
// to run scripts inside one), its dependencies in .engines/apps-engine-<v>/node_modules;
// .engines/deno-<v>/ holds a Deno from npm. 1.62.0 on Deno 2.9.6 is the project's own dependencies.
'use strict';
const fs = require('fs');
const path = require('path');
const { execFileSync, spawnSync } = require('child_process');

const ROOT = path.join(__dirname, '..');
const ENGINES_DIR = path.join(ROOT, '.engines');
const DEFAULT_ENGINE = '1.62.0';
const DEFAULT_DENO = '2.9.6';
/** Engine → the Deno versions workspaces ran it on (Deno 1.x until engine 1.60 required Deno 2). */
const SUPPORTED = {
    '1.46.0': ['1.46.3', '2.9.6'],
    '1.53.1': ['1.46.3', '2.9.6'],
    '1.55.1': ['1.46.3', '2.9.6'],
    '1.57.2': ['1.46.3', '2.9.6'],
    '1.58.1': ['1.46.3', '2.9.6'],
    '1.59.0': ['1.46.3', '2.9.6'],
    '1.62.0': ['2.9.6'],
};

/** .engines as a real path: Deno resolves links, and its --allow-read list must be what Node saw. */
function enginesDir() {
    return fs.existsSync(ENGINES_DIR) ? fs.realpathSync(ENGINES_DIR) : ENGINES_DIR;
}

function denoBinOf(denoVersion) {
    const packageDir =
        denoVersion === DEFAULT_DENO
            ? path.dirname(require.resolve('@deno/linux-x64-glibc/package.json'))
            : path.join(enginesDir(), `deno-${denoVersion}`, 'node_modules', '@deno', 'linux-x64-glibc');
    return path.join(packageDir, 'deno');
}

/** Where an engine lives, the Deno it runs on, and the folder to put first on PATH. */
function engineLayout(version, denoVersion) {
    const denoBin = denoBinOf(denoVersion);
    if (version === DEFAULT_ENGINE) {
        // 1.62 starts `deno` with --config itself.
        return { engineDir: path.dirname(require.resolve('apps-engine-server/package.json')), denoBin, pathDir: path.dirname(denoBin) };
    }
    const home = path.join(enginesDir(), `apps-engine-${version}`);
    const engineDir = path.join(home, 'apps-engine');
    const pathDir = path.join(home, `bin-deno-${denoVersion}`);
    return { home, engineDir, denoBin, pathDir, wrapper: path.join(pathDir, 'deno'), denoDir: path.join(engineDir, `.deno-cache-${denoVersion}`) };
}

function npmInstall(prefix, spec, extra = []) {
    fs.mkdirSync(prefix, { recursive: true });
    execFileSync('npm', ['install', '--prefix', prefix, '--no-save', '--no-audit', '--no-fund', '--ignore-scripts', ...extra, spec], { stdio: 'inherit' });
}

function installDeno(denoVersion) {
    const denoBin = denoBinOf(denoVersion);
    if (!fs.existsSync(denoBin)) {
        npmInstall(path.join(enginesDir(), `deno-${denoVersion}`), `@deno/linux-x64-glibc@${denoVersion}`);
    }
    // @deno/linux-x64-glibc 1.46.x ships its binary without the execute bit.
    fs.chmodSync(denoBin, 0o755);
}

/**
 * The `deno` engines before 1.60 start: `deno run …` without --config (the runtime's import map), and
 * 1.46.0 without a DENO_DIR we choose. The wrapper adds both.
 */
function writeDenoWrapper(layout) {
    fs.mkdirSync(layout.pathDir, { recursive: true });
    const config = path.join(layout.engineDir, 'deno-runtime', 'deno.jsonc');
    const script = [
        '#!/bin/sh',
        '# Written by build/engines.js: this engine starts `deno run` without the runtime\'s config.',
        `export DENO_DIR='${layout.denoDir}'`,
        `if [ "$1" = "run" ]; then shift; exec '${layout.denoBin}' run --config='${config}' "$@"; fi`,
        `exec '${layout.denoBin}' "$@"`,
        '',
    ].join('\n');
    fs.writeFileSync(layout.wrapper, script, { mode: 0o755 });
}

function installEngine(version, denoVersions) {
    const { prepareRuntime } = require('./engine-setup');
    for (const denoVersion of denoVersions) {
        installDeno(denoVersion);
    }
    if (version === DEFAULT_ENGINE) {
        return; // prepared by postinstall
    }
    const first = engineLayout(version, denoVersions[0]);
    if (!fs.existsSync(path.join(first.engineDir, 'package.json'))) {
        fs.rmSync(first.home, { recursive: true, force: true });
        // 1.46.0's peer @rocket.chat/ui-kit@next no longer exists; its deno-bin would download Deno from the internet.
        npmInstall(first.home, `@rocket.chat/apps-engine@${version}`, ['--legacy-peer-deps']);
        fs.renameSync(path.join(first.home, 'node_modules', '@rocket.chat', 'apps-engine'), first.engineDir);
    }
    for (const denoVersion of denoVersions) {
        const layout = engineLayout(version, denoVersion);
        writeDenoWrapper(layout);
        if (!fs.existsSync(path.join(layout.denoDir, '.ready'))) {
            prepareRuntime(layout.engineDir, layout.denoBin, layout.denoDir, true);
            fs.writeFileSync(path.join(layout.denoDir, '.ready'), '');
        }
    }
}

/**
 * Makes the chosen engine × Deno the one the workspace starts (dev/engineSelect.ts), installing it
 * first if needed. 1.46.0 runs deno-bin's binary, not `deno` from PATH: that path becomes a link to the wrapper.
 */
function activateEngine(version, denoVersion) {
    if (!SUPPORTED[version] || !SUPPORTED[version].includes(denoVersion)) {
        throw new Error(`Apps-Engine ${version} on Deno ${denoVersion} is not supported: ${Object.entries(SUPPORTED).map(([v, d]) => `${v} (Deno ${d.join(', ')})`).join('; ')}`);
    }
    let layout = engineLayout(version, denoVersion);
    if (!fs.existsSync(path.join(layout.engineDir, 'package.json')) || !fs.existsSync(layout.denoBin) || (layout.wrapper && !fs.existsSync(layout.wrapper))) {
        console.log(`Installing Apps-Engine ${version} and Deno ${denoVersion} from npm into .engines/ …`);
        installEngine(version, [denoVersion]);
        layout = engineLayout(version, denoVersion);
    }
    const denoBinDir = path.join(layout.home || '', 'node_modules', 'deno-bin', 'bin');
    if (layout.home && fs.existsSync(path.dirname(denoBinDir))) {
        fs.mkdirSync(denoBinDir, { recursive: true });
        const link = path.join(denoBinDir, 'deno');
        fs.rmSync(link, { force: true });
        fs.symlinkSync(layout.wrapper, link);
    }
    return layout;
}

/** `[versions…] [--deno <v>]`; a version may name its Deno: `1.55.1@1.46.3`. Answers [engine, Deno] pairs. */
function parseArgs(argv) {
    const requested = [];
    let deno;
    for (let i = 0; i < argv.length; i++) {
        if (argv[i] === '--deno') {
            deno = argv[++i];
        } else {
            requested.push(argv[i]);
        }
    }
    const pairs = [];
    for (const entry of requested.length ? requested : Object.keys(SUPPORTED)) {
        const [version, denoVersion] = entry.split('@');
        if (!SUPPORTED[version]) {
            throw new Error(`Apps-Engine ${version} is not one this app supports: ${Object.keys(SUPPORTED).join(', ')}`);
        }
        for (const d of denoVersion || deno ? [denoVersion || deno] : SUPPORTED[version]) {
            pairs.push([version, d]);
        }
    }
    return pairs;
}

/** Runs the integration suite against each engine × Deno, one after another; prints a table. */
function testEngines(pairs) {
    for (const [version, denoVersion] of pairs) {
        installEngine(version, [denoVersion]);
    }
    execFileSync('npm', ['run', 'package'], { cwd: ROOT, stdio: 'inherit' });
    const results = [];
    for (const [version, denoVersion] of pairs) {
        console.log(`\n=== Apps-Engine ${version} on Deno ${denoVersion} ===`);
        const started = Date.now();
        const run = spawnSync(path.join(ROOT, 'node_modules', '.bin', 'jest'), ['test/integration'], {
            cwd: ROOT,
            env: { ...process.env, APPS_ENGINE: version, APPS_ENGINE_DENO: denoVersion },
            stdio: ['ignore', 'inherit', 'pipe'],
            encoding: 'utf8',
        });
        process.stderr.write(run.stderr || '');
        const summary = /Tests:\s+(.*)/.exec(run.stderr || '');
        results.push({ version, denoVersion, ok: run.status === 0, tests: summary ? summary[1] : `exit ${run.status}`, seconds: Math.round((Date.now() - started) / 1000) });
    }
    console.log('\n| Apps-Engine | Deno | Result | Tests | Time |\n| --- | --- | --- | --- | ---: |');
    for (const r of results) {
        console.log(`| ${r.version} | ${r.denoVersion} | ${r.ok ? 'pass' : 'FAIL'} | ${r.tests} | ${r.seconds} s |`);
    }
    if (results.some((r) => !r.ok)) {
        process.exitCode = 1;
    }
}

module.exports = { DEFAULT_ENGINE, DEFAULT_DENO, SUPPORTED, engineLayout, activateEngine };

if (require.main === module) {
    const [command, ...rest] = process.argv.slice(2);
    const pairs = parseArgs(rest);
    if (command === 'install') {
        pairs.forEach(([version, denoVersion]) => installEngine(version, [denoVersion]));
    } else if (command === 'test') {
        testEngines(pairs);
    } else {
        console.error('usage: node build/engines.js install|test [versions…] [--deno <version>]');
        process.exitCode = 2;
    }
}
