/**
 * The project's extensions X1–X6 beyond the paper's CSP (method.md). Each is one file exporting an
 * Extension and one line in registry.ts; none is applied unless named (`--extensions X1,X3`), and
 * only on top of the generalised strategy. An extension supplies the hooks it needs:
 *
 *   pre-training input:  normalised RGB batch → beforeStrategy (X3, X4) → strategy (CSP)
 *                        → afterStrategy (X1, X2) → model
 *   pre-training loss:   consistency (X5: a second, differently randomised view and a loss term)
 *   fine-tuning:         segAugment (X3: image and label together), pixelWeights (X6), perImage
 *                        input normalisation (X2)
 *
 * Hooks of several extensions run in id order. All randomness comes from the Rng passed in.
 */
import type { Rng } from '../../util/rng';
import type { ImageBatch } from '../strategies/batch';

export type ExtensionId = 'X1' | 'X2' | 'X3' | 'X4' | 'X5' | 'X6';
export const EXTENSION_IDS: readonly ExtensionId[] = ['X1', 'X2', 'X3', 'X4', 'X5', 'X6'];

export type Stage = 'pretrain' | 'finetune';

export interface Extension {
  readonly id: ExtensionId;
  readonly name: string;
  readonly summary: string;
  readonly stages: readonly Stage[];
  /** Pre-training: on the normalised RGB batch before the strategy. Returns a new or the same batch. */
  beforeStrategy?(batch: ImageBatch, rng: Rng): ImageBatch;
  /** Pre-training: on the strategy's N-channel batch. */
  afterStrategy?(batch: ImageBatch, rng: Rng): ImageBatch;
  /** Pre-training: weight of a consistency term between two differently randomised views (X5). */
  readonly consistencyWeight?: number;
  /** Fine-tuning: augments images (NHWC) and labels (NHW) together, in place. */
  segAugment?(images: ImageBatch, labels: Uint8Array, rng: Rng): void;
  /** Fine-tuning: per-pixel loss weights [size·height·width] from the labels. */
  pixelWeights?(labels: Uint8Array, size: number, height: number, width: number, ignoreIndex: number): Float32Array;
  /** Fine-tuning: inputs normalised per image and channel instead of by dataset statistics (X2). */
  readonly perImageNormalisation?: boolean;
}
