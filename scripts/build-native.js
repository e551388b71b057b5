#!/usr/bin/env node
'use strict';
// Builds the optional native kernels (native/, oneDNN) with node-gyp. Run by `npm install` / `npm ci`
// (the "install" script) and by `geopretrain bench` when the addon is missing. Never fails the install:
// without libdnnl-dev, a compiler or Node's headers it says why and exits 0, and tfjs keeps its wasm
// kernels. `--strict` exits 1 on failure instead (for development).
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const nativeDir = path.join(root, 'native');
const addon = path.join(nativeDir, 'build', 'Release', 'geopretrain_native.node');
const strict = process.argv.includes('--strict');
const DNNL_HEADER = '/usr/include/oneapi/dnnl/dnnl.hpp';

function note(message) {
  console.log(`geopretrain native kernels: ${message}`);
}

function give(message) {
  note(`${message}; the wasm kernels will be used`);
  process.exit(strict ? 1 : 0);
}

function nodeGypScript() {
  const candidates = [
    process.env.npm_config_node_gyp,
    path.join(path.dirname(process.execPath), '..', 'lib', 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'),
    '/usr/lib/node_modules/npm/node_modules/node-gyp/bin/node-gyp.js',
    '/usr/share/nodejs/node-gyp/bin/node-gyp.js',
  ];
  try {
    candidates.push(require.resolve('node-gyp/bin/node-gyp.js'));
  } catch {
    // not installed locally
  }
  return candidates.find((p) => p && fs.existsSync(p));
}

/**
 * As root on Debian (CI, containers, a fresh machine of this project's kind) the project installs
 * Debian's oneDNN itself, as it installs Jupyter for the notebooks; elsewhere it only says what to
 * install. GEOPRETRAIN_APT=0 forbids it.
 */
function installDnnl() {
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot || process.env.GEOPRETRAIN_APT === '0' || !fs.existsSync('/usr/bin/apt-get')) return;
  note('installing Debian package libdnnl-dev (oneDNN) …');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const update = spawnSync('apt-get', ['update', '-qq'], { stdio: 'ignore', env, timeout: 300_000 });
  if (update.status !== 0) return note('apt-get update failed');
  const install = spawnSync('apt-get', ['install', '-y', '-qq', 'libdnnl-dev'], { stdio: 'ignore', env, timeout: 600_000 });
  if (install.status !== 0) note('apt-get install libdnnl-dev failed');
}

function main() {
  if (process.env.GEOPRETRAIN_NATIVE === '0') give('skipped (GEOPRETRAIN_NATIVE=0)');
  if (process.platform !== 'linux') give(`skipped (built on Linux only, this is ${process.platform})`);
  if (!fs.existsSync(DNNL_HEADER)) installDnnl();
  if (!fs.existsSync(DNNL_HEADER)) give('skipped: oneDNN headers missing (Debian: apt-get install libdnnl-dev)');
  const gyp = nodeGypScript();
  if (!gyp) give('skipped: node-gyp not found (it ships with npm)');
  const args = [gyp, 'rebuild'];
  // Debian's nodejs ships its headers under /usr/include/node: use them instead of downloading.
  if (fs.existsSync(path.join('/usr/include/node', 'node_api.h'))) args.push('--nodedir=/usr');
  note('building with node-gyp …');
  const build = spawnSync(process.execPath, args, { cwd: nativeDir, encoding: 'utf8', timeout: 300_000 });
  if (build.status !== 0) {
    const tail = `${build.stdout ?? ''}\n${build.stderr ?? ''}`.trim().split('\n').slice(-8).join('\n');
    give(`build failed${build.error ? ` (${build.error.message})` : ''}:\n${tail}\n`);
  }
  // Load it once in a fresh process: a library missing at run time must not pass as success.
  const check = spawnSync(process.execPath, ['-e', `const a = require(${JSON.stringify(addon)}); console.log(JSON.stringify(a.info()))`], { encoding: 'utf8' });
  if (check.status !== 0) {
    fs.rmSync(addon, { force: true });
    give(`built but failed to load: ${(check.stderr || '').trim().split('\n')[0]}`);
  }
  note(`ready (${check.stdout.trim()}) at ${path.relative(root, addon)}`);
}

main();
