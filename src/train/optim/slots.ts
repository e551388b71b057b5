/** Per-parameter optimiser slots (moments, buffers) as tf.Variables, and their checkpoint form. */
import * as tf from '@tensorflow/tfjs-core';
import { OPTIMISER_PREFIX, type NamedTensor, type Param } from './types';

type Stored = { shape: number[]; data: Float32Array | Int32Array };

/** One zero-initialised, non-trainable variable per parameter and slot name. */
export class Slots {
  private readonly vars = new Map<string, tf.Variable>();

  constructor(
    private readonly params: readonly Param[],
    readonly slotNames: readonly string[],
  ) {
    for (const p of params) {
      for (const s of slotNames) {
        const zeros = tf.zerosLike(p.variable);
        this.vars.set(key(p.name, s), tf.variable(zeros, false));
        zeros.dispose();
      }
    }
  }

  get(param: string, slot: string): tf.Variable {
    const v = this.vars.get(key(param, slot));
    if (v === undefined) throw new Error(`no optimiser slot ${slot} for ${param}`);
    return v;
  }

  /** Named as in checkpoints: 'optimiser.<param>.<slot>'. */
  named(): NamedTensor[] {
    const out: NamedTensor[] = [];
    for (const p of this.params) for (const s of this.slotNames) out.push({ name: `${OPTIMISER_PREFIX}${p.name}.${s}`, tensor: this.get(p.name, s) });
    return out;
  }

  /**
   * Sets every slot from `tensors`. A missing slot, a shape that differs, or an optimiser tensor
   * that matches no parameter is an error: the state belongs to another model or optimiser.
   */
  restore(tensors: Map<string, Stored>): void {
    const expected = new Set<string>();
    for (const p of this.params) {
      for (const s of this.slotNames) {
        const name = `${OPTIMISER_PREFIX}${p.name}.${s}`;
        expected.add(name);
        const stored = tensors.get(name);
        if (stored === undefined) throw new Error(`optimiser state lacks ${name}`);
        if (stored.shape.join('x') !== p.variable.shape.join('x')) {
          throw new Error(`optimiser state ${name} has shape [${stored.shape}], parameter has [${p.variable.shape}]`);
        }
      }
    }
    const stray = [...tensors.keys()].filter((k) => k.startsWith(OPTIMISER_PREFIX) && !expected.has(k));
    if (stray.length > 0) throw new Error(`optimiser state has tensors for no parameter: ${stray.slice(0, 5).join(', ')}${stray.length > 5 ? ', …' : ''}`);
    for (const p of this.params) {
      for (const s of this.slotNames) {
        const stored = tensors.get(`${OPTIMISER_PREFIX}${p.name}.${s}`)!;
        const value = tf.tensor(Float32Array.from(stored.data), stored.shape, 'float32');
        this.get(p.name, s).assign(value);
        value.dispose();
      }
    }
  }

  dispose(): void {
    for (const v of this.vars.values()) v.dispose();
    this.vars.clear();
  }
}

function key(param: string, slot: string): string {
  return `${param}\u0000${slot}`;
}
