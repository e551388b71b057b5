/**
 * The endless training stream of a run: src/data/loader's BatchLoader over the training samples
 * (seeded per-epoch shuffling, per-sample seeded transforms, prefetch), full batches only. Its
 * position after the last batch handed out is saved in checkpoints; a stream started there yields
 * exactly the batches an uninterrupted run would have seen.
 */
import { BatchLoader, type LoaderPosition, type RawBatch, type SampleSource } from '../data/loader';
import type { Transform } from '../data/transforms/index';
import type { ClsSample, SegSample } from '../data/types';
import { UserError } from '../util/errors';

export class TrainStream<S extends SegSample | ClsSample> {
  private readonly iterator: AsyncGenerator<RawBatch>;
  private pos: LoaderPosition;

  constructor(source: SampleSource<S>, batchSize: number, seed: number, transform?: Transform, start?: LoaderPosition) {
    if (source.size < batchSize) throw new UserError(`the training set has ${source.size} samples, fewer than one batch of ${batchSize}`);
    const loader = new BatchLoader<S>({ source, batchSize, seed, transform, dropLast: true, epochs: Infinity, prefetch: 2, ...(start ? { start } : {}) });
    this.iterator = loader.rawBatches();
    this.pos = start ?? { epoch: 0, position: 0 };
  }

  async next(): Promise<RawBatch> {
    const r = await this.iterator.next();
    if (r.done) throw new Error('training stream ended');
    this.pos = r.value.next;
    return r.value;
  }

  /** Where to resume after the last batch handed out. */
  position(): LoaderPosition {
    return { ...this.pos };
  }

  async close(): Promise<void> {
    await this.iterator.return(undefined);
  }
}
