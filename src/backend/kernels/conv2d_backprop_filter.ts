import type { KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import { fillTransposedColumns, windowGeometry, type PadAttr, type RoundingAttr } from './conv_util';
import { withWasmOps, type KernelArgs, type WasmOps } from './wasm_ops';

/**
 * Largest transposed column matrix built at once (float32 elements; 16M = 64 MB); bigger problems
 * are cut into chunks of output rows whose partial filter gradients are summed. Mutable for tests.
 */
export const columnBudget = { elements: 16 * 1024 * 1024 };

/**
 * Conv2DBackpropFilter for the wasm backend: dW[kh, kw, ci, co] = sum over (n, oh, ow) of
 * x[n, ih, iw, ci] * dy[n, oh, ow, co]. Builds the transposed im2col matrix [kH*kW*CI, M] of x
 * (M = N*outH*outW) on the wasm heap and multiplies it by dy [M, CO] with the backend's BatchMatMul
 * (XNNPACK, SIMD): one large matmul. Any stride, padding ('same', 'valid', explicit) and an optional
 * `dilations` attribute (not part of the tfjs kernel attributes; the cpu kernel ignores it), NHWC or
 * NCHW.
 */
export const conv2DBackpropFilterWasm: KernelFunc = ({ inputs, backend, attrs }: KernelArgs) => {
  const x = inputs.x as TensorInfo;
  const dy = inputs.dy as TensorInfo;
  const a = attrs ?? {};
  const filterShape = a.filterShape as [number, number, number, number];
  const strides = a.strides as number | [number, number];
  const dilations = (a.dilations ?? 1) as number | [number, number];
  const pad = a.pad as PadAttr;
  const rounding = a.dimRoundingMode as RoundingAttr;
  const nchw = a.dataFormat === 'NCHW';
  return withWasmOps(backend, (ops) => {
    const xNhwc = nchw ? ops.transpose(x, [0, 2, 3, 1]) : x;
    const dyNhwc = nchw ? ops.transpose(dy, [0, 2, 3, 1]) : dy;
    return filterGradient(ops, xNhwc, dyNhwc, filterShape, strides, dilations, pad, rounding);
  });
};

function filterGradient(
  ops: WasmOps,
  x: TensorInfo,
  dy: TensorInfo,
  filterShape: [number, number, number, number],
  strides: number | [number, number],
  dilations: number | [number, number],
  pad: PadAttr,
  rounding: RoundingAttr,
): TensorInfo {
  const g = windowGeometry(x.shape as [number, number, number, number], filterShape, strides, dilations, pad, rounding, false);
  const [kH, kW, inC, outC] = filterShape;
  if (dy.shape.join() !== g.outShape.join()) {
    throw new Error(`Conv2DBackpropFilter: dy shape [${dy.shape}] does not match the output shape [${g.outShape}]`);
  }
  const k = kH * kW * inC;
  const rows = g.batch * g.outH;
  if (rows * g.outW === 0 || k === 0) return ops.zeros(filterShape);
  // Channel-major x [CI, N, H, W]: each column row is then a run of one image row.
  const xT = inC === 1 ? x : ops.transpose(x, [3, 0, 1, 2]);
  const dy2d = ops.reshape(dy, [rows * g.outW, outC]);
  const rowsPerChunk = Math.max(1, Math.floor(columnBudget.elements / (k * g.outW)));
  let acc: TensorInfo | undefined;
  for (let r0 = 0; r0 < rows; r0 += rowsPerChunk) {
    const r1 = Math.min(rows, r0 + rowsPerChunk);
    const m = (r1 - r0) * g.outW;
    const cols = ops.alloc([k, m]);
    fillTransposedColumns(ops.backend.wasm.HEAPF32, ops.offsetOf(xT), ops.offsetOf(cols), g, inC, 'tap-major', r0, r1);
    const dyPart = r0 === 0 && r1 === rows ? dy2d : ops.slice(dy2d, [r0 * g.outW, 0], [m, outC]);
    const part = ops.matMul(cols, dyPart);
    ops.release(cols);
    if (dyPart !== dy2d) ops.release(dyPart);
    if (acc === undefined) {
      acc = part;
    } else {
      const sum = ops.add(acc, part);
      ops.release(acc);
      ops.release(part);
      acc = sum;
    }
  }
  return ops.reshape(acc as TensorInfo, filterShape);
}
