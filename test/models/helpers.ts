/** Shared helpers of the model tests: backend start-up and deterministic inputs. */
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../../src/backend/select';
import { Rng } from '../../src/util/rng';

export async function ready(): Promise<void> {
  process.env.GEOPRETRAIN_QUIET = '1';
  await initBackend();
}

/** A deterministic standard-normal NHWC input. */
export function randomInput(shape: [number, number, number, number], seed = 7): tf.Tensor4D {
  const rng = new Rng(seed);
  const n = shape.reduce((a, b) => a * b, 1);
  const data = new Float32Array(n);
  for (let i = 0; i < n; i++) data[i] = rng.normal();
  return tf.tensor4d(data, shape);
}

/** Mean-squared-error of logits against a fixed random target: a loss that touches every output. */
export function lossOf(logits: tf.Tensor): tf.Scalar {
  return tf.tidy(() => tf.mean(tf.square(tf.sub(logits, 0.5))) as tf.Scalar);
}

export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}
