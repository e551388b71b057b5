import { cnnFpnNanoSpec } from './project';
import { smallNetSpec } from './smallnet';
import type { BenchModelSpec } from './types';

/**
 * Every model the bench knows, by name. Add a project model with a builder here and a PyTorch twin of
 * the same name in bench/torch/reference.py (the bench checks parameter counts and output shapes agree).
 */
export const BENCH_MODELS: Record<string, () => BenchModelSpec> = {
  'cnn-fpn-nano': () => cnnFpnNanoSpec(),
  smallnet: () => smallNetSpec(),
  /** Seconds-long smoke-test size (tests, --models tiny). */
  tiny: () => ({ ...smallNetSpec(2, 16, 3, 3, 4), name: 'tiny' }),
};

/** Run by default: the quick-reproduction model first, then the small net. */
export const DEFAULT_BENCH_MODELS = ['cnn-fpn-nano', 'smallnet'];
