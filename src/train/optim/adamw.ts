/**
 * AdamW (Loshchilov & Hutter): Adam moments with decoupled weight decay. For step t ≥ 1:
 *   m = β1·m + (1−β1)·g,   v = β2·v + (1−β2)·g²,
 *   m̂ = m/(1−β1^t),       v̂ = v/(1−β2^t),
 *   p = p − lr·( m̂/(√v̂ + ε) + wd·p )          (wd only for decaying parameters)
 * which is PyTorch's torch.optim.AdamW. tfjs-core has no AdamW; its Adam keeps state we could not
 * checkpoint by name, so the moments here are our own tf.Variables.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { NamedTensor, Optimiser, OptimiserScalars, Param } from './types';
import { Slots } from './slots';

export interface AdamWOptions {
  beta1?: number;
  beta2?: number;
  epsilon?: number;
  weightDecay?: number;
}

export class AdamW implements Optimiser {
  readonly name = 'adamw' as const;
  readonly params: readonly Param[];
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
  readonly weightDecay: number;
  private readonly slots: Slots;
  private t = 0;

  constructor(params: readonly Param[], options: AdamWOptions = {}) {
    this.params = params;
    this.beta1 = options.beta1 ?? 0.9;
    this.beta2 = options.beta2 ?? 0.999;
    this.epsilon = options.epsilon ?? 1e-8;
    this.weightDecay = options.weightDecay ?? 0.05;
    this.slots = new Slots(params, ['m', 'v']);
  }

  apply(grads: Map<string, tf.Tensor>, lr: number): void {
    this.t += 1;
    const c1 = 1 - Math.pow(this.beta1, this.t);
    const c2 = 1 - Math.pow(this.beta2, this.t);
    for (const p of this.params) {
      const g = grads.get(p.name);
      if (g === undefined) continue;
      const m = this.slots.get(p.name, 'm');
      const v = this.slots.get(p.name, 'v');
      tf.tidy(() => {
        const mNext = tf.add(tf.mul(m, this.beta1), tf.mul(g, 1 - this.beta1));
        const vNext = tf.add(tf.mul(v, this.beta2), tf.mul(tf.square(g), 1 - this.beta2));
        m.assign(mNext);
        v.assign(vNext);
        const denom = tf.add(tf.sqrt(tf.div(vNext, c2)), this.epsilon);
        let update = tf.div(tf.div(mNext, c1), denom);
        if (p.decay && this.weightDecay > 0) update = tf.add(update, tf.mul(p.variable, this.weightDecay));
        p.variable.assign(tf.sub(p.variable, tf.mul(update, lr)));
      });
    }
  }

  stateTensors(): NamedTensor[] {
    return this.slots.named();
  }

  scalars(): OptimiserScalars {
    return { name: this.name, t: this.t, hyper: { beta1: this.beta1, beta2: this.beta2, epsilon: this.epsilon, weightDecay: this.weightDecay } };
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
