/**
 * One optimisation step: gradients of a scalar loss w.r.t. the optimiser's parameters
 * (tf.variableGrads inside tf.tidy, so every intermediate tensor is freed), a guard against a
 * non-finite loss or gradient (nothing is updated then), optional global-norm clipping, the update.
 */
import * as tf from '@tensorflow/tfjs-core';
import { gradsByParamName, type Optimiser } from './optim/index';

/** Thrown when the loss or the gradient norm is NaN or ±Inf; the weights were not updated. */
export class NonFiniteLossError extends Error {
  constructor(
    readonly step: number,
    readonly loss: number,
    readonly gradNorm: number,
  ) {
    super(`loss is not finite at step ${step} (loss ${loss}, gradient norm ${gradNorm})`);
    this.name = 'NonFiniteLossError';
  }
}

export interface StepResult {
  loss: number;
  /** Global L2 norm of the gradient before clipping. */
  gradNorm: number;
}

export interface StepOptions {
  /** The 1-based number of this update, for messages. */
  step: number;
  lr: number;
  /** Clip the global gradient norm to this value (0 or undefined: no clipping). */
  clipNorm?: number;
}

export function trainStep(optimiser: Optimiser, lossFn: () => tf.Scalar, o: StepOptions): StepResult {
  const vars = optimiser.params.map((p) => p.variable);
  return tf.tidy(() => {
    const { value, grads } = tf.variableGrads(lossFn, vars);
    const g = gradsByParamName(optimiser.params, grads);
    const norms = [...g.values()].map((t) => tf.sum(tf.square(t)));
    const sq = norms.length > 0 ? tf.addN(norms) : tf.scalar(0);
    const [loss, sqNorm] = [value.dataSync()[0], sq.dataSync()[0]];
    const gradNorm = Math.sqrt(sqNorm);
    if (!Number.isFinite(loss) || !Number.isFinite(gradNorm)) throw new NonFiniteLossError(o.step, loss, gradNorm);
    if (o.clipNorm !== undefined && o.clipNorm > 0 && gradNorm > o.clipNorm) {
      const scale = o.clipNorm / gradNorm;
      for (const [name, t] of g) g.set(name, tf.mul(t, scale));
    }
    optimiser.apply(g, o.lr);
    return { loss, gradNorm };
  });
}
