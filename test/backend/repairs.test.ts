// The wasm kernels this project replaces because tfjs-backend-wasm 4.22 computes them wrongly:
// MaxPoolGrad (all-negative windows) and ResizeBilinearGrad (ignores halfPixelCenters).
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import type { NamedAttrMap } from '@tensorflow/tfjs-core';
import { Rng } from '../../src/util/rng';
import { TOLERANCE, randomArray, relativeError, runOn, setupBackends } from './helpers';

before(setupBackends);

test('MaxPoolGrad matches the cpu backend, including windows whose inputs are all negative', async (t) => {
  const rng = new Rng(31);
  const cases: [number, number, number, number, number, number, 'same' | 'valid' | number][] = [
    // n, h, w, c, filter, stride, pad
    [2, 4, 4, 2, 2, 2, 'valid'],
    [3, 9, 7, 3, 3, 2, 'same'],
    [1, 8, 9, 1, 3, 1, 'same'],
    [2, 11, 10, 4, 3, 3, 'valid'],
    [2, 7, 8, 5, 2, 1, 1],
  ];
  for (const [n, h, w, c, k, s, pad] of cases) {
    for (const shift of [0, -2]) {
      const x = randomArray(rng, n * h * w * c).map((v) => v + shift); // shift -2: every window negative
      const f = () => {
        const input = tf.tensor4d(x, [n, h, w, c]);
        const output = tf.maxPool(input, k, s, pad);
        const dy = tf.reshape(tf.sin(tf.range(0, output.size)), output.shape);
        return tf.engine().runKernel('MaxPoolGrad', { dy, input, output }, { filterSize: k, strides: s, pad } as unknown as NamedAttrMap) as tf.Tensor;
      };
      const [want] = await runOn('cpu', f);
      const [got] = await runOn('wasm', f);
      const err = relativeError(got, want);
      t.diagnostic(`x=[${n},${h},${w},${c}] k=${k} s=${s} pad=${pad} shift=${shift}: max rel err ${err.toExponential(2)}`);
      assert.ok(err <= TOLERANCE, `error ${err}`);
    }
  }
});

/**
 * The gradient of a linear map is its transpose: the forward resize of every basis image gives the
 * matrix, independent of any backend's gradient kernel.
 */
async function adjointOfForward(h: number, w: number, size: [number, number], alignCorners: boolean, halfPixel: boolean, dy: Float32Array, n: number, c: number): Promise<Float64Array> {
  const pixels = h * w;
  const basis = new Float32Array(pixels * pixels);
  for (let p = 0; p < pixels; p++) basis[p * pixels + p] = 1;
  const [a] = await runOn('cpu', () => tf.image.resizeBilinear(tf.tensor4d(basis, [pixels, h, w, 1]), size, alignCorners, halfPixel));
  const outPixels = size[0] * size[1];
  const grad = new Float64Array(n * pixels * c);
  for (let b = 0; b < n; b++)
    for (let p = 0; p < pixels; p++)
      for (let o = 0; o < outPixels; o++) {
        const weight = a[p * outPixels + o];
        if (weight === 0) continue;
        for (let ch = 0; ch < c; ch++) grad[(b * pixels + p) * c + ch] += weight * dy[(b * outPixels + o) * c + ch];
      }
  return grad;
}

test('ResizeBilinearGrad on wasm is the exact adjoint of the forward resize for every sampling mode', async (t) => {
  const rng = new Rng(32);
  const n = 2;
  const c = 3;
  for (const [h, w, size] of [[5, 6, [10, 12]], [4, 7, [9, 5]], [8, 6, [3, 4]]] as [number, number, [number, number]][]) {
    for (const [alignCorners, halfPixel] of [[false, false], [true, false], [false, true]]) {
      const x = randomArray(rng, n * h * w * c);
      const dy = randomArray(rng, n * size[0] * size[1] * c);
      const [got] = await runOn('wasm', () =>
        tf.engine().runKernel('ResizeBilinearGrad', { images: tf.tensor4d(x, [n, h, w, c]), dy: tf.tensor4d(dy, [n, size[0], size[1], c]) }, { alignCorners, halfPixelCenters: halfPixel }) as tf.Tensor,
      );
      const want = await adjointOfForward(h, w, size, alignCorners, halfPixel, dy, n, c);
      const err = relativeError(got, want);
      t.diagnostic(`[${h},${w}] -> [${size}] alignCorners=${alignCorners} halfPixel=${halfPixel}: max rel err ${err.toExponential(2)}`);
      assert.ok(err <= TOLERANCE, `error ${err}`);
    }
  }
});

test('tf.grads through a half-pixel resize on wasm equals the adjoint (end to end)', async () => {
  const rng = new Rng(33);
  const x = randomArray(rng, 1 * 5 * 7 * 2);
  const dy = randomArray(rng, 1 * 9 * 4 * 2);
  const [got] = await runOn('wasm', () =>
    tf.grads((img: tf.Tensor) => tf.sum(tf.mul(tf.image.resizeBilinear(img as tf.Tensor4D, [9, 4], false, true), tf.tensor4d(dy, [1, 9, 4, 2]))))([tf.tensor4d(x, [1, 5, 7, 2])]),
  );
  const want = await adjointOfForward(5, 7, [9, 4], false, true, dy, 1, 2);
  assert.ok(relativeError(got, want) <= TOLERANCE);
});
