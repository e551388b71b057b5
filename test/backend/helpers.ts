// Shared by the backend tests: both backends in one process, running the same computation on each,
// and the error measures used to compare them.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import { registerMissingKernels } from '../../src/backend/kernels/register';
import { Rng } from '../../src/util/rng';

let ready: Promise<void> | undefined;

/** Initialises cpu and wasm (with this project's kernels) and leaves wasm active. */
export function setupBackends(): Promise<void> {
  ready ??= (async () => {
    if (!(await tf.setBackend('cpu'))) throw new Error('cpu backend did not start');
    if (!(await tf.setBackend('wasm'))) throw new Error('wasm backend did not start');
    await tf.ready();
    registerMissingKernels('wasm');
  })();
  return ready;
}

/** Runs `f` with `name` active and restores the previous backend; returns the outputs' values. */
export async function runOn(name: 'cpu' | 'wasm', f: () => tf.Tensor | tf.Tensor[]): Promise<Float32Array[]> {
  const previous = tf.getBackend();
  await tf.setBackend(name);
  try {
    const outs = tf.tidy(f);
    const list = Array.isArray(outs) ? outs : [outs];
    const values = list.map((t) => Float32Array.from(t.dataSync() as ArrayLike<number>));
    tf.dispose(list);
    return values;
  } finally {
    await tf.setBackend(previous);
  }
}

export function maxAbs(a: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]));
  return m;
}

export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`length ${a.length} vs ${b.length}`);
  let m = 0;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs(a[i] - b[i]);
    if (!(d <= m)) m = Number.isNaN(d) ? Infinity : d;
  }
  return m;
}

/** Error relative to the reference's magnitude (at least 1): the bound the tests assert. */
export function relativeError(got: ArrayLike<number>, want: ArrayLike<number>): number {
  return maxAbsDiff(got, want) / Math.max(1, maxAbs(want));
}

export function randomArray(rng: Rng, n: number): Float32Array {
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = rng.next() * 2 - 1;
  return out;
}

export const TOLERANCE = 1e-4;
