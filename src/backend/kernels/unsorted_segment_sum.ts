import type { KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import { sizeOf, withWasmOps, type KernelArgs } from './wasm_ops';

/**
 * UnsortedSegmentSum for the wasm backend (the gradient of Gather): out[s, ...] = sum of x[i, ...]
 * over the i whose segment id is s; ids outside [0, numSegments) are dropped, as in TensorFlow.
 * A scatter-add is linear in the input size, so it runs as one pass over the wasm heap (no copies,
 * no matmul); segmentIds of rank r cover x's first r dimensions.
 */
export const unsortedSegmentSumWasm: KernelFunc = ({ inputs, backend, attrs }: KernelArgs) => {
  const x = inputs.x as TensorInfo;
  const segmentIds = inputs.segmentIds as TensorInfo;
  const numSegments = (attrs ?? {}).numSegments as number;
  if (x.dtype !== 'float32' && x.dtype !== 'int32') throw new Error(`UnsortedSegmentSum: dtype ${x.dtype} is not supported`);
  if (segmentIds.dtype !== 'int32') throw new Error(`UnsortedSegmentSum: segmentIds must be int32, got ${segmentIds.dtype}`);
  const idRank = segmentIds.shape.length;
  if (segmentIds.shape.join() !== x.shape.slice(0, idRank).join()) {
    throw new Error(`UnsortedSegmentSum: segmentIds shape [${segmentIds.shape}] must be a prefix of x shape [${x.shape}]`);
  }
  return withWasmOps(backend, (ops) => {
    const innerShape = x.shape.slice(idRank);
    const inner = sizeOf(innerShape);
    const count = sizeOf(segmentIds.shape);
    const out = ops.zeros([numSegments, ...innerShape], x.dtype as 'float32' | 'int32');
    const values = ops.heapOf(x);
    const ids = ops.backend.wasm.HEAP32;
    const xBase = ops.offsetOf(x);
    const idBase = ops.offsetOf(segmentIds);
    const outBase = ops.offsetOf(out);
    for (let i = 0; i < count; i++) {
      const s = ids[idBase + i];
      if (s < 0 || s >= numSegments) continue;
      const src = xBase + i * inner;
      const dst = outBase + s * inner;
      for (let j = 0; j < inner; j++) values[dst + j] += values[src + j];
    }
    return out;
  });
};
