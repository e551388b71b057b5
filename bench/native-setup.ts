import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ADDON_PATH } from '../src/backend/native/addon';

const DNNL_HEADER = '/usr/include/oneapi/dnnl/dnnl.hpp';

/**
 * The bench's own setup for the native kernels: when the addon is missing (and not disabled), installs
 * Debian's libdnnl-dev if absent and running as root, then runs scripts/build-native.js. Must run
 * before initBackend() (which registers the kernels). Returns a one-line account of what happened.
 */
export function ensureNativeAddon(log: (line: string) => void): string {
  if (process.env.GEOPRETRAIN_NATIVE === '0') return 'disabled by GEOPRETRAIN_NATIVE=0';
  if (fs.existsSync(ADDON_PATH)) return 'already built';
  if (!fs.existsSync(DNNL_HEADER)) {
    if (process.getuid?.() !== 0) return 'libdnnl-dev missing and not root: wasm kernels only';
    log('bench setup: installing Debian libdnnl-dev with apt-get (once) …');
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    let r = spawnSync('apt-get', ['install', '-y', '-qq', 'libdnnl-dev'], { stdio: 'ignore', env });
    if (r.status !== 0) {
      spawnSync('apt-get', ['update', '-qq'], { stdio: 'ignore', env });
      r = spawnSync('apt-get', ['install', '-y', '-qq', 'libdnnl-dev'], { stdio: 'ignore', env });
    }
    if (!fs.existsSync(DNNL_HEADER)) return 'apt-get install libdnnl-dev failed: wasm kernels only';
  }
  log('bench setup: building the native kernels …');
  const script = path.resolve(__dirname, '..', 'scripts', 'build-native.js');
  const r = spawnSync(process.execPath, [script], { encoding: 'utf8' });
  const last = `${r.stdout ?? ''}`.trim().split('\n').pop() ?? '';
  return fs.existsSync(ADDON_PATH) ? 'built now' : `build did not succeed: ${last}`;
}
