/**
 * Where pre-training images come from: SynthGeo's classification set generated in memory (default)
 * or real ImageNet read from disk by src/data/datasets. Both give raw RGB batches in 8-bit units
 * (0..255, as the readers return them) at a fixed side, plus held-out evaluation sets: SynthGeo's
 * validation split and its shape-only set (every appearance cue random), ImageNet's val split.
 */
import { SynthImageNet } from '../data/synthgeo/imagenet';
import { openClassificationDataset } from '../data/datasets/registry';
import type { ClassificationDataset, ClassificationRef } from '../data/datasets/types';
import { generatorSource, refSource, type SampleSource } from '../data/loader';
import { compose, randomFlip, randomResizedCrop, type Transform } from '../data/transforms/index';
import type { ClsSample, ImageHWC } from '../data/types';
import { UserError } from '../util/errors';
import { batchFromImages, batchStats, IMAGENET_STATS, type ChannelStats, type ImageBatch } from './strategies/index';

export interface ClsBatch {
  images: ImageBatch;
  labels: Int32Array;
}

export interface EvalSet {
  name: string;
  count: number;
  /** Samples [start, end) in a fixed order. */
  batch(start: number, end: number): Promise<ClsBatch>;
}

export interface ClsSource {
  readonly numClasses: number;
  readonly imageSize: number;
  /** Training samples by index, for src/data/loader's BatchLoader (shuffling, prefetch, resume). */
  readonly train: SampleSource<ClsSample>;
  /** Per-sample training augmentation (seeded by the loader), if any. */
  readonly trainTransform?: Transform;
  readonly evalSets: EvalSet[];
  /** Statistics of the RGB channels used by the 'source' normalisation. */
  stats(): ChannelStats;
  /** What to record in config.json. */
  readonly record: Record<string, unknown>;
}

export interface SynthClsOptions {
  seed: number;
  size?: number;
  trainCount?: number;
  valCount?: number;
  shapeOnlyCount?: number;
}

/** SynthGeo's ImageNet stand-in: 10 shape classes with planted appearance shortcuts. */
export function synthGeoClsSource(o: SynthClsOptions): ClsSource {
  const gen = new SynthImageNet({ seed: o.seed, size: o.size ?? 32 });
  const trainCount = o.trainCount ?? 6000;
  const valCount = o.valCount ?? 500;
  const shapeCount = o.shapeOnlyCount ?? 500;
  const make = (images: ImageHWC[], labels: number[]): ClsBatch => ({ images: batchFromImages(images), labels: Int32Array.from(labels) });
  const evalSet = (name: string, count: number, variant: 'standard' | 'shape-only'): EvalSet => ({
    name,
    count,
    async batch(start, end) {
      const samples = [];
      for (let i = start; i < end; i++) samples.push(gen.sample('val', i, variant));
      return make(samples.map((s) => s.image), samples.map((s) => s.classId));
    },
  });
  let stats: ChannelStats | undefined;
  return {
    numClasses: gen.numClasses,
    imageSize: gen.size,
    train: generatorSource(trainCount, (i) => gen.sample('train', i)),
    evalSets: [evalSet('val', valCount, 'standard'), evalSet('shapeOnly', shapeCount, 'shape-only')],
    stats() {
      if (!stats) {
        const n = Math.min(256, trainCount);
        stats = batchStats(batchFromImages(Array.from({ length: n }, (_, i) => gen.sample('train', i).image)));
      }
      return stats;
    },
    record: { source: 'synthgeo', seed: o.seed, size: gen.size, trainCount, valCount, shapeOnlyCount: shapeCount, cueProbability: gen.cueProbability, numClasses: gen.numClasses },
  };
}

/** Bilinear resize of the shorter side to `short`, then a crop of side `size` at (top, left) fractions. */
export function resizeAndCrop(im: ImageHWC, short: number, size: number, fy: number, fx: number): ImageHWC {
  const c = im.bands.length;
  const scale = short / Math.min(im.height, im.width);
  const rh = Math.max(size, Math.round(im.height * scale));
  const rw = Math.max(size, Math.round(im.width * scale));
  const top = Math.floor(fy * (rh - size));
  const left = Math.floor(fx * (rw - size));
  const out = new Float32Array(size * size * c);
  for (let y = 0; y < size; y++) {
    const sy = Math.min(im.height - 1, Math.max(0, ((y + top + 0.5) * im.height) / rh - 0.5));
    const y0 = Math.floor(sy);
    const y1 = Math.min(y0 + 1, im.height - 1);
    const wy = sy - y0;
    for (let x = 0; x < size; x++) {
      const sx = Math.min(im.width - 1, Math.max(0, ((x + left + 0.5) * im.width) / rw - 0.5));
      const x0 = Math.floor(sx);
      const x1 = Math.min(x0 + 1, im.width - 1);
      const wx = sx - x0;
      for (let k = 0; k < c; k++) {
        const a = im.data[(y0 * im.width + x0) * c + k];
        const b = im.data[(y0 * im.width + x1) * c + k];
        const d = im.data[(y1 * im.width + x0) * c + k];
        const e = im.data[(y1 * im.width + x1) * c + k];
        out[(y * size + x) * c + k] = (1 - wy) * ((1 - wx) * a + wx * b) + wy * ((1 - wx) * d + wx * e);
      }
    }
  }
  return { height: size, width: size, bands: im.bands, data: out };
}

/** Real ImageNet (src/data/datasets/imagenet): train with random resized crop + horizontal flip, val centre crop. */
export async function imagenetClsSource(root: string, size: number, valCount?: number): Promise<ClsSource> {
  const ds: ClassificationDataset = await openClassificationDataset('imagenet', root);
  const train = ds.list('train');
  if (train.length === 0) throw new UserError('imagenet: no training images found', root);
  const valRefs = ds.splits.includes('val') ? ds.list('val') : [];
  const short = Math.round(size * 1.143);
  const readAll = async (refs: ClassificationRef[], crop: (im: ImageHWC) => ImageHWC): Promise<ClsBatch> => {
    const samples = await Promise.all(refs.map((r) => ds.read(r)));
    return { images: batchFromImages(samples.map((s) => crop(s.image))), labels: Int32Array.from(samples.map((s) => s.classId)) };
  };
  const nVal = Math.min(valRefs.length, valCount ?? valRefs.length);
  return {
    numClasses: ds.classNames.length,
    imageSize: size,
    train: refSource(train, (r) => ds.read(r)),
    trainTransform: compose(randomResizedCrop({ size }), randomFlip({ horizontal: 0.5 })),
    evalSets: nVal > 0 ? [{ name: 'val', count: nVal, batch: (a, b) => readAll(valRefs.slice(a, b), (im) => resizeAndCrop(im, short, size, 0.5, 0.5)) }] : [],
    stats: () => IMAGENET_STATS,
    record: { source: 'imagenet', root, size, trainCount: train.length, valCount: nVal, numClasses: ds.classNames.length, crop: `train: random resized crop to ${size} (area 0.08-1), horizontal flip; val: shorter side ${short}, centre ${size} crop` },
  };
}
