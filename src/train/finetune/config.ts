/** The typed configuration of a fine-tuning run and its defaults (same for every initialisation). */
import type { DecoderName, EncoderName, ModelSize } from '../../models/types';
import type { ExtensionId } from '../../pretrain/extensions/registry';
import type { OptimiserSpec } from '../optim/index';
import type { FinetuneDataset } from './data';
import type { ClassWeighting } from './class-weights';

export type FinetuneData =
  | { kind: 'synthgeo'; seed: number; size: number; trainCount: number; valCount: number; testCount: number }
  | { kind: 'files'; root: string; cropSize: number; maxEvalImages?: number };

export interface FinetuneOptions {
  dataset: FinetuneDataset;
  data: FinetuneData;
  modality: string;
  /** 'none' or a pre-training run/checkpoint folder. */
  init: string;
  /** Encoder; when absent, the checkpoint's (or cnn-nano for 'none'). */
  model?: { encoder: EncoderName; size: ModelSize };
  decoder: DecoderName;
  /** Stem adaptation when the checkpoint's channels differ from the target's. */
  stemAdaptation: 'mean' | 'repeat';
  /** Loss weights per class: none (plain cross-entropy) or median-frequency from the training labels. */
  classWeighting?: ClassWeighting;
  extensions: ExtensionId[];
  steps: number;
  batch: number;
  seed: number;
  optimiser: OptimiserSpec;
  lr: number;
  warmupSteps: number;
  power: number;
  minLr: number;
  clipNorm: number;
  validateEvery: number;
  checkpointEvery: number;
  evalBatch: number;
}

export function defaultFinetuneOptions(over: Partial<FinetuneOptions> & Pick<FinetuneOptions, 'dataset' | 'init' | 'modality'>): FinetuneOptions {
  const steps = over.steps ?? 300;
  return {
    data: { kind: 'synthgeo', seed: 0, size: 48, trainCount: 300, valCount: 100, testCount: 200 },
    decoder: 'fpn',
    stemAdaptation: 'mean',
    extensions: [],
    batch: 16,
    seed: 1,
    optimiser: { name: 'adamw', weightDecay: 0.01 },
    lr: 5e-3,
    warmupSteps: Math.max(1, Math.round(steps * 0.05)),
    power: 0.9,
    minLr: 0,
    clipNorm: 5,
    validateEvery: Math.max(1, Math.round(steps / 3)),
    checkpointEvery: Math.max(1, Math.round(steps / 10)),
    evalBatch: 32,
    ...over,
    steps,
  };
}
