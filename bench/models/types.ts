import type * as tf from '@tensorflow/tfjs-core';

/** A network as the bench drives it: trainable variables plus a forward pass giving NHWC logits. */
export interface BenchNet {
  /** Trainable parameters (what the optimiser updates). */
  trainable: tf.Variable[];
  /** Non-trainable state such as batch-norm running statistics (counted apart from parameters). */
  state: tf.Variable[];
  /** Logits N×H×W×classes. `training` selects batch statistics and running-stat updates. */
  forward(x: tf.Tensor4D, training: boolean): tf.Tensor4D;
  dispose(): void;
}

/**
 * One benchmarked model: how to build its tfjs network and which PyTorch twin has the identical
 * architecture (a name understood by bench/torch/reference.py). Add the project's models here by name.
 */
export interface BenchModelSpec {
  name: string;
  description: string;
  /** Input N, H, W, C (NHWC for tfjs; the PyTorch twin gets N, C, H, W). */
  input: [number, number, number, number];
  classes: number;
  create(seed: number): BenchNet;
  /** Name of the PyTorch twin in bench/torch/reference.py, or null when there is none. */
  torchName: string | null;
  /** Extra settings handed to the PyTorch twin (JSON). */
  torchArgs?: Record<string, unknown>;
}
