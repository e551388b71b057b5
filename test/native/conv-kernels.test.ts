// Native (oneDNN) convolution kernels on the wasm backend against the pure-JS cpu backend, on random
// shapes with strides, paddings (same, valid, explicit) and dilations. Skipped when the addon is not built.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../../src/backend/select';
import { nativeKernelReport } from '../../src/backend/native/register';
import { nativeKernelStats } from '../../src/backend/native/stats';
import { Rng } from '../../src/util/rng';
import { assertClose, randomValues, sizeOf } from './helpers';

type Pad = 'same' | 'valid' | [[0, 0], [number, number], [number, number], [0, 0]];

interface Case {
  x: number[]; // NHWC
  filter: number[]; // kh, kw, ic, oc
  strides: [number, number];
  dilations: [number, number];
  pad: Pad;
}

function randomCase(rng: Rng, allowDilation: boolean): Case {
  const int = (lo: number, hi: number) => lo + Math.floor(rng.next() * (hi - lo + 1));
  const kh = int(1, 4), kw = int(1, 4);
  const dilations: [number, number] = allowDilation && rng.next() < 0.4 ? [int(1, 3), int(1, 3)] : [1, 1];
  const strides: [number, number] = dilations[0] > 1 || dilations[1] > 1 ? [1, 1] : [int(1, 3), int(1, 3)];
  const h = int((kh - 1) * dilations[0] + 1, 13), w = int((kw - 1) * dilations[1] + 1, 13);
  const r = rng.next();
  const pad: Pad = r < 0.4 ? 'same' : r < 0.75 ? 'valid' : [[0, 0], [int(0, 2), int(0, 2)], [int(0, 2), int(0, 2)], [0, 0]];
  return { x: [int(1, 3), h, w, int(1, 7)], filter: [kh, kw, 0, int(1, 9)], strides, dilations, pad };
}

const size = sizeOf;

/** Runs forward, backward-data and backward-weights of one case on the current backend. */
function runAll(c: Case, xv: Float32Array, fv: Float32Array, dyv: Float32Array, outShape: number[]): Float32Array[] {
  return tf.tidy(() => {
    const x = tf.tensor4d(xv, c.x as [number, number, number, number]);
    const f = tf.tensor4d(fv, c.filter as [number, number, number, number]);
    const dy = tf.tensor4d(dyv, outShape as [number, number, number, number]);
    const y = tf.conv2d(x, f, c.strides, c.pad, 'NHWC', c.dilations);
    const results = [y.dataSync() as Float32Array];
    if (c.dilations[0] === 1 && c.dilations[1] === 1) {
      const dx = tf.engine().runKernel(tf.Conv2DBackpropInput, { dy, filter: f }, { strides: c.strides, pad: c.pad, dataFormat: 'NHWC', inputShape: c.x }) as tf.Tensor;
      const dw = tf.engine().runKernel(tf.Conv2DBackpropFilter, { x, dy }, { strides: c.strides, pad: c.pad, dataFormat: 'NHWC', filterShape: c.filter }) as tf.Tensor;
      results.push(dx.dataSync() as Float32Array, dw.dataSync() as Float32Array);
    }
    return results;
  });
}


test('native convolution kernels equal the cpu backend on random shapes', async (t) => {
  await initBackend();
  const report = nativeKernelReport();
  if (!report?.active) {
    t.skip(`native addon not active: ${report?.reason ?? 'wasm backend not selected'}`);
    return;
  }
  const rng = new Rng(20240607);
  nativeKernelStats.clear();
  for (let i = 0; i < 40; i++) {
    const c = randomCase(rng, i % 2 === 0);
    c.filter[2] = c.x[3];
    const outShape = tf.backend_util.computeConv2DInfo(c.x as [number, number, number, number], c.filter as [number, number, number, number], c.strides, c.dilations, c.pad).outShape;
    if (size(outShape) === 0) continue;
    const xv = randomValues(rng, size(c.x)), fv = randomValues(rng, size(c.filter)), dyv = randomValues(rng, size(outShape));
    await tf.setBackend('cpu');
    const expected = runAll(c, xv, fv, dyv, outShape);
    await tf.setBackend('wasm');
    const actual = runAll(c, xv, fv, dyv, outShape);
    const label = `case ${i} ${JSON.stringify(c)}`;
    ['forward', 'backwardData', 'backwardWeights'].slice(0, expected.length).forEach((k, j) => assertClose(actual[j], expected[j], `${k} ${label}`, 1e-4));
  }
  // The comparisons above must have gone through the addon, not the wasm fallbacks.
  for (const k of [tf.Conv2D, tf.Conv2DBackpropInput, tf.Conv2DBackpropFilter]) assert.ok((nativeKernelStats.get(k)?.calls ?? 0) > 0, `${k} was not served natively`);
});
