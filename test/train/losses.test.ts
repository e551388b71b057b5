import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../../src/backend/select';
import { labelSmoothingCrossEntropy, segmentationCrossEntropy } from '../../src/train/losses';
import { Rng } from '../../src/util/rng';

function logSoftmax(v: number[]): number[] {
  const m = Math.max(...v);
  const s = Math.log(v.reduce((a, x) => a + Math.exp(x - m), 0)) + m;
  return v.map((x) => x - s);
}

test('label-smoothing cross-entropy matches a hand computation', async () => {
  await initBackend();
  const logits = [[2, 0.5, -1], [0, 0, 3]];
  const labels = [0, 1];
  const eps = 0.1;
  let expected = 0;
  for (let i = 0; i < 2; i++) {
    const lp = logSoftmax(logits[i]);
    for (let k = 0; k < 3; k++) expected -= ((k === labels[i] ? 1 - eps : 0) + eps / 3) * lp[k];
  }
  expected /= 2;
  const l = tf.tensor2d(logits);
  const y = tf.tensor1d(labels, 'int32');
  const got = labelSmoothingCrossEntropy(l, y, eps);
  assert.ok(Math.abs(got.dataSync()[0] - expected) < 1e-5, `${got.dataSync()[0]} vs ${expected}`);
  const plain = labelSmoothingCrossEntropy(l, y, 0);
  const plainExpected = -(logSoftmax(logits[0])[0] + logSoftmax(logits[1])[1]) / 2;
  assert.ok(Math.abs(plain.dataSync()[0] - plainExpected) < 1e-5);
  tf.dispose([l, y, got, plain]);
});

test('segmentation cross-entropy skips ignore pixels and applies class and pixel weights', async () => {
  await initBackend();
  const B = 2;
  const H = 3;
  const W = 2;
  const K = 4;
  const rng = new Rng(1);
  const logits = Array.from({ length: B * H * W * K }, () => rng.normal());
  const labels = Array.from({ length: B * H * W }, (_, i) => (i % 5 === 0 ? 255 : i % K));
  const cw = [1, 2, 0.5, 1.5];
  const pw = Array.from({ length: B * H * W }, (_, i) => 1 + (i % 3));
  let num = 0;
  let den = 0;
  let numPlain = 0;
  let denPlain = 0;
  for (let p = 0; p < B * H * W; p++) {
    if (labels[p] === 255) continue;
    const lp = logSoftmax(logits.slice(p * K, (p + 1) * K))[labels[p]];
    const w = cw[labels[p]] * pw[p];
    num -= w * lp;
    den += w;
    numPlain -= lp;
    denPlain += 1;
  }
  const lt = tf.tensor4d(logits, [B, H, W, K]);
  const yt = tf.tensor3d(labels, [B, H, W], 'int32');
  const pwt = tf.tensor3d(pw, [B, H, W]);
  const weighted = segmentationCrossEntropy(lt, yt, { classWeights: cw, pixelWeights: pwt });
  const plain = segmentationCrossEntropy(lt, yt);
  assert.ok(Math.abs(weighted.dataSync()[0] - num / den) < 1e-5);
  assert.ok(Math.abs(plain.dataSync()[0] - numPlain / denPlain) < 1e-5);
  // All-ignore batch: zero loss, not NaN.
  const allIgnore = tf.fill([B, H, W], 255, 'int32') as tf.Tensor3D;
  const zero = segmentationCrossEntropy(lt, allIgnore);
  assert.equal(zero.dataSync()[0], 0);
  tf.dispose([lt, yt, pwt, weighted, plain, allIgnore, zero]);
});
