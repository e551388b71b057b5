/** Builds an optimiser by name over a model's parameters (weight decay only where it belongs). */
import { AdamW, type AdamWOptions } from './adamw';
import { paramsOf, type HasNamedWeights } from './params';
import { SgdMomentum, type SgdOptions } from './sgd';
import type { Optimiser, OptimiserName } from './types';

export type { NamedTensor, Optimiser, OptimiserName, OptimiserScalars, Param } from './types';
export { OPTIMISER_PREFIX } from './types';
export { AdamW } from './adamw';
export { SgdMomentum } from './sgd';
export { paramsOf, decays, gradsByParamName } from './params';

export interface OptimiserSpec {
  name: OptimiserName;
  weightDecay: number;
  /** SGD only. */
  momentum?: number;
  /** AdamW only. */
  beta1?: number;
  beta2?: number;
  epsilon?: number;
}

export function buildOptimiser(model: HasNamedWeights, spec: OptimiserSpec): Optimiser {
  const params = paramsOf(model);
  if (spec.name === 'sgd') return new SgdMomentum(params, { momentum: spec.momentum, weightDecay: spec.weightDecay } satisfies SgdOptions);
  return new AdamW(params, { beta1: spec.beta1, beta2: spec.beta2, epsilon: spec.epsilon, weightDecay: spec.weightDecay } satisfies AdamWOptions);
}
