import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCli } from './helpers';

function installed(pkg: string): boolean {
  try {
    require.resolve(pkg);
    return true;
  } catch {
    return false;
  }
}

test('backend names the best backend that loads and why the better ones were skipped', () => {
  const r = runCli(['backend', '--json']);
  assert.equal(r.status, 0, r.stderr);
  const info = JSON.parse(r.stdout);
  if (!installed('@tensorflow/tfjs-node-gpu') && !installed('@tensorflow/tfjs-node')) {
    assert.equal(info.choice, 'wasm');
    assert.equal(info.tfName, 'wasm');
    const node = info.skipped.find((s: { name: string }) => s.name === 'tfjs-node');
    assert.ok(node, 'tfjs-node is listed as skipped');
    assert.match(node.reason, /not installed|failed to load/);
  }
  assert.ok(info.threads >= 1);
  const text = runCli(['backend']);
  assert.match(text.stdout, new RegExp(`^backend: ${info.choice}`, 'm'));
  assert.match(text.stdout, /^threads: \d+/m);
});

test('GEOPRETRAIN_BACKEND forces a backend, and a bad value is a clear error', () => {
  const cpu = runCli(['backend', '--json'], { GEOPRETRAIN_BACKEND: 'cpu' });
  assert.equal(cpu.status, 0, cpu.stderr);
  assert.equal(JSON.parse(cpu.stdout).tfName, 'cpu');
  const bad = runCli(['backend'], { GEOPRETRAIN_BACKEND: 'quantum' });
  assert.notEqual(bad.status, 0);
  assert.match(bad.stderr, /GEOPRETRAIN_BACKEND=quantum is not one of/);
});
