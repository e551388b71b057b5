// The fused training batch norm (native forward and gradient) against tf.moments + tf.batchNorm on the
// cpu backend: outputs, batch statistics, and gradients for x, gamma and beta.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { initBackend } from '../../src/backend/select';
import { BN_TRAIN, batchNormTrain } from '../../src/backend/native/batch-norm';
import { nativeKernelStats } from '../../src/backend/native/stats';
import { Rng } from '../../src/util/rng';
import { assertClose, randomValues, sizeOf } from './helpers';

function run(shape: [number, number, number, number], xv: Float32Array, gv: Float32Array, bv: Float32Array, wv: Float32Array): Float32Array[] {
  return tf.tidy(() => {
    const x = tf.tensor4d(xv, shape);
    const gamma = tf.tensor1d(gv);
    const beta = tf.tensor1d(bv);
    const w = tf.tensor4d(wv, shape);
    const r = batchNormTrain(x, gamma, beta, 1e-5);
    const out = [r.y, r.mean, r.variance].map((t) => Float32Array.from(t.dataSync()));
    const grads = tf.grads((a: tf.Tensor, g: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(batchNormTrain(a as tf.Tensor4D, g as tf.Tensor1D, b as tf.Tensor1D, 1e-5).y, w)))([x, gamma, beta]);
    return [...out, ...grads.map((t) => Float32Array.from(t.dataSync()))];
  });
}

test('fused batch norm equals moments + batchNorm, values and gradients', async (t) => {
  await initBackend();
  if (!tf.getKernel(BN_TRAIN, 'wasm')) {
    t.skip('native addon not active');
    return;
  }
  const rng = new Rng(11);
  nativeKernelStats.clear();
  const shapes: [number, number, number, number][] = [[4, 12, 12, 16], [2, 9, 7, 5], [1, 3, 3, 33], [8, 16, 16, 8]];
  for (const [i, shape] of shapes.entries()) {
    const c = shape[3];
    // One case with a large common offset: the variance must not lose its digits.
    const xv = randomValues(rng, sizeOf(shape)).map((v) => (i === 3 ? 50 + 2 * v : v));
    const gv = randomValues(rng, c);
    const bv = randomValues(rng, c);
    const wv = randomValues(rng, sizeOf(shape));
    await tf.setBackend('cpu');
    const expected = run(shape, xv, gv, bv, wv);
    await tf.setBackend('wasm');
    const before = tf.memory().numTensors;
    const actual = run(shape, xv, gv, bv, wv);
    assert.equal(tf.memory().numTensors, before, 'tensors leaked');
    ['y', 'mean', 'variance', 'dx', 'dgamma', 'dbeta'].forEach((name, j) => assertClose(actual[j], expected[j], `${name} ${shape}`, 2e-4));
  }
  assert.ok((nativeKernelStats.get(BN_TRAIN)?.calls ?? 0) >= shapes.length * 2);
});
