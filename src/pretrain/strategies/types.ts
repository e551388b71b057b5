/**
 * A pre-training strategy: how a batch of normalised RGB images becomes the model's input.
 * 'baseline' = IM-RGB (RGB as is), 'generalised' = CSP (the paper's Channel Shuffling
 * Pre-training). Strategies work on ImageBatch typed arrays (see batch.ts), one Rng draw sequence
 * per sample in sample order, so a batch is reproducible from the Rng state.
 */
import type { Rng } from '../../util/rng';
import type { ImageBatch } from './batch';

export type StrategyName = 'baseline' | 'generalised';
export const STRATEGY_NAMES: readonly StrategyName[] = ['baseline', 'generalised'];

export interface InputStrategy {
  readonly name: StrategyName;
  /** Label used in tables: 'IM-RGB' or 'CSP'. */
  readonly label: string;
  /** Channels of the model input (the checkpoint's stem). */
  readonly outChannels: number;
  /** A new batch with outChannels channels; `batch` (3 channels) is not modified. */
  apply(batch: ImageBatch, rng: Rng): ImageBatch;
}
