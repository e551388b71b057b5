/** Parameter counts. */
import type { Model } from './types';

/**
 * Number of scalar parameters: trainable ones by default (the usual "params" figure, batch-norm
 * running statistics excluded); `{ all: true }` counts every stored value. `prefix` restricts the
 * count to names starting with it ('encoder.').
 */
export function countParams(model: Model, opts: { all?: boolean; prefix?: string } = {}): number {
  const trainable = new Set(model.trainableVariables());
  let n = 0;
  for (const [name, v] of model.namedWeights()) {
    if (opts.prefix !== undefined && !name.startsWith(opts.prefix)) continue;
    if (opts.all || trainable.has(v)) n += v.size;
  }
  return n;
}
