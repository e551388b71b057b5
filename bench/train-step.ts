import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import type { BenchNet } from './models/types';

/** The optimiser both sides use: SGD with momentum 0.9 (PyTorch's and tfjs's update rules agree). */
export const BENCH_OPTIMISER = { name: 'sgd-momentum', lr: 0.01, momentum: 0.9 } as const;

/** Mean softmax cross-entropy of NHWC logits against one-hot targets of the same shape. */
export function crossEntropy(logits: tf.Tensor4D, oneHot: tf.Tensor4D): tf.Scalar {
  return tf.tidy(() => tf.neg(tf.mean(tf.sum(tf.mul(oneHot, tf.logSoftmax(logits, -1)), -1))) as tf.Scalar);
}

export interface TrainStepper {
  /** One step: forward, loss, backward, update; returns the loss (read back, so the step has finished). */
  step(): number;
  /** One inference pass (eval mode); waits for the result. */
  infer(): void;
  dispose(): void;
}

/** Fixed random batch (seeded), one-hot labels and an optimiser bound to `net`. */
export function makeStepper(net: BenchNet, input: [number, number, number, number], classes: number, seed: number): TrainStepper {
  const [n, h, w] = input;
  const x = tf.randomNormal(input, 0, 1, 'float32', seed) as tf.Tensor4D;
  const labels = tf.tidy(() => tf.oneHot(tf.cast(tf.floor(tf.mul(tf.randomUniform([n, h, w], 0, 1, 'float32', seed + 1), classes)), 'int32'), classes) as tf.Tensor4D);
  const optimizer = tf.train.momentum(BENCH_OPTIMISER.lr, BENCH_OPTIMISER.momentum);
  return {
    step() {
      const cost = optimizer.minimize(() => crossEntropy(net.forward(x, true), labels), true, net.trainable);
      const value = cost!.dataSync()[0];
      cost!.dispose();
      return value;
    },
    infer() {
      const y = net.forward(x, false);
      y.dataSync();
      y.dispose();
    },
    dispose() {
      x.dispose();
      labels.dispose();
      optimizer.dispose();
    },
  };
}
