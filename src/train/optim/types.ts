/**
 * Optimisers of the training loops. They update tf.Variables in place from gradients keyed by the
 * model's hierarchical weight names, and keep their state (moments, momentum buffers) in
 * tf.Variables so that it can be written to a checkpoint and restored exactly.
 */
import type * as tf from '@tensorflow/tfjs-core';

/** A tensor with a name (tfjs-core does not export its own NamedTensor type). */
export interface NamedTensor {
  name: string;
  tensor: tf.Tensor;
}

export type OptimiserName = 'sgd' | 'adamw';

/** One trainable parameter: its stable hierarchical name, the variable, and whether it decays. */
export interface Param {
  name: string;
  variable: tf.Variable;
  decay: boolean;
}

/** Plain-data optimiser state besides its tensors (written to the checkpoint's state JSON). */
export interface OptimiserScalars {
  name: OptimiserName;
  /** Updates applied so far (AdamW bias correction uses it). */
  t: number;
  hyper: Record<string, number>;
}

export interface Optimiser {
  readonly name: OptimiserName;
  readonly params: readonly Param[];
  /**
   * Applies one update at learning rate `lr`. `grads` maps parameter name to gradient; a parameter
   * without a gradient is left unchanged (its state too). Disposes nothing it did not create.
   */
  apply(grads: Map<string, tf.Tensor>, lr: number): void;
  /** State tensors named '<prefix><param>.<slot>' (live variables: copy before disposing the optimiser). */
  stateTensors(): NamedTensor[];
  scalars(): OptimiserScalars;
  /** Restores state written by stateTensors()/scalars(); throws when names or shapes differ. */
  restore(tensors: Map<string, { shape: number[]; data: Float32Array | Int32Array }>, scalars: OptimiserScalars): void;
  dispose(): void;
}

/** Prefix of optimiser tensors in a checkpoint's 'extra' group. */
export const OPTIMISER_PREFIX = 'optimiser.';
