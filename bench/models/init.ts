import * as tf from '@tensorflow/tfjs-core';
import { Rng } from '../../src/util/rng';

/** He-normal conv kernel [kh, kw, in, out] (fan-in = kh·kw·in), seeded. */
export function heConv(rng: Rng, kh: number, kw: number, cin: number, cout: number, name: string): tf.Variable {
  const n = kh * kw * cin * cout;
  const std = Math.sqrt(2 / (kh * kw * cin));
  const values = new Float32Array(n);
  for (let i = 0; i < n; i++) values[i] = rng.normal() * std;
  return tf.variable(tf.tensor4d(values, [kh, kw, cin, cout]), true, name);
}

export function constVector(n: number, value: number, name: string, trainable = true): tf.Variable {
  return tf.variable(tf.fill([n], value), trainable, name);
}
