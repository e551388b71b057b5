/** Parameter counts: the CNN by hand (paper-scale totals are checked in paper-size.test.ts). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildSegmenter, countParams } from '../../src/models/index';
import { ready } from './helpers';

test('cnn-nano + FPN-lite: parameter count equals a count by hand (≈0.13 M)', async () => {
  await ready();
  const inCh = 3;
  const classes = 5;
  const widths = [16, 32, 48, 64];
  const fpn = 32;
  const conv = (i: number, o: number, k: number): number => k * k * i * o;
  let encoder = conv(inCh, 16, 3) + 2 * 16; // stem conv + BN (weight, bias)
  encoder += conv(16, 16, 3) + 2 * 16; // stage 0
  for (let s = 1; s < 4; s++) encoder += conv(widths[s - 1], widths[s], 3) + conv(widths[s], widths[s], 3) + 4 * widths[s];
  const decoder = widths.reduce((a, w) => a + w * fpn + fpn, 0) + conv(fpn, fpn, 3) + 2 * fpn;
  const head = fpn * classes + classes;
  const model = buildSegmenter({ encoder: 'cnn', size: 'nano', decoder: 'fpn', inChannels: inCh, numClasses: classes, seed: 1 });
  assert.equal(countParams(model, { prefix: 'encoder.' }), encoder);
  assert.equal(countParams(model, { prefix: 'decoder.' }), decoder);
  assert.equal(countParams(model), encoder + decoder + head);
  assert.ok(countParams(model) > 120_000 && countParams(model) < 140_000);
  // Running statistics: 2 per BN channel, stored but not trainable.
  const bnChannels = 16 + 16 + 2 * (32 + 48 + 64) + fpn;
  assert.equal(countParams(model, { all: true }) - countParams(model), 2 * bnChannels);
  model.dispose();
});
