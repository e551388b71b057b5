// Smoke test of `geopretrain bench --json` on the tiny model with one repeat (no timing assertions):
// one JSON object, the report's fields, a parameter count checked against the architecture, and when
// PyTorch is there, the same network on both sides and the ratio of the two medians.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';

const BIN = path.resolve(__dirname, '..', '..', 'bin', 'geopretrain.js');

/** smallnet at width 4 on 3 bands, 3 classes: stem 3·3·3·4, BN 2·4, down 3·3·4·8, BN 2·8, up 2·2·8·4 + 4, head 4·3 + 3. */
const TINY_PARAMS = 3 * 3 * 3 * 4 + 2 * 4 + 3 * 3 * 4 * 8 + 2 * 8 + 2 * 2 * 8 * 4 + 4 + 4 * 3 + 3;

test('bench --json on the tiny model', () => {
  const r = spawnSync(process.execPath, [BIN, 'bench', '--models', 'tiny', '--repeats', '1', '--steps', '2', '--warmup', '1', '--models-only', '--json'], {
    encoding: 'utf8', env: { ...process.env, GEOPRETRAIN_QUIET: '1' }, timeout: 120_000,
  });
  assert.equal(r.status, 0, r.stderr);
  const report = JSON.parse(r.stdout);
  assert.equal(report.models.length, 1);
  const m = report.models[0];
  assert.equal(m.model, 'tiny');
  assert.deepEqual([m.input.batch, m.input.height, m.input.width, m.input.channels], [2, 16, 16, 3]);
  assert.equal(m.tfjs.params, TINY_PARAMS);
  assert.deepEqual(m.tfjs.outputShapeNHWC, [2, 16, 16, 3]);
  assert.equal(m.tfjs.trainMsAll.length, 2);
  assert.ok(m.tfjs.trainMsPerStep > 0);
  assert.ok(m.tfjs.inferImagesPerSec > 0);
  assert.equal(m.tfjs.tensorCountStable, true, `tensor counts ${m.tfjs.tensorCounts}`);
  assert.equal(report.threads.cores > 0, true);
  assert.equal(report.loader.skipped, '--models-only');
  if (report.pytorch.available) {
    assert.equal(m.sameNetwork, true, m.mismatch);
    assert.equal(m.pytorch.params, TINY_PARAMS);
    assert.ok(Math.abs(m.ratio - m.tfjs.trainMsPerStep / m.pytorch.trainMsPerStep) < 0.01 * m.ratio + 0.01);
    assert.equal(m.pytorch.threads, report.threads.cores);
  } else {
    assert.equal(m.ratio, null);
    assert.ok(m.pytorch.skipped);
  }
});

test('bench rejects an unknown model with a one-line error', () => {
  const r = spawnSync(process.execPath, [BIN, 'bench', '--models', 'nope', '--no-torch'], { encoding: 'utf8', env: { ...process.env, GEOPRETRAIN_QUIET: '1' } });
  assert.equal(r.status, 2);
  assert.match(r.stderr.trim(), /^geopretrain bench: unknown model 'nope' \(known: /);
  assert.equal(r.stderr.trim().split('\n').length, 1);
});
