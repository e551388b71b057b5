import * as tf from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import type { NativeAddon } from './addon';
import { timed } from './stats';

type Kind = 'forward' | 'backwardData' | 'backwardWeights';
type Info = tf.backend_util.Conv2DInfo;

/** The 15 integers native/addon.cc expects: n, ih, iw, ic, oh, ow, oc, kh, kw, sh, sw, dh, dw, pt, pl. */
export function convParams(info: Info): Int32Array {
  return Int32Array.from([
    info.batchSize, info.inHeight, info.inWidth, info.inChannels, info.outHeight, info.outWidth, info.outChannels,
    info.filterHeight, info.filterWidth, info.strideHeight, info.strideWidth, info.dilationHeight, info.dilationWidth,
    info.padInfo.top, info.padInfo.left,
  ]);
}


/** Whether the native path can take this convolution (float32, NHWC, non-empty). */
function supported(info: Info, ...tensors: tf.TensorInfo[]): boolean {
  if (info.dataFormat !== 'channelsLast') return false;
  if (tensors.some((t) => t.dtype !== 'float32')) return false;
  const sizes = [info.inShape, info.outShape, info.filterShape].map((s) => s.reduce((a, b) => a * b, 1));
  return sizes.every((n) => n > 0);
}

function run(addon: NativeAddon, backend: BackendWasm, name: string, kind: Kind, info: Info, a: tf.TensorInfo, b: tf.TensorInfo, outShape: number[]): tf.TensorInfo {
  const out = backend.makeOutput(outShape, 'float32');
  // Views taken after the allocation: growing the wasm heap detaches earlier views.
  timed(name, 'onednn', () => addon.conv2d(kind, convParams(info), backend.typedArrayFromHeap(a) as Float32Array, backend.typedArrayFromHeap(b) as Float32Array,
    backend.typedArrayFromHeap(out) as Float32Array));
  return out;
}

type Fallback = tf.KernelFunc | undefined;

function fallbackOrThrow(name: string, fallback: Fallback, args: Parameters<tf.KernelFunc>[0]): tf.TensorInfo | tf.TensorInfo[] {
  if (!fallback) throw new Error(`${name}: case not supported by the native kernel and no other kernel is registered`);
  return fallback(args);
}

/** Kernel configs for 'wasm' that run the three convolutions through oneDNN, keeping `previous` for other cases. */
export function nativeConvKernels(addon: NativeAddon, previous: (name: string) => Fallback): tf.KernelConfig[] {
  const conv2d: tf.KernelConfig = {
    kernelName: tf.Conv2D,
    backendName: 'wasm',
    kernelFunc: (args) => {
      const { x, filter } = args.inputs as { x: tf.TensorInfo; filter: tf.TensorInfo };
      const a = args.attrs as unknown as tf.Conv2DAttrs;
      const info = tf.backend_util.computeConv2DInfo(x.shape as [number, number, number, number], filter.shape as [number, number, number, number],
        a.strides, a.dilations, a.pad, a.dimRoundingMode, false, tf.backend_util.convertConv2DDataFormat(a.dataFormat));
      if (!supported(info, x, filter)) return fallbackOrThrow(tf.Conv2D, previous(tf.Conv2D), args);
      return run(addon, args.backend as BackendWasm, tf.Conv2D, 'forward', info, x, filter, info.outShape);
    },
  };
  const backpropInput: tf.KernelConfig = {
    kernelName: tf.Conv2DBackpropInput,
    backendName: 'wasm',
    kernelFunc: (args) => {
      const { dy, filter } = args.inputs as { dy: tf.TensorInfo; filter: tf.TensorInfo };
      const a = args.attrs as unknown as tf.Conv2DBackpropInputAttrs;
      const info = tf.backend_util.computeConv2DInfo(a.inputShape, filter.shape as [number, number, number, number], a.strides, 1, a.pad,
        a.dimRoundingMode, false, tf.backend_util.convertConv2DDataFormat(a.dataFormat));
      if (!supported(info, dy, filter) || !sameShape(dy.shape, info.outShape)) return fallbackOrThrow(tf.Conv2DBackpropInput, previous(tf.Conv2DBackpropInput), args);
      return run(addon, args.backend as BackendWasm, tf.Conv2DBackpropInput, 'backwardData', info, dy, filter, info.inShape);
    },
  };
  const backpropFilter: tf.KernelConfig = {
    kernelName: tf.Conv2DBackpropFilter,
    backendName: 'wasm',
    kernelFunc: (args) => {
      const { x, dy } = args.inputs as { x: tf.TensorInfo; dy: tf.TensorInfo };
      const a = args.attrs as unknown as tf.Conv2DBackpropFilterAttrs;
      const info = tf.backend_util.computeConv2DInfo(x.shape as [number, number, number, number], a.filterShape, a.strides, 1, a.pad,
        a.dimRoundingMode, false, tf.backend_util.convertConv2DDataFormat(a.dataFormat));
      if (!supported(info, x, dy) || !sameShape(dy.shape, info.outShape)) return fallbackOrThrow(tf.Conv2DBackpropFilter, previous(tf.Conv2DBackpropFilter), args);
      return run(addon, args.backend as BackendWasm, tf.Conv2DBackpropFilter, 'backwardWeights', info, x, dy, info.filterShape);
    },
  };
  return [conv2d, backpropInput, backpropFilter];
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}
