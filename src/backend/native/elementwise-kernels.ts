import * as tf from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import type { NativeAddon } from './addon';
import { timed } from './stats';

/** Below this many output elements the wasm kernel is as fast (the native call has a fixed cost). */
const MIN_NATIVE_ELEMENTS = 16384;

type Fallback = tf.KernelFunc | undefined;
const sizeOf = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);

function fallbackOrThrow(name: string, fallback: Fallback, args: Parameters<tf.KernelFunc>[0]): tf.TensorInfo | tf.TensorInfo[] {
  if (!fallback) throw new Error(`${name}: case not supported natively and no other kernel is registered`);
  return fallback(args);
}

/** Whether `shape` is a per-channel vector of `out` ([C], [1, C], [1, 1, 1, C], …) or a scalar or all of it. */
function operandFits(shape: readonly number[], out: readonly number[]): boolean {
  const n = sizeOf(shape);
  if (n === sizeOf(out)) return shape.length <= out.length;
  if (n === 1) return true;
  const last = out[out.length - 1];
  return shape.length >= 1 && shape.length <= out.length && shape[shape.length - 1] === last && n === last;
}

const BINARY_OPS: [string, number][] = [[tf.Add, 0], [tf.Sub, 1], [tf.Multiply, 2], [tf.RealDiv, 3]];

/** Add, Sub, Multiply, RealDiv and FusedBatchNorm for 'wasm': multithreaded native loops for large float32 tensors. */
export function nativeElementwiseKernels(addon: NativeAddon, previous: (name: string) => Fallback): tf.KernelConfig[] {
  const binary = BINARY_OPS.map(([kernelName, op]): tf.KernelConfig => ({
    kernelName,
    backendName: 'wasm',
    kernelFunc: (args) => {
      const { a, b } = args.inputs as { a: tf.TensorInfo; b: tf.TensorInfo };
      if (a.dtype !== 'float32' || b.dtype !== 'float32') return fallbackOrThrow(kernelName, previous(kernelName), args);
      const outShape = tf.backend_util.assertAndGetBroadcastShape(a.shape, b.shape);
      const n = sizeOf(outShape);
      if (n < MIN_NATIVE_ELEMENTS || !operandFits(a.shape, outShape) || !operandFits(b.shape, outShape)) {
        return fallbackOrThrow(kernelName, previous(kernelName), args);
      }
      const backend = args.backend as BackendWasm;
      const out = backend.makeOutput(outShape, 'float32');
      timed(kernelName, 'native', () => addon.binary(op, backend.typedArrayFromHeap(a) as Float32Array, backend.typedArrayFromHeap(b) as Float32Array,
        backend.typedArrayFromHeap(out) as Float32Array));
      return out;
    },
  }));
  const batchNorm: tf.KernelConfig = {
    kernelName: tf.FusedBatchNorm,
    backendName: 'wasm',
    kernelFunc: (args) => {
      const { x, mean, variance, offset, scale } = args.inputs as { x: tf.TensorInfo; mean: tf.TensorInfo; variance: tf.TensorInfo; offset?: tf.TensorInfo; scale?: tf.TensorInfo };
      const { varianceEpsilon } = args.attrs as unknown as tf.FusedBatchNormAttrs;
      const c = x.shape[x.shape.length - 1];
      const vectors = [mean, variance, offset, scale].filter((t): t is tf.TensorInfo => t !== undefined);
      const fits = x.dtype === 'float32' && sizeOf(x.shape) >= MIN_NATIVE_ELEMENTS &&
        vectors.every((t) => t.dtype === 'float32' && sizeOf(t.shape) === c && t.shape[t.shape.length - 1] === c);
      if (!fits) return fallbackOrThrow(tf.FusedBatchNorm, previous(tf.FusedBatchNorm), args);
      const backend = args.backend as BackendWasm;
      const out = backend.makeOutput(x.shape, 'float32');
      const view = (t: tf.TensorInfo | undefined) => (t ? (backend.typedArrayFromHeap(t) as Float32Array) : null);
      timed(tf.FusedBatchNorm, 'native', () => addon.batchNorm(view(x)!, view(mean)!, view(variance)!, view(offset), view(scale), varianceEpsilon ?? 0.001,
        backend.typedArrayFromHeap(out) as Float32Array));
      return out;
    },
  };
  return [...binary, batchNorm];
}
