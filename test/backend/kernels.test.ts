// The kernels supplied for the wasm backend, compared with the cpu backend (same process, same
// inputs) and, where tfjs has no dilation-aware reference, with direct loops (reference.ts).
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import type { NamedAttrMap } from '@tensorflow/tfjs-core';
import { columnBudget } from '../../src/backend/kernels/conv2d_backprop_filter';
import { registerMissingKernels } from '../../src/backend/kernels/register';
import { Rng } from '../../src/util/rng';
import { TOLERANCE, randomArray, relativeError, runOn, setupBackends } from './helpers';
import { convFilterGrad, depthwiseFilterGrad, depthwiseInputGrad, type RefGeometry } from './reference';

type Pad = 'same' | 'valid' | number | [[number, number], [number, number], [number, number], [number, number]];
type Shape4 = [number, number, number, number];

interface ConvCase {
  n: number;
  h: number;
  w: number;
  c: number;
  out: number; // CO for conv, channel multiplier for depthwise
  k: [number, number];
  stride: number;
  dilation: number;
  pad: Pad;
}

const explicitPad: Pad = [[0, 0], [1, 2], [0, 1], [0, 0]];

function describe(c: ConvCase): string {
  return `x=[${c.n},${c.h},${c.w},${c.c}] k=${c.k.join('x')} out=${c.out} s=${c.stride} d=${c.dilation} pad=${JSON.stringify(c.pad)}`;
}

function geometry(c: ConvCase, depthwise: boolean): RefGeometry & { outShape: Shape4 } {
  const filter: Shape4 = [c.k[0], c.k[1], c.c, c.out];
  const info = tf.backend_util.computeConv2DInfo([c.n, c.h, c.w, c.c], filter, c.stride, c.dilation, c.pad, undefined, depthwise);
  return {
    n: c.n, h: c.h, w: c.w, c: c.c, oh: info.outHeight, ow: info.outWidth, kh: c.k[0], kw: c.k[1],
    sh: c.stride, sw: c.stride, dh: c.dilation, dw: c.dilation, top: info.padInfo.top, left: info.padInfo.left,
    outShape: info.outShape as Shape4,
  };
}

function kernel(name: string, inputs: Record<string, tf.Tensor>, attrs: Record<string, unknown>): tf.Tensor {
  return tf.engine().runKernel(name, inputs, attrs as unknown as NamedAttrMap) as tf.Tensor;
}

/** Cases over strides 1-3, all padding kinds, odd sizes, several batch and channel counts. */
function undilatedCases(): ConvCase[] {
  const rng = new Rng(20240602);
  const pads: Pad[] = ['same', 'valid', explicitPad, 1];
  const kernels: [number, number][] = [[1, 1], [2, 2], [3, 3], [3, 2], [5, 5]];
  const cases: ConvCase[] = [];
  for (const stride of [1, 2, 3]) {
    for (const pad of pads) {
      const k = kernels[rng.int(kernels.length)];
      cases.push({ n: 1 + rng.int(3), h: 7 + rng.int(7), w: 6 + rng.int(8), c: 1 + rng.int(5), out: 1 + rng.int(4), k, stride, dilation: 1, pad });
    }
  }
  return cases;
}

const dilatedCases: ConvCase[] = [
  { n: 2, h: 11, w: 9, c: 3, out: 2, k: [3, 3], stride: 1, dilation: 2, pad: 'same' },
  { n: 1, h: 12, w: 13, c: 2, out: 3, k: [3, 2], stride: 1, dilation: 3, pad: 'valid' },
  { n: 2, h: 10, w: 11, c: 4, out: 1, k: [2, 3], stride: 1, dilation: 2, pad: explicitPad },
  { n: 1, h: 13, w: 12, c: 3, out: 2, k: [3, 3], stride: 2, dilation: 2, pad: 'same' }, // kernel level only
];

before(setupBackends);

test('the report lists every kernel cpu has and wasm lacked, each supplied or marked unsupported', () => {
  const report = registerMissingKernels('wasm');
  const wasm = new Set(tf.getKernelsForBackend('wasm').map((k) => k.kernelName));
  for (const k of tf.getKernelsForBackend('cpu')) {
    const entry = report.find((r) => r.kernel === k.kernelName);
    if (entry?.implementation.startsWith('unsupported')) continue;
    assert.ok(wasm.has(k.kernelName), `${k.kernelName} is neither on wasm nor reported unsupported`);
  }
  const impl = (name: string) => report.find((r) => r.kernel === name)?.implementation;
  assert.equal(impl('Conv2DBackpropFilter'), 'wasm-ops');
  assert.equal(impl('DepthwiseConv2dNativeBackpropFilter'), 'wasm-ops');
  assert.equal(impl('DepthwiseConv2dNativeBackpropInput'), 'wasm-ops');
  assert.equal(impl('UnsortedSegmentSum'), 'wasm-heap');
  assert.equal(impl('Einsum'), 'cpu-fallback');
  assert.equal(impl('Conv2DBackpropInput'), 'wasm-ops (faster)');
  assert.equal(impl('MaxPoolGrad'), 'wasm-heap (fix)');
  assert.equal(impl('ResizeBilinearGrad'), 'wasm-heap (fix)');
  for (const complex of ['Complex', 'FFT', 'IFFT', 'Real', 'Imag', 'ComplexAbs']) assert.equal(impl(complex), 'unsupported (complex64)');
});

test('Conv2DBackpropFilter matches the cpu backend (strides 1-3, same/valid/explicit/number pads)', async (t) => {
  const rng = new Rng(7);
  for (const c of [...undilatedCases(), { n: 2, h: 9, w: 8, c: 3, out: 4, k: [3, 3] as [number, number], stride: 2, dilation: 1, pad: 'same' as Pad }]) {
    const g = geometry(c, false);
    const x = randomArray(rng, c.n * c.h * c.w * c.c);
    const dy = randomArray(rng, g.outShape.reduce((a, b) => a * b, 1));
    const attrs = { strides: [c.stride, c.stride], pad: c.pad, dataFormat: 'NHWC', filterShape: [c.k[0], c.k[1], c.c, c.out] };
    const f = () => kernel('Conv2DBackpropFilter', { x: tf.tensor(x, [c.n, c.h, c.w, c.c]), dy: tf.tensor(dy, g.outShape) }, attrs);
    const [want] = await runOn('cpu', f);
    const [got] = await runOn('wasm', f);
    const err = relativeError(got, want);
    t.diagnostic(`${describe(c)}: max rel err ${err.toExponential(2)}`);
    assert.ok(err <= TOLERANCE, `${describe(c)}: error ${err}`);
  }
});

test('Conv2DBackpropFilter: NCHW and chunked column building agree with the cpu backend', async (t) => {
  const rng = new Rng(8);
  const x = randomArray(rng, 2 * 3 * 10 * 9);
  const dyNchw = randomArray(rng, 2 * 4 * 5 * 5);
  const nchw = () => kernel('Conv2DBackpropFilter', { x: tf.tensor(x, [2, 3, 10, 9]), dy: tf.tensor(dyNchw, [2, 4, 5, 5]) }, { strides: [2, 2], pad: 'same', dataFormat: 'NCHW', filterShape: [3, 3, 3, 4] });
  const [want] = await runOn('cpu', nchw);
  const [got] = await runOn('wasm', nchw);
  t.diagnostic(`NCHW: max rel err ${relativeError(got, want).toExponential(2)}`);
  assert.ok(relativeError(got, want) <= TOLERANCE);

  const dy = randomArray(rng, 2 * 10 * 9 * 5);
  const nhwc = () => kernel('Conv2DBackpropFilter', { x: tf.tensor(x, [2, 10, 9, 3]), dy: tf.tensor(dy, [2, 10, 9, 5]) }, { strides: [1, 1], pad: 'same', dataFormat: 'NHWC', filterShape: [3, 3, 3, 5] });
  const [whole] = await runOn('cpu', nhwc);
  const saved = columnBudget.elements;
  columnBudget.elements = 27 * 9 * 3; // 3 output rows per chunk: 7 chunks, the last one short
  try {
    const [chunked] = await runOn('wasm', nhwc);
    t.diagnostic(`chunked: max rel err ${relativeError(chunked, whole).toExponential(2)}`);
    assert.ok(relativeError(chunked, whole) <= TOLERANCE);
  } finally {
    columnBudget.elements = saved;
  }
});

test('Conv2DBackpropInput (replaced for speed) matches the cpu backend, NHWC and NCHW', async (t) => {
  const rng = new Rng(14);
  for (const c of undilatedCases()) {
    const g = geometry(c, false);
    const filterShape: Shape4 = [c.k[0], c.k[1], c.c, c.out];
    const filter = randomArray(rng, filterShape.reduce((a, b) => a * b, 1));
    const dy = randomArray(rng, g.outShape.reduce((a, b) => a * b, 1));
    const attrs = { strides: [c.stride, c.stride], pad: c.pad, dataFormat: 'NHWC', inputShape: [c.n, c.h, c.w, c.c] };
    const f = () => kernel('Conv2DBackpropInput', { dy: tf.tensor(dy, g.outShape), filter: tf.tensor(filter, filterShape) }, attrs);
    const [want] = await runOn('cpu', f);
    const [got] = await runOn('wasm', f);
    const err = relativeError(got, want);
    t.diagnostic(`${describe(c)}: max rel err ${err.toExponential(2)}`);
    assert.ok(err <= TOLERANCE, `${describe(c)}: error ${err}`);
  }
  const filter = randomArray(rng, 3 * 3 * 3 * 4);
  const dy = randomArray(rng, 2 * 4 * 5 * 5);
  const nchw = () => kernel('Conv2DBackpropInput', { dy: tf.tensor(dy, [2, 4, 5, 5]), filter: tf.tensor(filter, [3, 3, 3, 4]) }, { strides: [2, 2], pad: 'same', dataFormat: 'NCHW', inputShape: [2, 3, 10, 9] });
  const [want] = await runOn('cpu', nchw);
  const [got] = await runOn('wasm', nchw);
  t.diagnostic(`NCHW: max rel err ${relativeError(got, want).toExponential(2)}`);
  assert.ok(relativeError(got, want) <= TOLERANCE);
});

test('Conv2DBackpropFilter with a dilations attribute matches direct loops', async (t) => {
  const rng = new Rng(9);
  for (const c of dilatedCases) {
    const g = geometry(c, false);
    const x = randomArray(rng, c.n * c.h * c.w * c.c);
    const dy = randomArray(rng, g.outShape.reduce((a, b) => a * b, 1));
    const attrs = { strides: [c.stride, c.stride], pad: c.pad, dataFormat: 'NHWC', filterShape: [c.k[0], c.k[1], c.c, c.out], dilations: [c.dilation, c.dilation] };
    const [got] = await runOn('wasm', () => kernel('Conv2DBackpropFilter', { x: tf.tensor(x, [c.n, c.h, c.w, c.c]), dy: tf.tensor(dy, g.outShape) }, attrs));
    const err = relativeError(got, convFilterGrad(x, dy, g, c.out));
    t.diagnostic(`${describe(c)}: max rel err ${err.toExponential(2)}`);
    assert.ok(err <= TOLERANCE, `${describe(c)}: error ${err}`);
  }
});

test('depthwise backprop filter and input match the cpu backend (multipliers 1-3)', async (t) => {
  const rng = new Rng(10);
  for (const base of undilatedCases()) {
    const c = { ...base, out: 1 + rng.int(3) };
    const g = geometry(c, true);
    const filterShape: Shape4 = [c.k[0], c.k[1], c.c, c.out];
    const x = randomArray(rng, c.n * c.h * c.w * c.c);
    const filter = randomArray(rng, filterShape.reduce((a, b) => a * b, 1));
    const dy = randomArray(rng, g.outShape.reduce((a, b) => a * b, 1));
    const attrs = { strides: [c.stride, c.stride], pad: c.pad, dilations: [1, 1] };
    const f = () => [
      kernel('DepthwiseConv2dNativeBackpropFilter', { x: tf.tensor(x, [c.n, c.h, c.w, c.c]), dy: tf.tensor(dy, g.outShape) }, { ...attrs, filterShape }),
      kernel('DepthwiseConv2dNativeBackpropInput', { dy: tf.tensor(dy, g.outShape), filter: tf.tensor(filter, filterShape) }, { ...attrs, inputShape: [c.n, c.h, c.w, c.c] }),
    ];
    const [wantF, wantX] = await runOn('cpu', f);
    const [gotF, gotX] = await runOn('wasm', f);
    const errF = relativeError(gotF, wantF);
    const errX = relativeError(gotX, wantX);
    t.diagnostic(`${describe(c)}: filter ${errF.toExponential(2)}, input ${errX.toExponential(2)}`);
    assert.ok(errF <= TOLERANCE && errX <= TOLERANCE, `${describe(c)}: errors ${errF}, ${errX}`);
  }
});

test('dilated depthwise backprop kernels match direct loops', async (t) => {
  const rng = new Rng(11);
  for (const c of dilatedCases) {
    const g = geometry(c, true);
    const filterShape: Shape4 = [c.k[0], c.k[1], c.c, c.out];
    const x = randomArray(rng, c.n * c.h * c.w * c.c);
    const filter = randomArray(rng, filterShape.reduce((a, b) => a * b, 1));
    const dy = randomArray(rng, g.outShape.reduce((a, b) => a * b, 1));
    const attrs = { strides: [c.stride, c.stride], pad: c.pad, dilations: [c.dilation, c.dilation] };
    const [gotF, gotX] = await runOn('wasm', () => [
      kernel('DepthwiseConv2dNativeBackpropFilter', { x: tf.tensor(x, [c.n, c.h, c.w, c.c]), dy: tf.tensor(dy, g.outShape) }, { ...attrs, filterShape }),
      kernel('DepthwiseConv2dNativeBackpropInput', { dy: tf.tensor(dy, g.outShape), filter: tf.tensor(filter, filterShape) }, { ...attrs, inputShape: [c.n, c.h, c.w, c.c] }),
    ]);
    const errF = relativeError(gotF, depthwiseFilterGrad(x, dy, g, c.out));
    const errX = relativeError(gotX, depthwiseInputGrad(filter, dy, g, c.out));
    t.diagnostic(`${describe(c)}: filter ${errF.toExponential(2)}, input ${errX.toExponential(2)}`);
    assert.ok(errF <= TOLERANCE && errX <= TOLERANCE, `${describe(c)}: errors ${errF}, ${errX}`);
  }
});

test('UnsortedSegmentSum matches the cpu backend, dropping out-of-range ids', async (t) => {
  const rng = new Rng(12);
  for (const [count, inner, segments] of [[10, [3], 4], [49, [2, 3], 13], [7, [], 3]] as [number, number[], number][]) {
    const values = randomArray(rng, count * inner.reduce((a, b) => a * b, 1));
    const ids = Int32Array.from({ length: count }, () => rng.int(segments + 2) - 1); // includes -1 and `segments`
    const f = () => tf.unsortedSegmentSum(tf.tensor(values, [count, ...inner]), tf.tensor1d(ids, 'int32'), segments);
    const [want] = await runOn('cpu', f);
    const [got] = await runOn('wasm', f);
    t.diagnostic(`x=[${count},${inner}] segments=${segments}: max rel err ${relativeError(got, want).toExponential(2)}`);
    assert.ok(relativeError(got, want) <= TOLERANCE);
  }
  const ints = () => tf.unsortedSegmentSum(tf.tensor2d([1, 2, 3, 4, 5, 6], [3, 2], 'int32'), tf.tensor1d([1, 0, 1], 'int32'), 2);
  const [gotInt] = await runOn('wasm', ints);
  assert.deepEqual(Array.from(gotInt), [3, 4, 6, 8]);
});

test('cpu fallback kernels (Einsum, RaggedRange, StaticRegexReplace) give the cpu results on wasm', async () => {
  const rng = new Rng(13);
  const a = randomArray(rng, 12);
  const b = randomArray(rng, 20);
  const einsum = () => tf.einsum('ij,jk->ik', tf.tensor(a, [3, 4]), tf.tensor(b, [4, 5]));
  const [want] = await runOn('cpu', einsum);
  const [got] = await runOn('wasm', einsum);
  assert.ok(relativeError(got, want) <= TOLERANCE);
  assert.equal(tf.getBackend(), 'wasm');
  const ranges = tf.raggedRange(tf.tensor1d([0, 5], 'int32'), tf.tensor1d([3, 7], 'int32'), tf.tensor1d([1, 1], 'int32'));
  assert.deepEqual(Array.from(ranges.rtNestedSplits.dataSync()), [0, 3, 5]);
  assert.deepEqual(Array.from(ranges.rtDenseValues.dataSync()), [0, 1, 2, 5, 6]);
  tf.dispose([ranges.rtNestedSplits, ranges.rtDenseValues]);
  const replaced = tf.string.staticRegexReplace(tf.tensor1d(['a-b', 'c--d'], 'string'), '-+', '_');
  assert.deepEqual(replaced.arraySync(), ['a_b', 'c_d']);
  replaced.dispose();
});

test('repeated calls of every supplied or replaced kernel leave no tensors or backend buffers behind', async () => {
  assert.equal(tf.getBackend(), 'wasm');
  const backend = tf.backend();
  const step = () =>
    tf.tidy(() => {
      const x = tf.randomNormal([2, 9, 8, 3]);
      const dy = tf.randomNormal([2, 5, 4, 6]);
      return [
        kernel('Conv2DBackpropFilter', { x, dy }, { strides: [2, 2], pad: 'same', dataFormat: 'NHWC', filterShape: [3, 3, 3, 6] }),
        kernel('Conv2DBackpropInput', { dy, filter: tf.randomNormal([3, 3, 3, 6]) }, { strides: [2, 2], pad: 'same', dataFormat: 'NHWC', inputShape: [2, 9, 8, 3] }),
        tf.engine().runKernel('MaxPoolGrad', { dy: tf.ones([2, 5, 4, 3]), input: x, output: tf.maxPool(x as tf.Tensor4D, 2, 2, 'same') }, { filterSize: 2, strides: 2, pad: 'same' }) as tf.Tensor,
        kernel('ResizeBilinearGrad', { images: x, dy: tf.ones([2, 5, 4, 3]) }, { alignCorners: false, halfPixelCenters: true }),
        kernel('DepthwiseConv2dNativeBackpropFilter', { x, dy }, { strides: [2, 2], pad: 'same', dilations: [1, 1], filterShape: [3, 3, 3, 2] }),
        kernel('DepthwiseConv2dNativeBackpropInput', { dy, filter: tf.randomNormal([3, 3, 3, 2]) }, { strides: [2, 2], pad: 'same', dilations: [1, 1], inputShape: [2, 9, 8, 3] }),
        tf.unsortedSegmentSum(x, tf.tensor1d([1, 0], 'int32'), 3),
        tf.einsum('ij,jk->ik', tf.ones([2, 3]), tf.ones([3, 2])),
      ].map((t) => tf.sum(t));
    });
  tf.dispose(step()); // warm-up (first calls may allocate caches)
  const tensors = tf.memory().numTensors;
  const buffers = backend.numDataIds();
  const cpuBuffers = tf.findBackend('cpu')?.numDataIds() ?? 0;
  for (let i = 0; i < 5; i++) tf.dispose(step());
  assert.equal(tf.memory().numTensors, tensors);
  assert.equal(backend.numDataIds(), buffers);
  assert.equal(tf.findBackend('cpu')?.numDataIds() ?? 0, cpuBuffers);
});
