/** The strategies by name. */
import { UserError } from '../../util/errors';
import { baselineStrategy } from './baseline';
import { cspStrategy } from './csp';
import { STRATEGY_NAMES, type InputStrategy, type StrategyName } from './types';

export type { InputStrategy, StrategyName } from './types';
export { STRATEGY_NAMES } from './types';
export * from './batch';
export * from './normalise';
export { applyCsp, drawChannelMap } from './csp';

const BUILDERS: Record<StrategyName, (channels: number) => InputStrategy> = {
  baseline: baselineStrategy,
  generalised: cspStrategy,
};

export function isStrategyName(s: string): s is StrategyName {
  return (STRATEGY_NAMES as readonly string[]).includes(s);
}

export function buildStrategy(name: string, channels: number): InputStrategy {
  if (!isStrategyName(name)) throw new UserError(`unknown strategy '${name}' (one of ${STRATEGY_NAMES.join(', ')})`);
  return BUILDERS[name](channels);
}
