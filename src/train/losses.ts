/**
 * Losses of the training loops, as tfjs-core ops (differentiable; call inside tf.variableGrads).
 */
import * as tf from '@tensorflow/tfjs-core';
import { IGNORE_INDEX } from '../data/types';

/**
 * Cross-entropy with label smoothing: the target is (1 − ε) on the true class plus ε/K on every
 * class; loss = −mean over the batch of Σ_k target_k · log softmax(logits)_k.
 */
export function labelSmoothingCrossEntropy(logits: tf.Tensor2D, labels: tf.Tensor1D, smoothing = 0): tf.Scalar {
  return tf.tidy(() => {
    const k = logits.shape[1];
    const oneHot = tf.cast(tf.oneHot(tf.cast(labels, 'int32'), k), 'float32');
    const target = smoothing > 0 ? tf.add(tf.mul(oneHot, 1 - smoothing), smoothing / k) : oneHot;
    const logp = tf.logSoftmax(logits, -1);
    return tf.neg(tf.mean(tf.sum(tf.mul(target, logp), -1))) as tf.Scalar;
  });
}

export interface SegLossOptions {
  /** Label id that contributes nothing (default 255). */
  ignoreIndex?: number;
  /** Weight per class (length K); default all 1. */
  classWeights?: Float32Array | number[];
  /** Weight per pixel [B, H, W] (e.g. boundary weights, X6); default all 1. */
  pixelWeights?: tf.Tensor3D;
}

/**
 * Per-pixel cross-entropy over [B, H, W, K] logits and [B, H, W] int labels. Pixels labelled
 * `ignoreIndex` have weight 0; the others weight classWeight[label]·pixelWeight. The loss is the
 * weighted mean Σ w·(−log p_label) / Σ w (PyTorch's weighted-mean convention); 0 when no pixel counts.
 */
export function segmentationCrossEntropy(logits: tf.Tensor4D, labels: tf.Tensor3D, options: SegLossOptions = {}): tf.Scalar {
  const ignore = options.ignoreIndex ?? IGNORE_INDEX;
  return tf.tidy(() => {
    const k = logits.shape[3];
    const lab = tf.cast(labels, 'int32');
    const valid = tf.notEqual(lab, ignore);
    const safe = tf.where(valid, lab, tf.zerosLike(lab));
    const oneHot = tf.cast(tf.oneHot(safe, k), 'float32');
    const logp = tf.logSoftmax(logits, -1);
    const picked = tf.sum(tf.mul(oneHot, logp), -1);
    let w: tf.Tensor = tf.cast(valid, 'float32');
    if (options.classWeights !== undefined) {
      if (options.classWeights.length !== k) throw new Error(`classWeights has ${options.classWeights.length} entries, logits have ${k} classes`);
      const cw = tf.tensor1d(Array.from(options.classWeights), 'float32');
      w = tf.mul(w, tf.gather(cw, safe));
    }
    if (options.pixelWeights !== undefined) w = tf.mul(w, options.pixelWeights);
    const total = tf.sum(w);
    return tf.div(tf.sum(tf.mul(w, tf.neg(picked))), tf.maximum(total, 1e-12)) as tf.Scalar;
  });
}
