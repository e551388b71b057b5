import * as tf from '@tensorflow/tfjs-core';
import type { KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import { withWasmOps, type KernelArgs } from './wasm_ops';

/**
 * MaxPoolGrad for the wasm backend, replacing tfjs-backend-wasm 4.22's kernel, whose compiled routine
 * starts each window's running maximum at 0: a window whose inputs are all negative routes its
 * gradient nowhere (found here: relative errors of 0.7-1.0 against the cpu backend on random
 * inputs). This version routes each output's gradient to the first maximum of its window (padding
 * excluded), like the cpu backend, in one pass over the wasm heap with channels innermost.
 */
export const maxPoolGradWasm: KernelFunc = ({ inputs, backend, attrs }: KernelArgs) => {
  const dy = inputs.dy as TensorInfo;
  const input = inputs.input as TensorInfo;
  const a = attrs ?? {};
  const info = tf.backend_util.computePool2DInfo(
    input.shape as [number, number, number, number],
    a.filterSize as number | [number, number],
    a.strides as number | [number, number],
    1,
    a.pad as 'same' | 'valid' | number,
    a.dimRoundingMode as 'floor' | 'round' | 'ceil' | undefined,
  );
  if (input.dtype !== 'float32') throw new Error(`MaxPoolGrad: dtype ${input.dtype} is not supported`);
  return withWasmOps(backend, (ops) => {
    const dx = ops.zeros(input.shape, 'float32');
    const heap = ops.backend.wasm.HEAPF32;
    const xBase = ops.offsetOf(input);
    const dyBase = ops.offsetOf(dy);
    const dxBase = ops.offsetOf(dx);
    const { batchSize, inHeight: h, inWidth: w, outHeight: oh, outWidth: ow, inChannels: c } = info;
    const { strideHeight: sh, strideWidth: sw, effectiveFilterHeight: fh, effectiveFilterWidth: fw } = info;
    const { top, left } = info.padInfo;
    const best = new Float32Array(c);
    const where = new Int32Array(c);
    for (let n = 0; n < batchSize; n++) {
      for (let y = 0; y < oh; y++) {
        const y0 = Math.max(0, y * sh - top);
        const y1 = Math.min(h, y * sh - top + fh);
        for (let x = 0; x < ow; x++) {
          const x0 = Math.max(0, x * sw - left);
          const x1 = Math.min(w, x * sw - left + fw);
          best.fill(-Infinity);
          where.fill(-1);
          for (let iy = y0; iy < y1; iy++) {
            for (let ix = x0; ix < x1; ix++) {
              const p = ((n * h + iy) * w + ix) * c;
              for (let ch = 0; ch < c; ch++) {
                const v = heap[xBase + p + ch];
                if (v > best[ch]) {
                  best[ch] = v;
                  where[ch] = p + ch;
                }
              }
            }
          }
          const g = dyBase + ((n * oh + y) * ow + x) * c;
          for (let ch = 0; ch < c; ch++) if (where[ch] >= 0) heap[dxBase + where[ch]] += heap[g + ch];
        }
      }
    }
    return dx;
  });
};
