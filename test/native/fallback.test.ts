// Without the addon (disabled by GEOPRETRAIN_NATIVE=0, or its file missing) the wasm backend keeps its
// own kernels: nothing native is registered or called, and convolutions and their gradients still give
// the cpu backend's numbers. Runs in child processes since registration happens once per process.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';

const CHILD = path.join(__dirname, 'fixtures', 'fallback-child.ts');

function runChild(env: Record<string, string>): { backend: string; active: boolean; reason: string; kernels: string[]; nativeCalls: number; maxDiff: number; values: number } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', CHILD], { encoding: 'utf8', env: { ...process.env, GEOPRETRAIN_QUIET: '1', ...env }, timeout: 120_000 });
  assert.equal(r.status, 0, `child failed: ${r.stderr}`);
  const line = r.stdout.trim().split('\n').pop()!;
  return JSON.parse(line);
}

test('GEOPRETRAIN_NATIVE=0 keeps the wasm kernels and still computes conv gradients correctly', () => {
  const out = runChild({ GEOPRETRAIN_NATIVE: '0', GEOPRETRAIN_BACKEND: 'wasm' });
  assert.equal(out.backend, 'wasm');
  assert.equal(out.active, false);
  assert.match(out.reason, /GEOPRETRAIN_NATIVE=0/);
  assert.deepEqual(out.kernels, []);
  assert.equal(out.nativeCalls, 0);
  assert.ok(out.values > 0);
  assert.ok(out.maxDiff < 1e-3, `max difference to cpu ${out.maxDiff}`);
});

test('a missing addon file falls back the same way, with the reason', () => {
  const out = runChild({ GEOPRETRAIN_NATIVE_ADDON: path.join(__dirname, 'no-such-addon.node'), GEOPRETRAIN_BACKEND: 'wasm' });
  assert.equal(out.active, false);
  assert.match(out.reason, /not built/);
  assert.equal(out.nativeCalls, 0);
  assert.ok(out.maxDiff < 1e-3, `max difference to cpu ${out.maxDiff}`);
});

test('with the addon built, the same child serves convolutions natively', (t) => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { ADDON_PATH } = require('../../src/backend/native/addon') as typeof import('../../src/backend/native/addon');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  if (!require('node:fs').existsSync(ADDON_PATH)) {
    t.skip('addon not built');
    return;
  }
  const out = runChild({ GEOPRETRAIN_BACKEND: 'wasm' });
  assert.equal(out.active, true);
  assert.ok(out.kernels.includes('Conv2DBackpropFilter'));
  assert.ok(out.nativeCalls > 0);
  assert.ok(out.maxDiff < 1e-3, `max difference to cpu ${out.maxDiff}`);
});
