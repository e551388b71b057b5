import type { KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import { withWasmOps, type KernelArgs } from './wasm_ops';

/** Source row/column of output index i and its interpolation weight, as the forward kernels compute them. */
function sourceIndex(i: number, ratio: number, halfPixel: boolean, size: number): [number, number, number] {
  const frac = halfPixel ? ratio * (i + 0.5) - 0.5 : ratio * i;
  const lo = Math.max(0, Math.floor(frac));
  const hi = Math.min(size - 1, Math.ceil(frac));
  return [lo, hi, frac - lo];
}

/**
 * ResizeBilinearGrad for the wasm backend, replacing tfjs-backend-wasm 4.22's kernel, which ignores
 * `halfPixelCenters` (it passes only alignCorners to its compiled routine, so the gradient of a
 * half-pixel resize - PyTorch's align_corners=False - comes out for the other sampling grid).
 * This is the exact adjoint of the forward kernel for every alignCorners/halfPixelCenters setting:
 * each output gradient is spread over its four source pixels with the forward weights, channels
 * innermost, in one pass over the wasm heap.
 */
export const resizeBilinearGradWasm: KernelFunc = ({ inputs, backend, attrs }: KernelArgs) => {
  const images = inputs.images as TensorInfo;
  const dy = inputs.dy as TensorInfo;
  const alignCorners = Boolean(attrs?.alignCorners);
  const halfPixel = Boolean(attrs?.halfPixelCenters);
  const [batch, inH, inW, depth] = images.shape;
  const [, outH, outW] = dy.shape;
  if (dy.dtype !== 'float32') throw new Error(`ResizeBilinearGrad: dy dtype ${dy.dtype} is not supported`);
  return withWasmOps(backend, (ops) => {
    const dx = ops.zeros(images.shape, 'float32');
    const heap = ops.backend.wasm.HEAPF32;
    const dyBase = ops.offsetOf(dy);
    const dxBase = ops.offsetOf(dx);
    const rowRatio = alignCorners && outH > 1 ? (inH - 1) / (outH - 1) : inH / outH;
    const colRatio = alignCorners && outW > 1 ? (inW - 1) / (outW - 1) : inW / outW;
    const cols = Array.from({ length: outW }, (_, c) => sourceIndex(c, colRatio, halfPixel, inW));
    let g = dyBase;
    for (let b = 0; b < batch; b++) {
      for (let r = 0; r < outH; r++) {
        const [top, bottom, rf] = sourceIndex(r, rowRatio, halfPixel, inH);
        const topRow = dxBase + (b * inH + top) * inW * depth;
        const bottomRow = dxBase + (b * inH + bottom) * inW * depth;
        for (let c = 0; c < outW; c++) {
          const [left, right, cf] = cols[c];
          const tl = topRow + left * depth;
          const tr = topRow + right * depth;
          const bl = bottomRow + left * depth;
          const br = bottomRow + right * depth;
          const wTl = (1 - rf) * (1 - cf);
          const wTr = (1 - rf) * cf;
          const wBl = rf * (1 - cf);
          const wBr = rf * cf;
          for (let d = 0; d < depth; d++) {
            const v = heap[g++];
            heap[tl + d] += v * wTl;
            heap[tr + d] += v * wTr;
            heap[bl + d] += v * wBl;
            heap[br + d] += v * wBr;
          }
        }
      }
    }
    return dx;
  });
};
