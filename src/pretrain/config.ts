/**
 * The typed configuration of a pre-training run, its defaults, and what is written to config.json
 * (and into every checkpoint). Both strategies get the same budget and hyper-parameters by default.
 */
import type { EncoderName, ModelSize } from '../models/types';
import type { OptimiserSpec } from '../train/optim/index';
import type { ExtensionId } from './extensions/registry';
import type { NormalisationMode } from './strategies/index';

export type PretrainData =
  | { kind: 'synthgeo'; seed: number; size: number; trainCount: number; valCount: number; shapeOnlyCount: number }
  | { kind: 'imagenet'; root: string; size: number; valCount?: number };

export interface PretrainOptions {
  strategy: string;
  channels: number;
  extensions: ExtensionId[];
  normalisation: NormalisationMode;
  data: PretrainData;
  model: { encoder: EncoderName; size: ModelSize };
  steps: number;
  batch: number;
  seed: number;
  optimiser: OptimiserSpec;
  lr: number;
  warmupSteps: number;
  minLr: number;
  labelSmoothing: number;
  /** Global gradient-norm clipping (0 = none). */
  clipNorm: number;
  validateEvery: number;
  checkpointEvery: number;
  evalBatch: number;
}

export function defaultPretrainOptions(over: Partial<PretrainOptions> = {}): PretrainOptions {
  const steps = over.steps ?? 600;
  return {
    strategy: 'generalised',
    channels: 3,
    extensions: [],
    normalisation: 'source',
    data: { kind: 'synthgeo', seed: 0, size: 32, trainCount: 6000, valCount: 500, shapeOnlyCount: 500 },
    model: { encoder: 'cnn', size: 'nano' },
    batch: 64,
    seed: 1,
    optimiser: { name: 'adamw', weightDecay: 0.05 },
    lr: 2e-3,
    warmupSteps: Math.max(1, Math.round(steps * 0.05)),
    minLr: 1e-5,
    labelSmoothing: 0.1,
    clipNorm: 5,
    validateEvery: Math.max(1, Math.round(steps / 4)),
    checkpointEvery: Math.max(1, Math.round(steps / 10)),
    evalBatch: 100,
    ...over,
    steps,
  };
}
