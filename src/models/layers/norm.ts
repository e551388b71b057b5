/** Normalisation layers on channel-last tensors: BatchNorm (with running statistics) and LayerNorm. */
import * as tf from '@tensorflow/tfjs-core';
import { batchNormTrain } from '../../backend/native/batch-norm';
import { ones, zeros, type ParamScope } from '../params';

/**
 * Batch normalisation over N, H, W (PyTorch semantics: momentum 0.1, eps 1e-5, running variance
 * unbiased). Training mode normalises with the batch statistics and updates the running ones in
 * place; evaluation mode uses the running statistics.
 */
export class BatchNorm {
  readonly gamma: tf.Variable;
  readonly beta: tf.Variable;
  readonly runningMean: tf.Variable;
  readonly runningVar: tf.Variable;

  constructor(
    scope: ParamScope,
    channels: number,
    private readonly momentum = 0.1,
    private readonly eps = 1e-5,
  ) {
    this.gamma = scope.param('weight', [channels], ones);
    this.beta = scope.param('bias', [channels], zeros);
    this.runningMean = scope.state('running_mean', [channels], zeros);
    this.runningVar = scope.state('running_var', [channels], ones);
  }

  apply(x: tf.Tensor4D, training: boolean): tf.Tensor4D {
    if (!training) return tf.batchNorm4d(x, this.runningMean as tf.Tensor1D, this.runningVar as tf.Tensor1D, this.beta as tf.Tensor1D, this.gamma as tf.Tensor1D, this.eps);
    // One fused kernel where the native kernels are registered; tf.moments + tf.batchNorm4d otherwise.
    const { y, mean, variance } = batchNormTrain(x, this.gamma as tf.Tensor1D, this.beta as tf.Tensor1D, this.eps);
    const n = x.shape[0] * x.shape[1] * x.shape[2];
    const m = this.momentum;
    // The running state never feeds the loss, so no gradient reaches it.
    this.runningMean.assign(tf.add(tf.mul(this.runningMean, 1 - m), tf.mul(mean, m)));
    const unbiased = n > 1 ? tf.mul(variance, n / (n - 1)) : variance;
    this.runningVar.assign(tf.add(tf.mul(this.runningVar, 1 - m), tf.mul(unbiased, m)));
    return y;
  }
}

/** Layer normalisation over the last axis (eps 1e-6 as ConvNeXt; Swin uses 1e-5). */
export class LayerNorm {
  readonly gamma: tf.Variable;
  readonly beta: tf.Variable;

  constructor(
    scope: ParamScope,
    channels: number,
    private readonly eps = 1e-6,
  ) {
    this.gamma = scope.param('weight', [channels], ones);
    this.beta = scope.param('bias', [channels], zeros);
  }

  apply<T extends tf.Tensor>(x: T): T {
    const axis = x.rank - 1;
    const { mean, variance } = tf.moments(x, axis, true);
    const normed = tf.mul(tf.sub(x, mean), tf.rsqrt(tf.add(variance, this.eps)));
    return tf.add(tf.mul(normed, this.gamma), this.beta) as T;
  }
}
