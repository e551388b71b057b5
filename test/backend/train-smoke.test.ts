// A small segmentation conv net trained on the backend initBackend() picks (wasm here): every kernel
// of its forward and backward pass must exist, the loss must fall and no tensor may leak.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../../src/backend/select';
import { Rng } from '../../src/util/rng';

const N = 8;
const SIZE = 32;
const CLASSES = 3;

/**
 * Images whose label is the strongest channel of a blocky 8x8 field (upsampled 4x), plus noise:
 * learnable by a small net, not by a constant.
 */
function makeTask(rng: Rng): { images: Float32Array; labels: Int32Array } {
  const images = new Float32Array(N * SIZE * SIZE * CLASSES);
  const labels = new Int32Array(N * SIZE * SIZE);
  const cells = SIZE / 4;
  for (let n = 0; n < N; n++) {
    const field = Float32Array.from({ length: cells * cells * CLASSES }, () => rng.next());
    for (let y = 0; y < SIZE; y++)
      for (let x = 0; x < SIZE; x++) {
        const cell = ((y >> 2) * cells + (x >> 2)) * CLASSES;
        let best = 0;
        for (let c = 0; c < CLASSES; c++) {
          images[((n * SIZE + y) * SIZE + x) * CLASSES + c] = field[cell + c] + 0.2 * (rng.next() - 0.5);
          if (field[cell + c] > field[cell + best]) best = c;
        }
        labels[(n * SIZE + y) * SIZE + x] = best;
      }
  }
  return { images, labels };
}

interface Net {
  vars: tf.Variable[];
  forward(x: tf.Tensor4D): tf.Tensor4D;
}

function makeNet(rng: Rng): Net {
  const init = (shape: number[], fanIn: number) => tf.variable(tf.tensor(Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => rng.normal() * Math.sqrt(2 / fanIn)), shape));
  const w1 = init([3, 3, 3, 8], 27);
  const gamma = tf.variable(tf.ones([8]));
  const beta = tf.variable(tf.zeros([8]));
  const w2 = init([3, 3, 8, 16], 72);
  const dw = init([3, 3, 16, 1], 9);
  const wt = init([3, 3, 8, 16], 144); // conv2dTranspose filter: [h, w, outChannels, inChannels]
  const head = init([1, 1, 8, CLASSES], 8);
  const headBias = tf.variable(tf.zeros([CLASSES]));
  return {
    vars: [w1, gamma, beta, w2, dw, wt, head, headBias],
    forward(x) {
      let h = tf.conv2d(x, w1 as tf.Tensor4D, 1, 'same');
      const { mean, variance } = tf.moments(h, [0, 1, 2]);
      h = tf.relu(tf.add(tf.mul(tf.mul(tf.sub(h, mean), tf.rsqrt(tf.add(variance, 1e-5))), gamma), beta)) as tf.Tensor4D;
      h = tf.relu(tf.conv2d(h, w2 as tf.Tensor4D, 2, 'same')); // 16x16
      h = tf.relu(tf.depthwiseConv2d(h, dw as tf.Tensor4D, 1, 'same'));
      h = tf.maxPool(h, 2, 2, 'same'); // 8x8
      h = tf.relu(tf.conv2dTranspose(h, wt as tf.Tensor4D, [N, 16, 16, 8], 2, 'same'));
      h = tf.image.resizeBilinear(h, [SIZE, SIZE], false, true);
      return tf.add(tf.conv2d(h, head as tf.Tensor4D, 1, 'same'), headBias);
    },
  };
}

test('a small conv segmentation net trains on the selected backend', async (t) => {
  const info = await initBackend();
  await tf.setBackend(info.tfName);
  const rng = new Rng(2024);
  const { images, labels } = makeTask(rng);
  const x = tf.tensor4d(images, [N, SIZE, SIZE, CLASSES]);
  const y = tf.oneHot(tf.tensor1d(labels, 'int32'), CLASSES);
  const net = makeNet(rng);
  const optimizer = tf.train.adam(0.01);
  const losses: number[] = [];
  const times: number[] = [];
  let tensorsAfterFirst = -1;
  for (let step = 0; step < 30; step++) {
    const start = performance.now();
    const loss = optimizer.minimize(() => tf.losses.softmaxCrossEntropy(y, tf.reshape(net.forward(x), [-1, CLASSES])) as tf.Scalar, true, net.vars);
    losses.push((await (loss as tf.Scalar).data())[0]);
    loss?.dispose();
    times.push(performance.now() - start);
    if (step === 0) tensorsAfterFirst = tf.memory().numTensors;
  }
  const mean = (a: number[]) => a.reduce((s, v) => s + v, 0) / a.length;
  const first = mean(losses.slice(0, 5));
  const last = mean(losses.slice(-5));
  const stepMs = mean(times.slice(5));
  t.diagnostic(`backend ${info.tfName}: loss ${first.toFixed(3)} -> ${last.toFixed(3)}, ${stepMs.toFixed(1)} ms/step (mean of steps 6-30)`);
  assert.ok(losses.every(Number.isFinite), 'loss became non-finite');
  assert.ok(last < 0.7 * first, `loss did not fall enough: ${first} -> ${last}`);
  assert.equal(tf.memory().numTensors, tensorsAfterFirst, 'tensors leaked during training');
  tf.dispose([x, y, ...net.vars]);
  optimizer.dispose();
});
