/** Activations tfjs-core lacks. */
import * as tf from '@tensorflow/tfjs-core';

/**
 * GELU, exact form x·Φ(x) = 0.5·x·(1 + erf(x/√2)) (PyTorch's default nn.GELU, used by ConvNeXt and
 * Swin) — not the tanh approximation. tfjs-core has erf with a gradient, and wasm an Erf kernel.
 */
export function gelu<T extends tf.Tensor>(x: T): T {
  return tf.tidy(() => tf.mul(tf.mul(x, 0.5), tf.add(tf.erf(tf.mul(x, Math.SQRT1_2)), 1)) as T);
}
