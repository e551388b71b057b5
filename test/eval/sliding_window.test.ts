import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../../src/backend/select';
import type { ImageHWC } from '../../src/data/types';
import { imageSource, slidingWindowPredict, windowStarts, type SegModel } from '../../src/eval/sliding_window';
import { Rng } from '../../src/util/rng';

function randomImage(h: number, w: number, c: number, seed: number): ImageHWC {
  const rng = new Rng(seed);
  const data = new Float32Array(h * w * c);
  for (let i = 0; i < data.length; i++) data[i] = rng.normal();
  return { height: h, width: w, bands: Array.from({ length: c }, (_, i) => `b${i}`), data };
}

/** A fixed 1x1 convolution + bias: translation-equivariant, so windows must reproduce the full image. */
function pointwiseModel(C: number, K: number, seed: number): { model: SegModel; kernel: tf.Tensor4D; bias: tf.Tensor1D } {
  const rng = new Rng(seed);
  const kernel = tf.tensor4d(Array.from({ length: C * K }, () => rng.normal()), [1, 1, C, K]);
  const bias = tf.tensor1d(Array.from({ length: K }, () => rng.normal() * 0.1));
  return { model: (x) => tf.add(tf.conv2d(x, kernel, 1, 'same'), bias) as tf.Tensor4D, kernel, bias };
}

function argmax(logits: Float32Array, K: number): Uint8Array {
  const out = new Uint8Array(logits.length / K);
  for (let p = 0; p < out.length; p++) {
    let best = 0;
    for (let k = 1; k < K; k++) if (logits[p * K + k] > logits[p * K + best]) best = k;
    out[p] = best;
  }
  return out;
}

test('window origins follow the mmseg grid with the last window shifted inside', () => {
  assert.deepEqual(windowStarts(600, 512, 384), [0, 88]);
  assert.deepEqual(windowStarts(512, 512, 384), [0]);
  assert.deepEqual(windowStarts(100, 512, 384), [0]);
  assert.deepEqual(windowStarts(37, 16, 11), [0, 11, 21]);
  for (const [size, win, stride] of [[1000, 96, 50], [37, 16, 16], [200, 64, 1]]) {
    const s = windowStarts(size, win, stride);
    assert.equal(s[0], 0);
    assert.equal(s[s.length - 1], size - win);
    for (let i = 1; i < s.length; i++) assert.ok(s[i] - s[i - 1] <= stride && s[i] > s[i - 1]);
  }
});

test('sliding-window logits equal the full-image result of a translation-equivariant model', async () => {
  await initBackend();
  const [H, W, C, K] = [37, 53, 3, 5];
  const image = randomImage(H, W, C, 1);
  const { model, kernel, bias } = pointwiseModel(C, K, 2);
  const full = tf.tidy(() => model(tf.tensor4d(image.data, [1, H, W, C])));
  const expected = (await full.data()) as Float32Array;
  full.dispose();
  const before = tf.memory().numTensors;
  for (const flip of [false, true]) {
    const rowsSeen: number[] = [];
    const streamed = new Uint8Array(H * W);
    const r = await slidingWindowPredict(model, image, {
      window: 16,
      stride: [11, 13],
      batchSize: 3,
      flip,
      keepLogits: true,
      onRows: (y0, rows, labels) => {
        assert.equal(y0, rowsSeen.length, 'rows arrive in order without gaps');
        for (let i = 0; i < rows; i++) rowsSeen.push(y0 + i);
        streamed.set(labels, y0 * W);
      },
    });
    assert.equal(r.numClasses, K);
    assert.equal(r.windows, windowStarts(H, 16, 11).length * windowStarts(W, 16, 13).length);
    assert.equal(rowsSeen.length, H);
    let maxErr = 0;
    for (let i = 0; i < expected.length; i++) maxErr = Math.max(maxErr, Math.abs(r.logits![i] - expected[i]));
    assert.ok(maxErr < 1e-4, `max |window - full| = ${maxErr} (flip ${flip})`);
    assert.deepEqual(Array.from(r.labels!.data), Array.from(argmax(expected, K)));
    assert.deepEqual(Array.from(streamed), Array.from(r.labels!.data));
  }
  assert.equal(tf.memory().numTensors, before, 'no tensors leak');
  kernel.dispose();
  bias.dispose();
});

test('a window reader is only asked for windows inside the raster; small images are padded', async () => {
  await initBackend();
  const [H, W, C, K] = [30, 70, 2, 3];
  const image = randomImage(H, W, C, 3);
  const { model, kernel, bias } = pointwiseModel(C, K, 4);
  const inner = imageSource(image);
  const requests: number[][] = [];
  const source = { ...inner, read: async (y0: number, x0: number, h: number, w: number) => {
    requests.push([y0, x0, h, w]);
    assert.ok(y0 >= 0 && x0 >= 0 && y0 + h <= H && x0 + w <= W, `window ${y0},${x0} ${h}x${w} inside`);
    return inner.read(y0, x0, h, w);
  } };
  const streamed = await slidingWindowPredict(model, source, { window: [24, 32], stride: [8, 20], batchSize: 2, keepLabels: true });
  const direct = await slidingWindowPredict(model, image, { window: 200, stride: 200 }); // one padded window covering all
  assert.equal(direct.windows, 1);
  assert.deepEqual(Array.from(streamed.labels!.data), Array.from(direct.labels!.data));
  assert.equal(requests.length, streamed.windows);
  kernel.dispose();
  bias.dispose();
  await assert.rejects(slidingWindowPredict(model, image, { window: 16, stride: 17 }), /stride/);
});
