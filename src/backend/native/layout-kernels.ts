import * as tf from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import type { NativeAddon } from './addon';
import { timed } from './stats';

/** Below this many elements the wasm kernel is as fast (the native call has a fixed cost). */
const MIN_NATIVE_ELEMENTS = 4096;

type Fallback = tf.KernelFunc | undefined;

function fallbackOrThrow(name: string, fallback: Fallback, args: Parameters<tf.KernelFunc>[0]): tf.TensorInfo | tf.TensorInfo[] {
  if (!fallback) throw new Error(`${name}: case not supported natively and no other kernel is registered`);
  return fallback(args);
}

const sizeOf = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);

/** Tile, Sum, Mean and ResizeBilinearGrad for 'wasm': native when float32, large enough and (for reductions) over leading axes. */
export function nativeLayoutKernels(addon: NativeAddon, previous: (name: string) => Fallback): tf.KernelConfig[] {
  const tile: tf.KernelConfig = {
    kernelName: tf.Tile,
    backendName: 'wasm',
    kernelFunc: (args) => {
      const { x } = args.inputs as { x: tf.TensorInfo };
      const { reps } = args.attrs as unknown as tf.TileAttrs;
      const outShape = x.shape.map((d, i) => d * reps[i]);
      if (x.dtype !== 'float32' || x.shape.length < 1 || x.shape.length > 8 || reps.length !== x.shape.length || sizeOf(outShape) < MIN_NATIVE_ELEMENTS || sizeOf(x.shape) === 0) {
        return fallbackOrThrow(tf.Tile, previous(tf.Tile), args);
      }
      const backend = args.backend as BackendWasm;
      const out = backend.makeOutput(outShape, 'float32');
      timed(tf.Tile, 'native', () => addon.tile(backend.typedArrayFromHeap(x) as Float32Array, Int32Array.from(x.shape), Int32Array.from(outShape), backend.typedArrayFromHeap(out) as Float32Array));
      return out;
    },
  };
  const reduction = (kernelName: string, mean: boolean): tf.KernelConfig => ({
    kernelName,
    backendName: 'wasm',
    kernelFunc: (args) => {
      const { x } = args.inputs as { x: tf.TensorInfo };
      const { axis, keepDims } = args.attrs as unknown as tf.SumAttrs;
      const axes = tf.util.parseAxisParam(axis, x.shape).sort((a, b) => a - b);
      const leading = axes.every((a, i) => a === i);
      if (x.dtype !== 'float32' || !leading || axes.length === 0 || sizeOf(x.shape) < MIN_NATIVE_ELEMENTS) {
        return fallbackOrThrow(kernelName, previous(kernelName), args);
      }
      const outer = sizeOf(x.shape.slice(0, axes.length));
      const inner = sizeOf(x.shape.slice(axes.length));
      const outShape = keepDims ? x.shape.map((d, i) => (i < axes.length ? 1 : d)) : x.shape.slice(axes.length);
      const backend = args.backend as BackendWasm;
      const out = backend.makeOutput(outShape, 'float32');
      timed(kernelName, 'native', () => addon.sumLeading(backend.typedArrayFromHeap(x) as Float32Array, outer, inner, mean ? 1 / outer : 1, backend.typedArrayFromHeap(out) as Float32Array));
      return out;
    },
  });
  const resizeGrad: tf.KernelConfig = {
    kernelName: tf.ResizeBilinearGrad,
    backendName: 'wasm',
    kernelFunc: (args) => {
      const { images, dy } = args.inputs as { images: tf.TensorInfo; dy: tf.TensorInfo };
      const { alignCorners } = args.attrs as unknown as tf.ResizeBilinearGradAttrs;
      const halfPixel = Boolean((args.attrs as { halfPixelCenters?: boolean }).halfPixelCenters);
      if (dy.dtype !== 'float32' || images.shape.length !== 4 || dy.shape.length !== 4 || sizeOf(dy.shape) === 0 || sizeOf(images.shape) === 0) {
        return fallbackOrThrow(tf.ResizeBilinearGrad, previous(tf.ResizeBilinearGrad), args);
      }
      const [n, xh, xw, c] = images.shape;
      const [, yh, yw] = dy.shape;
      const backend = args.backend as BackendWasm;
      const out = backend.makeOutput(images.shape, 'float32');
      timed(tf.ResizeBilinearGrad, 'native', () => addon.resizeBilinearGrad(backend.typedArrayFromHeap(dy) as Float32Array, Int32Array.from([n, yh, yw, c, xh, xw]),
        Boolean(alignCorners), halfPixel, backend.typedArrayFromHeap(out) as Float32Array));
      return out;
    },
  };
  return [tile, reduction(tf.Sum, false), reduction(tf.Mean, true), resizeGrad];
}
