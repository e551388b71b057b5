/** Building blocks against independent computations in plain JS. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { gelu } from '../../src/models/layers/activation';
import { matMul } from '../../src/models/layers/matmul';
import { LayerNorm } from '../../src/models/layers/norm';
import { ParamStore } from '../../src/models/params';
import { adaptiveAvgPool } from '../../src/models/decoders/ppm';
import { relativePositionOneHot, roll, shiftMask, windowPartition, windowReverse } from '../../src/models/encoders/swin-windows';
import { maxAbsDiff, randomInput, ready } from './helpers';

/** erf by its Maclaurin series (exact enough for |x| ≤ 3 in double precision). */
function erfSeries(x: number): number {
  let term = x;
  let sum = x;
  for (let n = 1; n < 200; n++) {
    term *= (-x * x) / n;
    sum += term / (2 * n + 1);
  }
  return (2 / Math.sqrt(Math.PI)) * sum;
}

test('gelu is the exact erf form x·Φ(x)', async () => {
  await ready();
  const xs = [-3, -1.5, -0.5, -0.1, 0, 0.1, 0.7, 1, 2.5];
  const got = tf.tidy(() => gelu(tf.tensor1d(xs)).dataSync());
  const want = xs.map((x) => 0.5 * x * (1 + erfSeries(x / Math.SQRT2)));
  assert.ok(maxAbsDiff(got, want) < 1e-5, `gelu off by ${maxAbsDiff(got, want)}`);
  // tanh approximation differs by ~1e-3 at x = -3 — make sure we are not it.
  const tanhApprox = 0.5 * -3 * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (-3 + 0.044715 * -27)));
  assert.ok(Math.abs(got[0] - tanhApprox) > Math.abs(got[0] - want[0]));
});

test('LayerNorm normalises the last axis (eps 1e-6)', async () => {
  await ready();
  const store = new ParamStore(1);
  const ln = new LayerNorm(store.scope('ln'), 5);
  const x = randomInput([1, 2, 3, 5], 3);
  const got = tf.tidy(() => ln.apply(x).dataSync());
  const xs = x.dataSync();
  for (let p = 0; p < 6; p++) {
    const v = Array.from(xs.slice(p * 5, p * 5 + 5));
    const mean = v.reduce((a, b) => a + b, 0) / 5;
    const variance = v.reduce((a, b) => a + (b - mean) ** 2, 0) / 5;
    for (let c = 0; c < 5; c++) assert.ok(Math.abs(got[p * 5 + c] - (v[c] - mean) / Math.sqrt(variance + 1e-6)) < 1e-4);
  }
  x.dispose();
  store.dispose();
});

test('adaptive average pooling uses PyTorch bin edges (incl. more bins than pixels)', async () => {
  await ready();
  const store = new ParamStore(1);
  for (const [h, w, s] of [
    [5, 7, 3],
    [3, 3, 6],
    [4, 4, 2],
    [6, 5, 1],
  ]) {
    const x = randomInput([2, h, w, 3], h * 10 + w);
    const got = tf.tidy(() => adaptiveAvgPool(store, x, s).dataSync());
    const xs = x.dataSync();
    const want: number[] = [];
    for (let b = 0; b < 2; b++) {
      for (let i = 0; i < s; i++) {
        for (let j = 0; j < s; j++) {
          const [h0, h1] = [Math.floor((i * h) / s), Math.ceil(((i + 1) * h) / s)];
          const [w0, w1] = [Math.floor((j * w) / s), Math.ceil(((j + 1) * w) / s)];
          for (let c = 0; c < 3; c++) {
            let sum = 0;
            for (let y = h0; y < h1; y++) for (let z = w0; z < w1; z++) sum += xs[((b * h + y) * w + z) * 3 + c];
            want.push(sum / ((h1 - h0) * (w1 - w0)));
          }
        }
      }
    }
    assert.ok(maxAbsDiff(got, want) < 1e-5, `pool ${h}x${w}/${s}`);
    x.dispose();
  }
  store.dispose();
});

test('roll matches torch.roll and window partition/reverse are inverse and row-major', async () => {
  await ready();
  const x = tf.tensor4d(Array.from({ length: 1 * 4 * 6 * 1 }, (_, i) => i), [1, 4, 6, 1]);
  const rolled = tf.tidy(() => roll(roll(x, -1, 1), 2, 2).dataSync());
  for (let i = 0; i < 4; i++) for (let j = 0; j < 6; j++) assert.equal(rolled[i * 6 + j], ((i + 1) % 4) * 6 + ((j - 2 + 6) % 6));
  const windows = tf.tidy(() => windowPartition(x, 2, 3).arraySync()) as number[][][];
  assert.equal(windows.length, 4);
  // Second window (top row, right half) starts at pixel (0, 3) and holds rows 0-1, cols 3-5.
  assert.deepEqual(windows[1].map((t) => t[0]), [3, 4, 5, 9, 10, 11]);
  const back = tf.tidy(() => windowReverse(windowPartition(x, 2, 3), 1, 4, 6, 2, 3).dataSync());
  assert.deepEqual(Array.from(back), Array.from(x.dataSync()));
  x.dispose();
});

test('shifted-window mask separates the regions that the cyclic shift brought together', async () => {
  await ready();
  const mask = shiftMask(8, 8, 4, 4, 2);
  const m = mask.arraySync();
  assert.deepEqual(mask.shape, [4, 16, 16]);
  // Window 0 (top-left) holds one region only: no masking.
  assert.ok(m[0].every((row) => row.every((v) => v === 0)));
  // Window 3 (bottom-right) holds 4 regions of 2×2 tokens: each token attends to 4 of 16.
  for (const row of m[3]) assert.equal(row.filter((v) => v === 0).length, 4);
  // Window 1 (top-right): two regions split by columns (cols 0-1 vs 2-3 of the window).
  assert.equal(m[1][0][1], 0);
  assert.equal(m[1][0][2], -100);
  mask.dispose();
});

test('relative position one-hot picks the table row of each token offset', async () => {
  await ready();
  const window = 3;
  const table = tf.tensor2d(Array.from({ length: 25 * 2 }, (_, i) => i), [25, 2]);
  const oneHot = relativePositionOneHot(2, 3, window);
  const bias = tf.tidy(() => tf.matMul(oneHot, table).dataSync());
  const n = 6;
  for (let p = 0; p < n; p++) {
    for (let q = 0; q < n; q++) {
      const dy = Math.floor(p / 3) - Math.floor(q / 3);
      const dx = (p % 3) - (q % 3);
      const row = (dy + window - 1) * (2 * window - 1) + (dx + window - 1);
      assert.equal(bias[(p * n + q) * 2], row * 2);
      assert.equal(bias[(p * n + q) * 2 + 1], row * 2 + 1);
    }
  }
  tf.dispose([table, oneHot]);
});

test('matMul with the fast gradient equals tf.matMul in value and gradients (2-D and batched, transposeB)', async () => {
  await ready();
  const cases: [number[], number[], boolean][] = [
    [[5, 3], [3, 4], false],
    [[2, 3, 5, 4], [2, 3, 6, 4], true],
    [[3, 5, 2], [3, 2, 7], false],
  ];
  for (const [sa, sb, tb] of cases) {
    const a = tf.randomNormal(sa, 0, 1, 'float32', 1);
    const b = tf.randomNormal(sb, 0, 1, 'float32', 2);
    const f1 = (x: tf.Tensor, y: tf.Tensor): tf.Tensor => tf.sum(tf.square(matMul(x, y, tb)));
    const f2 = (x: tf.Tensor, y: tf.Tensor): tf.Tensor => tf.sum(tf.square(tf.matMul(x, y, false, tb)));
    const [ga, gb] = tf.grads(f1)([a, b]);
    const [ha, hb] = tf.grads(f2)([a, b]);
    assert.ok(maxAbsDiff(tf.tidy(() => matMul(a, b, tb).dataSync()), tf.tidy(() => tf.matMul(a, b, false, tb).dataSync())) < 1e-5);
    assert.ok(maxAbsDiff(ga.dataSync(), ha.dataSync()) < 1e-4);
    assert.ok(maxAbsDiff(gb.dataSync(), hb.dataSync()) < 1e-4);
    tf.dispose([a, b, ga, gb, ha, hb]);
  }
});
