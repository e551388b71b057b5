import { test } from 'node:test';
import assert from 'node:assert/strict';
import { classFrequencies, medianFrequencyWeights } from '../../src/train/finetune/class-weights';
import type { SegSample } from '../../src/data/types';

test('median-frequency weights: median/f for present classes, 0 for absent ones', () => {
  // frequencies 0.7, 0.2, 0, 0.1 -> present sorted 0.1, 0.2, 0.7 -> median 0.2
  const w = medianFrequencyWeights([0.7, 0.2, 0, 0.1]);
  assert.deepEqual(w.map((x) => Number(x.toFixed(6))), [Number((0.2 / 0.7).toFixed(6)), 1, 0, 2]);
});

test('class frequencies count label pixels and skip the ignore id', async () => {
  const label = (ids: number[]): SegSample => ({ id: 'x', image: { height: 1, width: ids.length, bands: ['R'], data: new Float32Array(ids.length) }, label: { height: 1, width: ids.length, data: Uint8Array.from(ids) } });
  const samples = [label([0, 0, 1, 255]), label([2, 0, 255, 255])];
  const f = await classFrequencies({ size: 2, read: (i) => samples[i] }, 3, 255);
  assert.deepEqual(f, [3 / 5, 1 / 5, 1 / 5]);
});
