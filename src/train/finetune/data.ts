/**
 * Fine-tuning data: a SynthGeo target generated in memory (default) or a real dataset read by
 * src/data/datasets, as fixed-size crops with the bands of one modality. Training samples are
 * drawn by index (the sampler), evaluation sets are fixed (SynthGeo: val and test splits; real
 * data: tiles covering each image of the val/test split).
 */
import { loadManifest } from '../../data/manifest/load';
import { openSegmentationDataset } from '../../data/datasets/registry';
import type { SampleRef, SegmentationDataset } from '../../data/datasets/types';
import { SynthIsaid } from '../../data/synthgeo/isaid';
import { SynthMfnet } from '../../data/synthgeo/mfnet';
import { SynthPotsdam } from '../../data/synthgeo/potsdam';
import { SynthPst900 } from '../../data/synthgeo/pst900';
import type { SegGenerator } from '../../data/synthgeo/seg-generator';
import { mixSeed } from '../../data/synthgeo/seed';
import { generatorSource, type SampleSource } from '../../data/loader';
import { randomFlip, type Transform } from '../../data/transforms/index';
import type { SegSample } from '../../data/types';
import { getProtocol, type EvalProtocol } from '../../eval/protocols';
import { UserError } from '../../util/errors';
import { Rng } from '../../util/rng';
import { batchStats, emptyBatch, type ChannelStats, type ImageBatch } from '../../pretrain/strategies/index';

export const FINETUNE_DATASETS = ['isaid', 'mfnet', 'pst900', 'potsdam'] as const;
export type FinetuneDataset = (typeof FINETUNE_DATASETS)[number];

/** The paper's input per target (n channels): iSAID RGB, MFNet/PST900 RGB-T, Potsdam RGB+IR+DSM. */
export const PAPER_MODALITY: Record<FinetuneDataset, string> = { isaid: 'RGB', mfnet: 'RGB-T', pst900: 'RGB-T', potsdam: 'RGBIR+DSM' };

export interface SegBatch {
  images: ImageBatch;
  /** size·height·width class ids. */
  labels: Uint8Array;
}

export interface SegEvalSet {
  name: string;
  count: number;
  /** Items [start, end) (whole images or tiles). */
  batch(start: number, end: number): Promise<SegBatch>;
}

export interface SegSource {
  readonly dataset: FinetuneDataset;
  readonly bands: string[];
  readonly modality: string;
  readonly numClasses: number;
  readonly ignoreIndex: number;
  readonly protocol: EvalProtocol;
  readonly cropSize: number;
  /** Training samples (bands of the modality, crop-sized) for src/data/loader's BatchLoader. */
  readonly train: SampleSource<SegSample>;
  /** Per-sample training augmentation, seeded by the loader. */
  readonly trainTransform: Transform;
  readonly evalSets: { val: SegEvalSet; test: SegEvalSet };
  /** Dataset-level per-band statistics (training split). */
  stats(): Promise<ChannelStats>;
  readonly record: Record<string, unknown>;
}

const SYNONYMS: Record<string, string> = { NIR: 'IR', IR: 'IR' };
const canon = (b: string) => SYNONYMS[b.toUpperCase()] ?? b.toUpperCase();

/** The band names of a modality, from the dataset's manifest ('RGB-T' → R,G,B,T), or a '+'-list of bands. */
export function modalityBands(dataset: FinetuneDataset, modality: string, available: readonly string[]): string[] {
  const manifest = loadManifest(dataset);
  const named = manifest.modalities?.find((m) => m.name.toLowerCase() === modality.toLowerCase());
  const wanted = named ? named.bands : modality.split(/[+,]/).map((s) => s.trim()).filter(Boolean);
  const have = new Map(available.map((b) => [canon(b), b]));
  const out = wanted.map((b) => have.get(canon(b)));
  if (named === undefined && out.some((b) => b === undefined)) {
    const names = (manifest.modalities ?? []).map((m) => m.name).join(', ');
    throw new UserError(`${dataset}: unknown modality '${modality}' (modalities: ${names}; or bands joined by '+' from ${available.join(', ')})`);
  }
  if (out.some((b) => b === undefined)) throw new UserError(`${dataset}: modality '${modality}' needs bands ${wanted.join(', ')}; the data has ${available.join(', ')}`);
  return out as string[];
}

/** The sample with only `bands`, in that order. */
function withBands(s: SegSample, bands: readonly string[]): SegSample {
  if (s.image.bands.length === bands.length && s.image.bands.every((b, i) => b === bands[i])) return s;
  return { ...s, image: { ...s.image, bands: [...bands], data: selectBands(s, bands) } };
}

function selectBands(s: SegSample, bands: readonly string[]): Float32Array {
  const idx = bands.map((b) => s.image.bands.indexOf(b));
  const c = s.image.bands.length;
  const n = s.image.height * s.image.width;
  const out = new Float32Array(n * bands.length);
  for (let p = 0; p < n; p++) for (let k = 0; k < idx.length; k++) out[p * idx.length + k] = s.image.data[p * c + idx[k]];
  return out;
}

function stack(samples: SegSample[], bands: readonly string[]): SegBatch {
  const { height, width } = samples[0].image;
  const images = emptyBatch(samples.length, height, width, bands.length);
  const labels = new Uint8Array(samples.length * height * width);
  samples.forEach((s, i) => {
    images.data.set(selectBands(s, bands), i * height * width * bands.length);
    labels.set(s.label.data, i * height * width);
  });
  return { images, labels };
}

const GENERATORS: Record<FinetuneDataset, (seed: number, size: number) => SegGenerator> = {
  isaid: (seed, size) => new SynthIsaid({ seed, size }),
  mfnet: (seed, size) => new SynthMfnet({ seed, size }),
  pst900: (seed, size) => new SynthPst900({ seed, size }),
  potsdam: (seed, size) => new SynthPotsdam({ seed, size }),
};

export interface SynthSegOptions {
  dataset: FinetuneDataset;
  seed: number;
  size: number;
  modality: string;
  trainCount: number;
  valCount: number;
  testCount: number;
}

export function synthGeoSegSource(o: SynthSegOptions): SegSource {
  const gen = GENERATORS[o.dataset](o.seed, o.size);
  const bands = modalityBands(o.dataset, o.modality, gen.bands);
  const protocol = getProtocol(`synthgeo-${o.dataset}`);
  const set = (name: 'val' | 'test', count: number): SegEvalSet => ({
    name,
    count,
    batch: async (a, b) => stack(Array.from({ length: b - a }, (_, k) => gen.sample(name, a + k)), bands),
  });
  let stats: ChannelStats | undefined;
  return {
    dataset: o.dataset,
    bands,
    modality: o.modality,
    numClasses: protocol.classNames.length,
    ignoreIndex: protocol.ignoreIndex,
    protocol,
    cropSize: gen.size,
    train: generatorSource(o.trainCount, (i) => withBands(gen.sample('train', i), bands)),
    trainTransform: randomFlip({ horizontal: 0.5 }),
    evalSets: { val: set('val', o.valCount), test: set('test', o.testCount) },
    async stats() {
      stats ??= batchStats(stack(Array.from({ length: Math.min(o.trainCount, 64) }, (_, i) => gen.sample('train', i)), bands).images);
      return stats;
    },
    record: { source: 'synthgeo', dataset: `synthgeo-${o.dataset}`, seed: o.seed, size: gen.size, modality: o.modality, bands, trainCount: o.trainCount, valCount: o.valCount, testCount: o.testCount, protocol: protocol.id, augmentation: 'horizontal flip p=0.5' },
  };
}

export interface RealSegOptions {
  dataset: FinetuneDataset;
  root: string;
  modality: string;
  cropSize: number;
  /** Evaluate on at most this many images per split (all when undefined). */
  maxEvalImages?: number;
}

/** Crops (with ignore padding) a window of a real sample; windows are read from disk, not whole rasters. */
async function readCrop(ds: SegmentationDataset, ref: SampleRef, modality: string, crop: number, fy: number, fx: number): Promise<SegSample> {
  const { width, height } = await ds.size(ref);
  const w = Math.min(crop, width);
  const h = Math.min(crop, height);
  const x = Math.floor(fx * (width - w + 1));
  const y = Math.floor(fy * (height - h + 1));
  const s = await ds.read(ref, { modality, window: { x: Math.min(x, width - w), y: Math.min(y, height - h), width: w, height: h } });
  if (w === crop && h === crop) return s;
  const c = s.image.bands.length;
  const data = new Float32Array(crop * crop * c);
  const label = new Uint8Array(crop * crop).fill(ds.ignoreIndex);
  for (let yy = 0; yy < h; yy++) {
    data.set(s.image.data.subarray(yy * w * c, (yy + 1) * w * c), yy * crop * c);
    label.set(s.label.data.subarray(yy * w, (yy + 1) * w), yy * crop);
  }
  return { id: s.id, image: { height: crop, width: crop, bands: s.image.bands, data }, label: { height: crop, width: crop, data: label } };
}

const CROPS_PER_IMAGE = 16;

export async function realSegSource(o: RealSegOptions): Promise<SegSource> {
  const ds = await openSegmentationDataset(o.dataset, o.root);
  const train = ds.list('train');
  if (train.length === 0) throw new UserError(`${o.dataset}: no training samples found`, o.root);
  const evalSplit = (names: string[]) => names.find((n) => ds.splits.includes(n));
  const valName = evalSplit(['val', 'validation', 'test']);
  const testName = evalSplit(['test', 'val', 'validation']);
  const probe = await ds.read(train[0], { modality: o.modality, window: { x: 0, y: 0, width: 1, height: 1 } });
  const bands = probe.image.bands;
  const protocol = getProtocol(o.dataset);
  const tiles = async (name: string | undefined): Promise<SegEvalSet> => {
    const refs = name ? ds.list(name).slice(0, o.maxEvalImages ?? Infinity) : [];
    const list: { ref: SampleRef; fy: number; fx: number }[] = [];
    for (const ref of refs) {
      const { width, height } = await ds.size(ref);
      // Tiles covering the image; the last row/column shifted back inside (fractions of the free span).
      const ny = Math.max(1, Math.ceil(height / o.cropSize));
      const nx = Math.max(1, Math.ceil(width / o.cropSize));
      for (let i = 0; i < ny; i++) for (let j = 0; j < nx; j++) list.push({ ref, fy: ny === 1 ? 0 : i / (ny - 1), fx: nx === 1 ? 0 : j / (nx - 1) });
    }
    return {
      name: name ?? 'none',
      count: list.length,
      batch: async (a, b) => stack(await Promise.all(list.slice(a, b).map((t) => readCrop(ds, t.ref, o.modality, o.cropSize, t.fy, t.fx))), bands),
    };
  };
  let stats: ChannelStats | undefined;
  return {
    dataset: o.dataset,
    bands,
    modality: o.modality,
    numClasses: ds.classes.length,
    ignoreIndex: ds.ignoreIndex,
    protocol,
    cropSize: o.cropSize,
    // CROPS_PER_IMAGE virtual samples per image, each a seeded random window (so every epoch sees
    // many different crops while the loader keeps its plain index-based resume).
    train: {
      size: train.length * CROPS_PER_IMAGE,
      read: (v: number) => {
        const rng = new Rng(mixSeed(0xc409, v));
        return readCrop(ds, train[v % train.length], o.modality, o.cropSize, rng.next(), rng.next());
      },
    },
    trainTransform: randomFlip({ horizontal: 0.5 }),
    evalSets: { val: await tiles(valName), test: await tiles(testName) },
    async stats() {
      if (!stats) {
        const n = Math.min(train.length, 16);
        stats = batchStats(stack(await Promise.all(train.slice(0, n).map((r) => readCrop(ds, r, o.modality, o.cropSize, 0.5, 0.5))), bands).images);
      }
      return stats;
    },
    record: { source: 'files', dataset: o.dataset, root: o.root, modality: o.modality, bands, cropSize: o.cropSize, trainImages: train.length, cropsPerImage: CROPS_PER_IMAGE, valSplit: valName, testSplit: testName, protocol: protocol.id, augmentation: 'random crop (seeded per virtual sample), horizontal flip p=0.5', evaluation: 'non-overlapping tiles of the crop size, last ones shifted back inside' },
  };
}
