/**
 * Which weights an optimiser updates, under which names, and which of them get weight decay.
 * Decay is applied to convolution and linear weights only: never to biases, to normalisation
 * scales/shifts (any tensor of rank <= 1), nor to position tables (names with 'pos' or 'relative').
 */
import type * as tf from '@tensorflow/tfjs-core';
import type { Param } from './types';

/** Anything that lists its trainable variables and names its weights (every src/models model does). */
export interface HasNamedWeights {
  trainableVariables(): tf.Variable[];
  namedWeights(): Map<string, tf.Variable>;
}

const NO_DECAY_NAME = /(^|\.)(bias|beta|gamma)$|norm|(^|\.)bn\d*(\.|$)|pos_embed|position|relative/i;

/** True when a weight of this name and shape should get weight decay. */
export function decays(name: string, shape: readonly number[]): boolean {
  return shape.length >= 2 && !NO_DECAY_NAME.test(name);
}

/** The trainable parameters of a model, by hierarchical name, in the model's stable order. */
export function paramsOf(model: HasNamedWeights): Param[] {
  const trainable = new Set(model.trainableVariables());
  const out: Param[] = [];
  for (const [name, variable] of model.namedWeights()) {
    if (!trainable.has(variable)) continue;
    out.push({ name, variable, decay: decays(name, variable.shape) });
  }
  if (out.length !== trainable.size) {
    throw new Error(`paramsOf: ${trainable.size - out.length} trainable variable(s) have no name in namedWeights()`);
  }
  return out;
}

/**
 * tf.variableGrads keys gradients by tf variable name; optimisers work by hierarchical name.
 * Re-keys `grads` (the tensors themselves are not copied).
 */
export function gradsByParamName(params: readonly Param[], grads: tf.NamedTensorMap): Map<string, tf.Tensor> {
  const out = new Map<string, tf.Tensor>();
  for (const p of params) {
    const g = grads[p.variable.name];
    if (g !== undefined) out.set(p.name, g);
  }
  return out;
}
