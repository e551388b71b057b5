// Native Add/Sub/Multiply/RealDiv, FusedBatchNorm, Tile, Sum, Mean and the zero-copy Identity on the
// wasm backend against the cpu backend, on shapes large enough to take the native path.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { initBackend } from '../../src/backend/select';
import { nativeKernelReport } from '../../src/backend/native/register';
import { nativeKernelStats } from '../../src/backend/native/stats';
import { Rng } from '../../src/util/rng';
import { assertClose, onBothBackends, randomValues, sizeOf } from './helpers';

async function activeOrSkip(t: { skip: (msg: string) => void }): Promise<boolean> {
  await initBackend();
  const report = nativeKernelReport();
  if (!report?.active) t.skip(`native addon not active: ${report?.reason ?? 'wasm backend not selected'}`);
  return Boolean(report?.active);
}

const BIG: [number, number, number, number][] = [[4, 24, 24, 16], [2, 16, 32, 33], [3, 40, 40, 5]];

test('binary kernels with same-shape, per-channel and scalar operands', async (t) => {
  if (!(await activeOrSkip(t))) return;
  const rng = new Rng(5);
  nativeKernelStats.clear();
  for (const shape of BIG) {
    const c = shape[3];
    const x = randomValues(rng, sizeOf(shape));
    const y = randomValues(rng, sizeOf(shape)).map((v) => v + Math.sign(v) * 0.5);
    const v = randomValues(rng, c).map((q) => q + Math.sign(q) * 0.5);
    const operands: [string, () => tf.Tensor, () => tf.Tensor][] = [
      ['same', () => tf.tensor4d(x, shape), () => tf.tensor4d(y, shape)],
      ['channel [C]', () => tf.tensor4d(x, shape), () => tf.tensor1d(v)],
      ['channel [1,1,1,C] first', () => tf.tensor4d(v, [1, 1, 1, c]), () => tf.tensor4d(y, shape)],
      ['scalar', () => tf.tensor4d(x, shape), () => tf.scalar(1.7)],
      ['scalar first', () => tf.scalar(-0.3), () => tf.tensor4d(y, shape)],
    ];
    for (const [label, a, b] of operands) {
      for (const [name, op] of [['add', tf.add], ['sub', tf.sub], ['mul', tf.mul], ['div', tf.div]] as const) {
        const r = await onBothBackends(() => op(a(), b()));
        assertClose(r.wasm, r.cpu, `${name} ${label} ${shape}`);
      }
    }
  }
  for (const k of [tf.Add, tf.Sub, tf.Multiply, tf.RealDiv]) assert.ok((nativeKernelStats.get(k)?.calls ?? 0) > 0, `${k} not served natively`);
});

test('broadcasts the native path does not take still give the cpu answer', async (t) => {
  if (!(await activeOrSkip(t))) return;
  const rng = new Rng(6);
  const x = randomValues(rng, 4 * 24 * 24 * 16);
  const col = randomValues(rng, 4 * 24 * 24);
  const r = await onBothBackends(() => tf.mul(tf.tensor4d(x, [4, 24, 24, 16]), tf.tensor4d(col, [4, 24, 24, 1])));
  assertClose(r.wasm, r.cpu, 'mul by [N,H,W,1]');
});

test('FusedBatchNorm with and without scale/offset', async (t) => {
  if (!(await activeOrSkip(t))) return;
  const rng = new Rng(7);
  nativeKernelStats.clear();
  for (const shape of BIG) {
    const c = shape[3];
    const x = randomValues(rng, sizeOf(shape));
    const mean = randomValues(rng, c);
    const variance = randomValues(rng, c).map((v) => Math.abs(v) + 0.1);
    const scale = randomValues(rng, c);
    const offset = randomValues(rng, c);
    const full = await onBothBackends(() => tf.batchNorm4d(tf.tensor4d(x, shape), tf.tensor1d(mean), tf.tensor1d(variance), tf.tensor1d(offset), tf.tensor1d(scale), 1e-5));
    assertClose(full.wasm, full.cpu, `batchNorm ${shape}`);
    const bare = await onBothBackends(() => tf.batchNorm4d(tf.tensor4d(x, shape), tf.tensor1d(mean), tf.tensor1d(variance)));
    assertClose(bare.wasm, bare.cpu, `batchNorm without scale/offset ${shape}`);
  }
  assert.ok((nativeKernelStats.get(tf.FusedBatchNorm)?.calls ?? 0) > 0);
});

test('Tile, Sum and Mean over leading axes, keepDims or not', async (t) => {
  if (!(await activeOrSkip(t))) return;
  const rng = new Rng(8);
  nativeKernelStats.clear();
  for (const shape of BIG) {
    const x = randomValues(rng, sizeOf(shape));
    const small = randomValues(rng, shape[3] * 2);
    const tiled = await onBothBackends(() => tf.tile(tf.tensor4d(small, [1, 2, 1, shape[3]]), [shape[0], shape[1], shape[2], 1]));
    assert.deepEqual(tiled.shape, [shape[0], 2 * shape[1], shape[2], shape[3]]);
    assertClose(tiled.wasm, tiled.cpu, `tile ${shape}`);
    for (const axes of [[0, 1, 2], [0, 1], [0], [0, 1, 2, 3]]) {
      for (const keepDims of [false, true]) {
        const s = await onBothBackends(() => tf.sum(tf.tensor4d(x, shape), axes, keepDims));
        assertClose(s.wasm, s.cpu, `sum ${shape} ${axes} ${keepDims}`, 1e-5);
        const m = await onBothBackends(() => tf.mean(tf.tensor4d(x, shape), axes, keepDims));
        assertClose(m.wasm, m.cpu, `mean ${shape} ${axes} ${keepDims}`, 1e-5);
      }
    }
    const inner = await onBothBackends(() => tf.sum(tf.tensor4d(x, shape), [1, 2]));
    assertClose(inner.wasm, inner.cpu, `sum over inner axes ${shape} (wasm path)`, 1e-5);
  }
  for (const k of [tf.Tile, tf.Sum, tf.Mean]) assert.ok((nativeKernelStats.get(k)?.calls ?? 0) > 0, `${k} not served natively`);
});

test('zero-copy Identity keeps clones independent of later disposal', async (t) => {
  if (!(await activeOrSkip(t))) return;
  await tf.setBackend('wasm');
  const a = tf.tensor1d([1, 2, 3]);
  const b = a.clone();
  a.dispose();
  assert.deepEqual(Array.from(b.dataSync()), [1, 2, 3]);
  const v = tf.variable(tf.tensor1d([4, 5]));
  const snapshot = v.clone();
  v.assign(tf.tensor1d([6, 7]));
  assert.deepEqual(Array.from(snapshot.dataSync()), [4, 5]);
  b.dispose();
  snapshot.dispose();
  v.dispose();
});

test('ResizeBilinearGrad, up and down, with and without corner alignment', async (t) => {
  if (!(await activeOrSkip(t))) return;
  const rng = new Rng(9);
  nativeKernelStats.clear();
  const cases: [[number, number, number, number], [number, number]][] = [[[2, 6, 6, 8], [24, 24]], [[3, 10, 10, 5], [5, 7]], [[1, 4, 4, 3], [3, 9]]]; // square inputs: the cpu kernel reports non-square gradients transposed;
  for (const [shape, size] of cases) {
    const x = randomValues(rng, sizeOf(shape));
    const w = randomValues(rng, shape[0] * size[0] * size[1] * shape[3]);
    for (const alignCorners of [true, false]) {
      const r = await onBothBackends(() => {
        const f = (a: tf.Tensor) => tf.sum(tf.mul(tf.image.resizeBilinear(a as tf.Tensor4D, size, alignCorners), tf.tensor4d(w, [shape[0], size[0], size[1], shape[3]])));
        return tf.grad(f)(tf.tensor4d(x, shape));
      });
      assert.deepEqual(r.shape, shape);
      assertClose(r.wasm, r.cpu, `resize grad ${shape}→${size} align ${alignCorners}`);
    }
  }
  assert.ok((nativeKernelStats.get(tf.ResizeBilinearGrad)?.calls ?? 0) > 0);
});

test('ResizeBilinearGrad with half-pixel centres is the adjoint of the forward resize', async (t) => {
  if (!(await activeOrSkip(t))) return;
  // The cpu kernel ignores halfPixelCenters, so check <resize(x), w> = <x, grad> with the cpu forward.
  const rng = new Rng(10);
  nativeKernelStats.clear();
  const cases: [[number, number, number, number], [number, number]][] = [[[2, 6, 6, 8], [24, 24]], [[3, 10, 7, 5], [5, 9]], [[1, 12, 12, 3], [5, 5]]];
  for (const [shape, size] of cases) {
    const x = randomValues(rng, sizeOf(shape));
    const w = randomValues(rng, shape[0] * size[0] * size[1] * shape[3]);
    const wShape: [number, number, number, number] = [shape[0], size[0], size[1], shape[3]];
    await tf.setBackend('cpu');
    const lhs = tf.tidy(() => tf.sum(tf.mul(tf.image.resizeBilinear(tf.tensor4d(x, shape), size, false, true), tf.tensor4d(w, wShape))).dataSync()[0]);
    await tf.setBackend('wasm');
    const grad = tf.tidy(() => {
      const f = (a: tf.Tensor) => tf.sum(tf.mul(tf.image.resizeBilinear(a as tf.Tensor4D, size, false, true), tf.tensor4d(w, wShape)));
      return Float32Array.from(tf.grad(f)(tf.tensor4d(x, shape)).dataSync());
    });
    let rhs = 0;
    let scale = 0;
    for (let i = 0; i < x.length; i++) {
      rhs += x[i] * grad[i];
      scale += Math.abs(x[i] * grad[i]);
    }
    assert.ok(Math.abs(lhs - rhs) <= 1e-5 * scale + 1e-5, `${shape}→${size}: <Rx,w> ${lhs} vs <x,R'w> ${rhs}`);
  }
  assert.ok((nativeKernelStats.get(tf.ResizeBilinearGrad)?.calls ?? 0) > 0);
});
