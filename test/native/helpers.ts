import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import assert from 'node:assert/strict';
import { Rng } from '../../src/util/rng';

export function randomValues(rng: Rng, n: number): Float32Array {
  const v = new Float32Array(n);
  for (let i = 0; i < n; i++) v[i] = rng.normal();
  return v;
}

export const sizeOf = (s: readonly number[]) => s.reduce((a, b) => a * b, 1);

/** Runs `f` on the cpu backend and then on wasm (same inputs); returns both outputs' values. */
export async function onBothBackends(f: () => tf.Tensor): Promise<{ cpu: Float32Array; wasm: Float32Array; shape: number[] }> {
  await tf.setBackend('cpu');
  const cpu = tf.tidy(() => f().dataSync() as Float32Array);
  await tf.setBackend('wasm');
  let shape: number[] = [];
  const wasm = tf.tidy(() => {
    const y = f();
    shape = y.shape;
    return y.dataSync() as Float32Array;
  });
  return { cpu: Float32Array.from(cpu), wasm: Float32Array.from(wasm), shape };
}

/** Element-wise closeness relative to the largest expected magnitude. */
export function assertClose(actual: Float32Array, expected: Float32Array, what: string, rel = 1e-5): void {
  assert.equal(actual.length, expected.length, `${what}: length`);
  let scale = 1e-6;
  for (const v of expected) scale = Math.max(scale, Math.abs(v));
  for (let i = 0; i < expected.length; i++) {
    if (!(Math.abs(actual[i] - expected[i]) <= rel * scale + 1e-6)) assert.fail(`${what}: element ${i} native ${actual[i]} vs cpu ${expected[i]}`);
  }
}
