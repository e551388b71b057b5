/**
 * SGD with momentum (the PyTorch form): g' = g + wd·p for decaying parameters (coupled L2, as in
 * the usual SGD recipes), buf = momentum·buf + g', p = p − lr·buf.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { NamedTensor, Optimiser, OptimiserScalars, Param } from './types';
import { Slots } from './slots';

export interface SgdOptions {
  momentum?: number;
  weightDecay?: number;
}

export class SgdMomentum implements Optimiser {
  readonly name = 'sgd' as const;
  readonly params: readonly Param[];
  private readonly momentum: number;
  private readonly weightDecay: number;
  private readonly slots: Slots;
  private t = 0;

  constructor(params: readonly Param[], options: SgdOptions = {}) {
    this.params = params;
    this.momentum = options.momentum ?? 0.9;
    this.weightDecay = options.weightDecay ?? 1e-4;
    this.slots = new Slots(params, ['momentum']);
  }

  apply(grads: Map<string, tf.Tensor>, lr: number): void {
    this.t += 1;
    for (const p of this.params) {
      const g = grads.get(p.name);
      if (g === undefined) continue;
      const buf = this.slots.get(p.name, 'momentum');
      tf.tidy(() => {
        const gEff = p.decay && this.weightDecay > 0 ? tf.add(g, tf.mul(p.variable, this.weightDecay)) : g;
        const next = tf.add(tf.mul(buf, this.momentum), gEff);
        buf.assign(next);
        p.variable.assign(tf.sub(p.variable, tf.mul(next, lr)));
      });
    }
  }

  stateTensors(): NamedTensor[] {
    return this.slots.named();
  }

  scalars(): OptimiserScalars {
    return { name: this.name, t: this.t, hyper: { momentum: this.momentum, weightDecay: this.weightDecay } };
  }

  restore(tensors: Map<string, { shape: number[]; data: Float32Array | Int32Array }>, scalars: OptimiserScalars): void {
    if (scalars.name !== this.name) throw new Error(`optimiser state is for '${scalars.name}', not '${this.name}'`);
    this.slots.restore(tensors);
    this.t = scalars.t;
  }

  dispose(): void {
    this.slots.dispose();
  }
}
