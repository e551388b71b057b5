import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../../src/backend/select';
import { AdamW, SgdMomentum, decays, type Param } from '../../src/train/optim';

function param(name: string, values: number[], shape: number[]): Param {
  return { name, variable: tf.variable(tf.tensor(values, shape), true), decay: decays(name, shape) };
}

test('weight decay is excluded from biases, norms and rank-1 tensors', () => {
  assert.equal(decays('encoder.stem.conv.weight', [3, 3, 3, 16]), true);
  assert.equal(decays('head.weight', [64, 10]), true);
  assert.equal(decays('head.bias', [10]), false);
  assert.equal(decays('encoder.stages.0.norm.weight', [16]), false);
  assert.equal(decays('encoder.stages.0.blocks.0.norm.weight', [1, 16]), false);
  assert.equal(decays('encoder.layers.0.relative_position_bias_table', [169, 3]), false);
});

test('AdamW matches a hand-computed update on a scalar, with decoupled decay only where due', async () => {
  await initBackend();
  const lr = 0.1;
  const wd = 0.5;
  const b1 = 0.9;
  const b2 = 0.999;
  const eps = 1e-8;
  const w = param('layer.weight', [2.0], [1, 1]); // rank 2: decays
  const b = param('layer.bias', [2.0], [1]); // rank 1: no decay
  const opt = new AdamW([w, b], { beta1: b1, beta2: b2, epsilon: eps, weightDecay: wd });
  const grads = [0.5, -1.5, 0.25];
  // Reference in float64.
  let pw = 2.0;
  let pb = 2.0;
  let m = 0;
  let v = 0;
  for (let t = 1; t <= grads.length; t++) {
    const g = grads[t - 1];
    m = b1 * m + (1 - b1) * g;
    v = b2 * v + (1 - b2) * g * g;
    const step = m / (1 - b1 ** t) / (Math.sqrt(v / (1 - b2 ** t)) + eps);
    pw = pw - lr * (step + wd * pw);
    pb = pb - lr * step;
    const gw = tf.tensor([g], [1, 1]);
    const gb = tf.tensor([g], [1]);
    opt.apply(new Map([['layer.weight', gw], ['layer.bias', gb]]), lr);
    gw.dispose();
    gb.dispose();
    assert.ok(Math.abs(w.variable.dataSync()[0] - pw) < 1e-5, `step ${t}: weight ${w.variable.dataSync()[0]} vs ${pw}`);
    assert.ok(Math.abs(b.variable.dataSync()[0] - pb) < 1e-5, `step ${t}: bias ${b.variable.dataSync()[0]} vs ${pb}`);
  }
  // First step of Adam moves by lr·sign(g) (bias-corrected), so the values are far from trivial.
  assert.notEqual(pw.toFixed(3), pb.toFixed(3));
  opt.dispose();
  w.variable.dispose();
  b.variable.dispose();
});

test('SGD with momentum matches a hand-computed update (coupled L2 on weights)', async () => {
  await initBackend();
  const w = param('fc.weight', [1.0, -1.0], [1, 2]);
  const opt = new SgdMomentum([w], { momentum: 0.9, weightDecay: 0.1 });
  const ref = [1.0, -1.0];
  const buf = [0, 0];
  for (const g of [[0.5, 0.5], [1, -2]]) {
    for (let i = 0; i < 2; i++) {
      buf[i] = 0.9 * buf[i] + g[i] + 0.1 * ref[i];
      ref[i] -= 0.01 * buf[i];
    }
    const gt = tf.tensor(g, [1, 2]);
    opt.apply(new Map([['fc.weight', gt]]), 0.01);
    gt.dispose();
  }
  const got = w.variable.dataSync();
  for (let i = 0; i < 2; i++) assert.ok(Math.abs(got[i] - ref[i]) < 1e-6, `${got[i]} vs ${ref[i]}`);
  opt.dispose();
  w.variable.dispose();
});

test('AdamW state restored into a fresh optimiser gives the same next update', async () => {
  await initBackend();
  const mk = () => param('a.weight', [0.3, -0.7, 1.1, 0.2], [2, 2]);
  const p1 = mk();
  const o1 = new AdamW([p1], { weightDecay: 0.1 });
  const g1 = tf.tensor([0.1, -0.2, 0.3, 0.05], [2, 2]);
  const g2 = tf.tensor([-0.4, 0.2, 0.1, 0.5], [2, 2]);
  o1.apply(new Map([['a.weight', g1]]), 0.01);
  // Snapshot: weights and optimiser state as plain data (what a checkpoint holds).
  const weights = Array.from(p1.variable.dataSync());
  const stored = new Map(o1.stateTensors().map((t) => [t.name, { shape: t.tensor.shape, data: Float32Array.from(t.tensor.dataSync() as Float32Array) }]));
  const scalars = o1.scalars();
  o1.apply(new Map([['a.weight', g2]]), 0.01);

  const p2 = param('a.weight', weights, [2, 2]);
  const o2 = new AdamW([p2], { weightDecay: 0.1 });
  o2.restore(stored, scalars);
  o2.apply(new Map([['a.weight', g2]]), 0.01);
  assert.deepEqual(Array.from(p2.variable.dataSync()), Array.from(p1.variable.dataSync()));
  assert.throws(() => o2.restore(new Map([...stored, ['optimiser.other.weight.m', { shape: [1], data: new Float32Array(1) }]]), scalars), /no parameter/);
  for (const t of [g1, g2]) t.dispose();
  o1.dispose();
  o2.dispose();
  p1.variable.dispose();
  p2.variable.dispose();
});
