// Every op the project's models use, forward and backward, on the wasm backend: no kernel may be
// missing, and values and gradients must match the cpu backend's.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { Rng } from '../../src/util/rng';
import { TOLERANCE, randomArray, relativeError, runOn, setupBackends } from './helpers';

type T4 = tf.Tensor4D;

interface GradCase {
  name: string;
  /** Shapes of the float inputs the gradient is taken for. */
  shapes: number[][];
  f: (...xs: tf.Tensor[]) => tf.Tensor;
}

const erfGelu = (x: tf.Tensor) => tf.mul(tf.mul(x, 0.5), tf.add(1, tf.erf(tf.div(x, Math.SQRT2))));
const tanhGelu = (x: tf.Tensor) => tf.mul(tf.mul(x, 0.5), tf.add(1, tf.tanh(tf.mul(Math.sqrt(2 / Math.PI), tf.add(x, tf.mul(0.044715, tf.pow(x, 3)))))));

function batchNorm(x: tf.Tensor, gamma: tf.Tensor, beta: tf.Tensor): tf.Tensor {
  const { mean, variance } = tf.moments(x, [0, 1, 2]);
  return tf.add(tf.mul(tf.mul(tf.sub(x, mean), tf.rsqrt(tf.add(variance, 1e-5))), gamma), beta);
}

function layerNorm(x: tf.Tensor, gamma: tf.Tensor, beta: tf.Tensor): tf.Tensor {
  const { mean, variance } = tf.moments(x, -1, true);
  return tf.add(tf.mul(tf.div(tf.sub(x, mean), tf.sqrt(tf.add(variance, 1e-5))), gamma), beta);
}

/** torch.roll along H and W of an NHWC tensor as slice + concat (Swin's shifted windows). */
function roll(x: tf.Tensor, shiftH: number, shiftW: number): tf.Tensor {
  const [, h, w] = x.shape;
  const rows = tf.concat([tf.slice(x, [0, h - shiftH, 0, 0], [-1, shiftH, -1, -1]), tf.slice(x, [0, 0, 0, 0], [-1, h - shiftH, -1, -1])], 1);
  return tf.concat([tf.slice(rows, [0, 0, w - shiftW, 0], [-1, -1, shiftW, -1]), tf.slice(rows, [0, 0, 0, 0], [-1, -1, w - shiftW, -1])], 2);
}

/** Swin window partition: [N, H, W, C] -> [N * (H/ws) * (W/ws), ws * ws, C]. */
function windowPartition(x: tf.Tensor, ws: number): tf.Tensor {
  const [n, h, w, c] = x.shape;
  const split = tf.reshape(x, [n, h / ws, ws, w / ws, ws, c]);
  return tf.reshape(tf.transpose(split, [0, 1, 3, 2, 4, 5]), [-1, ws * ws, c]);
}

/** Window attention with a relative position bias gathered from a table (Swin). */
function windowAttention(x: tf.Tensor, qkv: tf.Tensor, table: tf.Tensor): tf.Tensor {
  const ws = 2;
  const heads = table.shape[1] as number;
  const windows = windowPartition(roll(x, 1, 1), ws); // [B, 4, C]
  const [b, t, c] = windows.shape;
  const proj = tf.reshape(tf.matMul(tf.reshape(windows, [-1, c]), qkv), [b, t, 3, heads, c / heads]);
  const [q, k, v] = tf.unstack(tf.transpose(proj, [2, 0, 3, 1, 4])); // each [B, heads, t, d]
  const coords = [];
  for (let i = 0; i < t; i++) for (let j = 0; j < t; j++) {
    const [yi, xi, yj, xj] = [Math.floor(i / ws), i % ws, Math.floor(j / ws), j % ws];
    coords.push((yi - yj + ws - 1) * (2 * ws - 1) + (xi - xj + ws - 1));
  }
  const bias = tf.transpose(tf.reshape(tf.gather(table, tf.tensor1d(coords, 'int32')), [t, t, heads]), [2, 0, 1]);
  const logits = tf.add(tf.mul(tf.matMul(q, k, false, true), 1 / Math.sqrt(c / heads)), bias);
  return tf.matMul(tf.softmax(logits), v);
}

/** Pixel-wise cross-entropy with an ignore index (255), from one-hot and logSoftmax. */
function crossEntropy(logits: tf.Tensor, labels: number[]): tf.Tensor {
  const classes = logits.shape[logits.rank - 1] as number;
  const lab = tf.tensor1d(labels, 'int32');
  const valid = tf.notEqual(lab, 255);
  const safe = tf.where(valid, lab, tf.zerosLike(lab));
  const nll = tf.neg(tf.sum(tf.mul(tf.oneHot(safe, classes), tf.logSoftmax(tf.reshape(logits, [-1, classes]))), -1));
  const masked = tf.where(valid, nll, tf.zerosLike(nll));
  return tf.div(tf.sum(masked), tf.maximum(tf.sum(tf.cast(valid, 'float32')), 1));
}

const cases: GradCase[] = [
  { name: 'conv2d stride 2 same', shapes: [[2, 9, 9, 3], [3, 3, 3, 4]], f: (x, w) => tf.conv2d(x as T4, w as T4, 2, 'same') },
  { name: 'conv2d stride 3 explicit pad', shapes: [[1, 10, 11, 2], [3, 2, 2, 3]], f: (x, w) => tf.conv2d(x as T4, w as T4, 3, [[0, 0], [1, 0], [2, 1], [0, 0]]) },
  { name: 'conv2d dilation 2 same', shapes: [[2, 9, 8, 3], [3, 3, 3, 2]], f: (x, w) => tf.conv2d(x as T4, w as T4, 1, 'same', 'NHWC', 2) },
  { name: 'conv2d dilation 3 valid', shapes: [[1, 12, 12, 2], [3, 3, 2, 2]], f: (x, w) => tf.conv2d(x as T4, w as T4, 1, 'valid', 'NHWC', 3) },
  { name: 'conv2dTranspose stride 2', shapes: [[2, 5, 5, 4], [3, 3, 3, 4]], f: (x, w) => tf.conv2dTranspose(x as T4, w as T4, [2, 10, 10, 3], 2, 'same') },
  { name: 'depthwiseConv2d stride 2 multiplier 2', shapes: [[2, 9, 9, 3], [3, 3, 3, 2]], f: (x, w) => tf.depthwiseConv2d(x as T4, w as T4, 2, 'same') },
  { name: 'depthwiseConv2d 7x7 (ConvNeXt)', shapes: [[1, 10, 10, 4], [7, 7, 4, 1]], f: (x, w) => tf.depthwiseConv2d(x as T4, w as T4, 1, 'same') },
  { name: 'depthwiseConv2d dilation 2', shapes: [[1, 11, 10, 3], [3, 3, 3, 1]], f: (x, w) => tf.depthwiseConv2d(x as T4, w as T4, 1, 'same', 'NHWC', 2) },
  { name: 'batch norm (moments, rsqrt)', shapes: [[2, 5, 5, 3], [3], [3]], f: (x, g, b) => batchNorm(x, g, b) },
  { name: 'layer norm', shapes: [[2, 6, 8], [8], [8]], f: (x, g, b) => layerNorm(x, g, b) },
  { name: 'relu, sigmoid, leakyRelu', shapes: [[4, 7]], f: (x) => tf.add(tf.add(tf.relu(x), tf.sigmoid(x)), tf.leakyRelu(x, 0.1)) },
  { name: 'gelu (erf)', shapes: [[5, 6]], f: (x) => erfGelu(tf.mul(x, 3)) },
  { name: 'gelu (tanh)', shapes: [[5, 6]], f: (x) => tanhGelu(tf.mul(x, 3)) },
  { name: 'softmax and logSoftmax', shapes: [[3, 5]], f: (x) => tf.add(tf.softmax(tf.mul(x, 3)), tf.logSoftmax(x)) },
  { name: 'matMul with transposes', shapes: [[4, 6], [5, 6]], f: (a, b) => tf.matMul(a, b, false, true) },
  { name: 'batched matMul', shapes: [[3, 4, 5], [3, 5, 2]], f: (a, b) => tf.matMul(a, b) },
  { name: 'window attention (gather bias, roll, partition)', shapes: [[1, 4, 4, 4], [4, 12], [9, 2]], f: (x, qkv, table) => windowAttention(x, qkv, table) },
  { name: 'pad, slice, concat, stack, tile, split', shapes: [[2, 3, 4]], f: (x) => { const [a, b] = tf.split(tf.pad(x, [[0, 0], [1, 1], [0, 2]]), 2, 2); return tf.concat([tf.tile(tf.slice(a, [0, 1, 0], [2, 2, 3]), [1, 1, 2]), tf.reshape(tf.stack([b, b], 3), [2, 5, 6])], 1); } },
  { name: 'mirrorPad', shapes: [[1, 4, 5, 2]], f: (x) => tf.mirrorPad(x, [[0, 0], [1, 1], [2, 2], [0, 0]], 'reflect') },
  { name: 'maxPool 3x3 stride 2', shapes: [[2, 9, 9, 3]], f: (x) => tf.maxPool(x as T4, 3, 2, 'same') },
  { name: 'avgPool 2x2 stride 2 and global mean', shapes: [[2, 8, 8, 3]], f: (x) => tf.add(tf.avgPool(x as T4, 2, 2, 'valid'), tf.mean(x, [1, 2], true)) },
  // Square inputs only: the cpu backend's ResizeBilinearGrad returns a [N, W, H, C] shape (its data
  // is right). Non-square and half-pixel cases are checked against the forward op in repairs.test.ts.
  { name: 'resizeBilinear x2 (alignCorners false)', shapes: [[2, 5, 5, 3]], f: (x) => tf.image.resizeBilinear(x as T4, [10, 10], false) },
  { name: 'resizeBilinear alignCorners true', shapes: [[1, 4, 4, 2]], f: (x) => tf.image.resizeBilinear(x as T4, [7, 7], true) },
  { name: 'resizeNearestNeighbor', shapes: [[1, 4, 5, 2]], f: (x) => tf.image.resizeNearestNeighbor(x as T4, [8, 10]) },
  { name: 'sum, mean, max reductions', shapes: [[3, 4, 5]], f: (x) => tf.add(tf.add(tf.sum(x, 1), tf.mean(x, 1)), tf.max(x, 1)) },
  // tfjs registers no gradient for comparisons (any backend): masks come from non-trained tensors.
  { name: 'clipByValue, where, greater', shapes: [[4, 6], [4, 6]], f: (x, y) => tf.where(tf.greater(tf.reshape(tf.sin(tf.range(0, 24)), [4, 6]), 0), tf.clipByValue(x, -0.5, 0.5), tf.mul(y, y)) },
  { name: 'exp, log, sqrt, square, div, maximum', shapes: [[3, 4], [3, 4]], f: (x, y) => tf.add(tf.div(tf.exp(x), tf.add(tf.square(y), 1)), tf.maximum(tf.log(tf.add(tf.abs(x), 1)), tf.sqrt(tf.add(tf.abs(y), 0.1)))) },
  { name: 'cross-entropy with ignore index (oneHot, logSoftmax)', shapes: [[1, 2, 3, 3]], f: (x) => crossEntropy(x, [0, 2, 255, 1, 1, 0]) },
];

/** A fixed, backend-independent weighting so every output element gets its own gradient. */
function weightedSum(y: tf.Tensor): tf.Scalar {
  const w = tf.reshape(tf.sin(tf.mul(tf.range(0, y.size, 1, 'float32'), 1.37)), y.shape);
  return tf.sum(tf.mul(y, w));
}

before(setupBackends);

test('every model op runs forward and backward on wasm and matches the cpu backend', async (t) => {
  const rng = new Rng(42);
  for (const c of cases) {
    const data = c.shapes.map((s) => randomArray(rng, s.reduce((a, b) => a * b, 1)));
    const run = () => {
      const xs = data.map((d, i) => tf.tensor(d, c.shapes[i]));
      const { value, grads } = tf.valueAndGrads((...a: tf.Tensor[]) => weightedSum(c.f(...a)))(xs);
      return [value, ...grads];
    };
    const want = await runOn('cpu', run);
    let got: Float32Array[];
    try {
      got = await runOn('wasm', run);
    } catch (err) {
      assert.fail(`${c.name} failed on wasm: ${(err as Error).message}`);
    }
    const errors = got.map((g, i) => relativeError(g, want[i]));
    t.diagnostic(`${c.name}: value ${errors[0].toExponential(2)}, grads ${errors.slice(1).map((e) => e.toExponential(2)).join(', ')}`);
    for (const [i, e] of errors.entries()) assert.ok(e <= TOLERANCE, `${c.name}: output ${i} differs by ${e}`);
  }
});

test('dilated conv gradients (the replaced tfjs gradients) match a finite-difference check on wasm', async () => {
  // Independent of both backends' kernels: d(loss)/d(w[i]) ~ (loss(w + e) - loss(w - e)) / 2e.
  const rng = new Rng(5);
  const x = randomArray(rng, 1 * 7 * 7 * 2);
  const w = randomArray(rng, 3 * 3 * 2 * 1);
  const loss = (wv: Float32Array) => tf.tidy(() => weightedSum(tf.conv2d(tf.tensor4d(x, [1, 7, 7, 2]), tf.tensor4d(wv, [3, 3, 2, 1]), 1, 'same', 'NHWC', 2)).dataSync()[0]);
  const [grad] = await runOn('wasm', () => tf.grads((wt: tf.Tensor) => weightedSum(tf.conv2d(tf.tensor4d(x, [1, 7, 7, 2]), wt as T4, 1, 'same', 'NHWC', 2)))([tf.tensor4d(w, [3, 3, 2, 1])]));
  const eps = 1e-2;
  for (const i of [0, 4, 9, 17]) {
    const plus = Float32Array.from(w);
    const minus = Float32Array.from(w);
    plus[i] += eps;
    minus[i] -= eps;
    const numeric = (loss(plus) - loss(minus)) / (2 * eps);
    assert.ok(Math.abs(numeric - grad[i]) <= 1e-2 * Math.max(1, Math.abs(numeric)), `tap ${i}: ${grad[i]} vs numeric ${numeric}`);
  }
});
