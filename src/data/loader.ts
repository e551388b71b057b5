import * as tf from '@tensorflow/tfjs-core';
import type { ClsSample, SegSample } from './types';
import type { Transform } from './transforms/types';
import { Rng } from '../util/rng';
import { mixSeed } from './synthgeo/seed';
import type { SampleSource } from './loader-source';

export { refSource, generatorSource, type SampleSource } from './loader-source';

/**
 * Async batch iterator: per-epoch seeded shuffling, per-sample seeded transforms, stacking into
 * tensors (images NHWC float32; labels int32 NHW for segmentation or N class ids), with prefetch:
 * while the consumer works on batch i, batches i+1..i+prefetch are being read and assembled (async
 * reads overlap; CPU work interleaves at await points). Sample order and augmentations depend only
 * on (seed, epoch, position), so starting at a saved {epoch, position} resumes exactly.
 * Tensors are created when a batch is handed out; the caller disposes them (Batch.dispose()).
 * The tf backend must be initialised by the caller.
 */
export interface LoaderPosition {
  epoch: number;
  /** Index of the next sample within the epoch's order. */
  position: number;
}

export interface BatchLoaderOptions<S extends SegSample | ClsSample> {
  source: SampleSource<S>;
  batchSize: number;
  seed: number;
  /** Shuffle each epoch (default true). */
  shuffle?: boolean;
  transform?: Transform;
  /** Drop an incomplete last batch of each epoch (default false). */
  dropLast?: boolean;
  /** Batches assembled ahead of the consumer (default 2; 0 = no prefetch). */
  prefetch?: number;
  /** Reads in flight per batch (default batchSize). */
  concurrency?: number;
  /** Where to start (default epoch 0, position 0). */
  start?: LoaderPosition;
  /** Epochs to run from epoch 0 (default 1; Infinity for an endless stream). */
  epochs?: number;
}

/** A batch as typed arrays (no tensors yet). */
export interface RawBatch {
  images: Float32Array;
  /** int32: N*H*W label ids (segmentation) or N class ids (classification). */
  labels: Int32Array;
  kind: 'segmentation' | 'classification';
  shape: [number, number, number, number];
  bands: string[];
  ids: string[];
  /** Source indices of the samples. */
  indices: number[];
  epoch: number;
  /** Position of this batch's first sample within the epoch. */
  position: number;
  /** Where to resume after this batch. */
  next: LoaderPosition;
}

export interface Batch extends Omit<RawBatch, 'images' | 'labels'> {
  images: tf.Tensor4D;
  labels: tf.Tensor;
  dispose(): void;
}

export interface LoaderStats {
  batches: number;
  samples: number;
  /** Wall time since the first batch was requested. */
  seconds: number;
  samplesPerSecond: number;
  /** Time the consumer spent waiting for data (low = prefetch kept up). */
  waitSeconds: number;
}

interface Plan {
  epoch: number;
  position: number;
  indices: number[];
  next: LoaderPosition;
}

export class BatchLoader<S extends SegSample | ClsSample> implements AsyncIterable<Batch> {
  private readonly opts: Required<Omit<BatchLoaderOptions<S>, 'transform'>> & { transform?: Transform };
  private readonly orders = new Map<number, number[]>();
  private counters = { batches: 0, samples: 0, waitMs: 0, startedAt: 0 };

  constructor(options: BatchLoaderOptions<S>) {
    if (!(options.batchSize >= 1)) throw new Error(`batchSize must be >= 1, got ${options.batchSize}`);
    if (options.source.size < 1) throw new Error('the sample source is empty');
    this.opts = {
      shuffle: true,
      dropLast: false,
      prefetch: 2,
      concurrency: options.batchSize,
      start: { epoch: 0, position: 0 },
      epochs: 1,
      ...options,
    };
    const { position } = this.opts.start;
    if (!(position >= 0 && position <= options.source.size)) throw new Error(`start position ${position} outside 0..${options.source.size}`);
  }

  /** Batches per epoch. */
  get batchesPerEpoch(): number {
    const n = this.opts.source.size;
    return this.opts.dropLast ? Math.floor(n / this.opts.batchSize) : Math.ceil(n / this.opts.batchSize);
  }

  /** The sample order of an epoch (a seeded permutation, or 0..n-1 without shuffling). */
  epochOrder(epoch: number): number[] {
    let order = this.orders.get(epoch);
    if (!order) {
      const n = this.opts.source.size;
      order = this.opts.shuffle ? new Rng(mixSeed(this.opts.seed, 0x5eed, epoch)).permutation(n) : Array.from({ length: n }, (_, i) => i);
      this.orders.clear(); // keep one epoch cached
      this.orders.set(epoch, order);
    }
    return order;
  }

  stats(): LoaderStats {
    const seconds = this.counters.startedAt ? (performance.now() - this.counters.startedAt) / 1000 : 0;
    return {
      batches: this.counters.batches,
      samples: this.counters.samples,
      seconds,
      samplesPerSecond: seconds > 0 ? this.counters.samples / seconds : 0,
      waitSeconds: this.counters.waitMs / 1000,
    };
  }

  private *plans(): Generator<Plan> {
    const { batchSize, dropLast, epochs } = this.opts;
    const n = this.opts.source.size;
    let { epoch, position } = this.opts.start;
    while (epoch < epochs) {
      if (position >= n || (dropLast && n - position < batchSize)) {
        epoch++;
        position = 0;
        continue;
      }
      const end = Math.min(n, position + batchSize);
      const indices = this.epochOrder(epoch).slice(position, end);
      const next = end >= n || (dropLast && n - end < batchSize) ? { epoch: epoch + 1, position: 0 } : { epoch, position: end };
      yield { epoch, position, indices, next };
      epoch = next.epoch;
      position = next.position;
    }
  }

  private async assemble(plan: Plan): Promise<RawBatch> {
    const { source, transform, seed, concurrency } = this.opts;
    const samples: S[] = new Array(plan.indices.length);
    let cursor = 0;
    const worker = async () => {
      while (cursor < plan.indices.length) {
        const k = cursor++;
        let s = await source.read(plan.indices[k]);
        if (transform) s = transform(s, new Rng(mixSeed(seed, 0x7a5f, plan.epoch, plan.position + k)));
        samples[k] = s;
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, plan.indices.length) }, worker));
    return stackSamples(samples, plan);
  }

  /** Batches as typed arrays, with prefetch. */
  async *rawBatches(): AsyncGenerator<RawBatch> {
    const queue: Array<Promise<RawBatch>> = [];
    const plans = this.plans();
    const prefetch = Math.max(0, this.opts.prefetch);
    const fill = (target: number) => {
      while (queue.length < target) {
        const p = plans.next();
        if (p.done) return;
        const pending = this.assemble(p.value);
        pending.catch(() => undefined); // awaited below; silence if the consumer stops early
        queue.push(pending);
      }
    };
    if (!this.counters.startedAt) this.counters.startedAt = performance.now();
    fill(Math.max(1, prefetch));
    while (queue.length > 0) {
      const waitStart = performance.now();
      const head = queue.shift() as Promise<RawBatch>;
      // Start the following batches before waiting, so they load while this one is awaited and used.
      fill(prefetch);
      const batch = await head;
      this.counters.waitMs += performance.now() - waitStart;
      this.counters.batches++;
      this.counters.samples += batch.ids.length;
      yield batch;
      if (prefetch === 0) fill(1);
    }
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<Batch> {
    for await (const raw of this.rawBatches()) yield toTensors(raw);
  }
}

/** Stacks samples of equal size into one RawBatch. */
export function stackSamples(samples: Array<SegSample | ClsSample>, plan: Plan | Omit<Plan, 'indices'> & { indices: number[] }): RawBatch {
  const first = samples[0];
  const { height: h, width: w, bands } = first.image;
  const c = bands.length;
  const per = h * w * c;
  const images = new Float32Array(samples.length * per);
  const segmentation = 'label' in first && first.label !== undefined;
  const labels = new Int32Array(segmentation ? samples.length * h * w : samples.length);
  samples.forEach((s, k) => {
    if (s.image.height !== h || s.image.width !== w || s.image.bands.length !== c) {
      throw new Error(`cannot stack ${s.id} (${s.image.height}x${s.image.width}x${s.image.bands.length}) with ${first.id} (${h}x${w}x${c}): add a crop/resize transform`);
    }
    images.set(s.image.data, k * per);
    if (segmentation) {
      const label = (s as SegSample).label;
      if (!label || label.height !== h || label.width !== w) throw new Error(`${s.id}: label missing or not ${h}x${w}`);
      labels.set(label.data, k * h * w);
    } else {
      labels[k] = (s as ClsSample).classId;
    }
  });
  return {
    images,
    labels,
    kind: segmentation ? 'segmentation' : 'classification',
    shape: [samples.length, h, w, c],
    bands: [...bands],
    ids: samples.map((s) => s.id),
    indices: plan.indices,
    epoch: plan.epoch,
    position: plan.position,
    next: plan.next,
  };
}

/** Turns a RawBatch into tensors (the caller disposes them, e.g. with batch.dispose()). */
export function toTensors(raw: RawBatch): Batch {
  const [n, h, w] = raw.shape;
  const images = tf.tensor4d(raw.images, raw.shape, 'float32');
  const labels = raw.kind === 'segmentation' ? tf.tensor3d(raw.labels, [n, h, w], 'int32') : tf.tensor1d(raw.labels, 'int32');
  const { images: _i, labels: _l, ...rest } = raw;
  return { ...rest, images, labels, dispose: () => tf.dispose([images, labels]) };
}
