import * as tf from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import type { NativeAddon } from './addon';
import { timed } from './stats';

/** Kernel names of the fused training batch norm (registered for 'wasm' when the addon loads). */
export const BN_TRAIN = 'GeopretrainBatchNormTrain';
export const BN_TRAIN_GRAD = 'GeopretrainBatchNormTrainGrad';

export interface BatchNormTrainResult {
  /** Normalised output, same shape as x. */
  y: tf.Tensor4D;
  /** Batch mean and biased batch variance per channel (for running statistics; no gradient flows through them). */
  mean: tf.Tensor1D;
  variance: tf.Tensor1D;
}

/**
 * Training-mode batch normalisation over N, H, W of an NHWC tensor, with gradients for x, gamma and
 * beta. Same result as `tf.moments` + `tf.batchNorm` (what it falls back to on backends without the
 * fused kernels), but with the native addon it is two passes forward and two backward instead of
 * about twenty elementwise kernels.
 */
export function batchNormTrain(x: tf.Tensor4D, gamma: tf.Tensor1D, beta: tf.Tensor1D, eps: number): BatchNormTrainResult {
  if (!tf.getKernel(BN_TRAIN, tf.getBackend()) || x.dtype !== 'float32') {
    const { mean, variance } = tf.moments(x, [0, 1, 2]);
    return { y: tf.batchNorm4d(x, mean as tf.Tensor1D, variance as tf.Tensor1D, beta, gamma, eps), mean: mean as tf.Tensor1D, variance: variance as tf.Tensor1D };
  }
  let stats: tf.Tensor[] = [];
  const fused = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [xIn, g, b] = args as tf.Tensor[];
    const save = args[3] as tf.GradSaveFunc;
    const [y, mean, variance] = tf.engine().runKernel(BN_TRAIN, { x: xIn, gamma: g, beta: b }, { eps }) as tf.Tensor[];
    save([xIn, g, mean, variance]);
    // customGrad runs this inside its own tidy: keep the statistics out of it, re-scoped below.
    stats = [tf.keep(mean), tf.keep(variance)];
    return {
      value: y,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [xs, gs, ms, vs] = saved;
        return tf.engine().runKernel(BN_TRAIN_GRAD, { x: xs, dy, gamma: gs, mean: ms, variance: vs }, { eps }) as tf.Tensor[];
      },
    };
  });
  const y = fused(x, gamma, beta) as tf.Tensor4D;
  // Clones (no copy) belong to the caller's scope like any op result; the kept originals go.
  const [mean, variance] = stats.map((t) => {
    const c = tf.clone(t);
    t.dispose();
    return c as tf.Tensor1D;
  });
  return { y, mean, variance };
}

/** The two fused kernels for 'wasm' over the addon (channel vectors of the last axis; float32). */
export function nativeBatchNormKernels(addon: NativeAddon): tf.KernelConfig[] {
  const forward: tf.KernelConfig = {
    kernelName: BN_TRAIN,
    backendName: 'wasm',
    kernelFunc: ({ inputs, backend, attrs }) => {
      const { x, gamma, beta } = inputs as { x: tf.TensorInfo; gamma: tf.TensorInfo; beta: tf.TensorInfo };
      const c = x.shape[x.shape.length - 1];
      const wasm = backend as BackendWasm;
      const y = wasm.makeOutput(x.shape, 'float32');
      const mean = wasm.makeOutput([c], 'float32');
      const variance = wasm.makeOutput([c], 'float32');
      const v = (t: tf.TensorInfo) => wasm.typedArrayFromHeap(t) as Float32Array;
      timed(BN_TRAIN, 'native', () => addon.bnTrainForward(v(x), v(gamma), v(beta), (attrs as { eps: number }).eps, v(y), v(mean), v(variance)));
      return [y, mean, variance];
    },
  };
  const backward: tf.KernelConfig = {
    kernelName: BN_TRAIN_GRAD,
    backendName: 'wasm',
    kernelFunc: ({ inputs, backend, attrs }) => {
      const { x, dy, gamma, mean, variance } = inputs as Record<'x' | 'dy' | 'gamma' | 'mean' | 'variance', tf.TensorInfo>;
      const c = x.shape[x.shape.length - 1];
      const wasm = backend as BackendWasm;
      const dx = wasm.makeOutput(x.shape, 'float32');
      const dgamma = wasm.makeOutput([c], 'float32');
      const dbeta = wasm.makeOutput([c], 'float32');
      const v = (t: tf.TensorInfo) => wasm.typedArrayFromHeap(t) as Float32Array;
      timed(BN_TRAIN_GRAD, 'native', () => addon.bnTrainBackward(v(x), v(dy), v(gamma), v(mean), v(variance), (attrs as { eps: number }).eps, v(dx), v(dgamma), v(dbeta)));
      return [dx, dgamma, dbeta];
    },
  };
  return [forward, backward];
}
