import * as tf from '@tensorflow/tfjs-core';
import { batchNormTrain } from '../../src/backend/native/batch-norm';
import { Rng } from '../../src/util/rng';
import { constVector, heConv } from './init';

const BN_EPS = 1e-5;
const BN_MOMENTUM = 0.1; // PyTorch convention: running = (1 - m)·running + m·batch

/** Batch normalisation over N, H, W with PyTorch's semantics (biased batch variance, unbiased running variance). */
export class BatchNorm {
  readonly gamma: tf.Variable;
  readonly beta: tf.Variable;
  readonly runningMean: tf.Variable;
  readonly runningVar: tf.Variable;

  constructor(readonly channels: number, name: string) {
    this.gamma = constVector(channels, 1, `${name}/gamma`);
    this.beta = constVector(channels, 0, `${name}/beta`);
    this.runningMean = constVector(channels, 0, `${name}/running_mean`, false);
    this.runningVar = constVector(channels, 1, `${name}/running_var`, false);
  }

  apply(x: tf.Tensor4D, training: boolean): tf.Tensor4D {
    if (!training) return tf.batchNorm4d(x, this.runningMean as tf.Tensor1D, this.runningVar as tf.Tensor1D, this.beta as tf.Tensor1D, this.gamma as tf.Tensor1D, BN_EPS);
    // Fused kernels when the native addon is active, tf.moments + tf.batchNorm otherwise.
    const { y, mean, variance } = batchNormTrain(x, this.gamma as tf.Tensor1D, this.beta as tf.Tensor1D, BN_EPS);
    const count = x.shape[0] * x.shape[1] * x.shape[2];
    // Running statistics: not on the path to the loss, so the gradient tape ignores these ops.
    tf.tidy(() => {
      const unbiased = tf.mul(variance, count / Math.max(1, count - 1));
      this.runningMean.assign(tf.add(tf.mul(this.runningMean, 1 - BN_MOMENTUM), tf.mul(mean, BN_MOMENTUM)));
      this.runningVar.assign(tf.add(tf.mul(this.runningVar, 1 - BN_MOMENTUM), tf.mul(unbiased, BN_MOMENTUM)));
    });
    return y;
  }

  get trainable(): tf.Variable[] { return [this.gamma, this.beta]; }
  get state(): tf.Variable[] { return [this.runningMean, this.runningVar]; }
}

/** 2-D convolution, NHWC, optional bias. */
export class Conv {
  readonly kernel: tf.Variable;
  readonly bias: tf.Variable | null;

  constructor(rng: Rng, readonly k: number, cin: number, cout: number, readonly stride: number, withBias: boolean, name: string) {
    this.kernel = heConv(rng, k, k, cin, cout, `${name}/kernel`);
    this.bias = withBias ? constVector(cout, 0, `${name}/bias`) : null;
  }

  apply(x: tf.Tensor4D): tf.Tensor4D {
    // PyTorch twin pads k//2 on every side; 'same' equals that at stride 1; at stride 2 on even sides tfjs pads 0/1 and PyTorch 1/1 (same cost, output shifted).
    const pad = this.k === 1 ? 'valid' : 'same';
    const y = tf.conv2d(x, this.kernel as tf.Tensor4D, this.stride, pad);
    return this.bias ? tf.add(y, this.bias) : y;
  }

  get trainable(): tf.Variable[] { return this.bias ? [this.kernel, this.bias] : [this.kernel]; }
}

/** Transposed convolution with kernel = stride (exact upsampling by `stride`), NHWC, with bias. */
export class UpConv {
  /** tfjs layout for conv2dTranspose: [kh, kw, out, in]. */
  readonly kernel: tf.Variable;
  readonly bias: tf.Variable;

  constructor(rng: Rng, readonly stride: number, readonly cin: number, readonly cout: number, name: string) {
    const k = stride;
    const std = Math.sqrt(2 / (k * k * cin));
    const values = new Float32Array(k * k * cout * cin);
    for (let i = 0; i < values.length; i++) values[i] = rng.normal() * std;
    this.kernel = tf.variable(tf.tensor4d(values, [k, k, cout, cin]), true, `${name}/kernel`);
    this.bias = constVector(cout, 0, `${name}/bias`);
  }

  apply(x: tf.Tensor4D): tf.Tensor4D {
    const [n, h, w] = x.shape;
    const y = tf.conv2dTranspose(x, this.kernel as tf.Tensor4D, [n, h * this.stride, w * this.stride, this.cout], this.stride, 'valid');
    return tf.add(y, this.bias);
  }

  get trainable(): tf.Variable[] { return [this.kernel, this.bias]; }
}
