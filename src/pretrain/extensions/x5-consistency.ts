/**
 * X5 invariance regulariser: each pre-training batch is randomised twice (two independent draws of
 * the strategy and of the other extensions' randomness) and the loss gains a consistency term
 * between the predictions on the two views: weight · ½(KL(p‖q) + KL(q‖p)). The classification loss is
 * the mean of the two views' losses. The term is zero exactly when the two views give the same
 * predictive distribution (e.g. identical views).
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Extension } from './types';

/** ½(KL(p‖q) + KL(q‖p)) of softmax(logitsA), softmax(logitsB), averaged over the batch. */
export function symmetricKl(logitsA: tf.Tensor2D, logitsB: tf.Tensor2D): tf.Scalar {
  return tf.tidy(() => {
    const la = tf.logSoftmax(logitsA, -1);
    const lb = tf.logSoftmax(logitsB, -1);
    const diff = tf.sub(la, lb);
    const klab = tf.sum(tf.mul(tf.exp(la), diff), -1);
    const klba = tf.sum(tf.mul(tf.exp(lb), tf.neg(diff)), -1);
    return tf.mul(tf.mean(tf.add(klab, klba)), 0.5) as tf.Scalar;
  });
}

export const CONSISTENCY_WEIGHT = 1;

export const x5Consistency: Extension = {
  id: 'X5',
  name: 'consistency loss',
  summary: 'two differently randomised views per batch; symmetric KL between their predictions added to the loss',
  stages: ['pretrain'],
  consistencyWeight: CONSISTENCY_WEIGHT,
};
