/**
 * A finished fine-tuning run, opened again for evaluation: its segmenter with the trained weights,
 * the data source it was trained on (SynthGeo regenerated from the recorded seed, or the real root),
 * and the input preparation it used (the recorded normalisation). Used by `geopretrain evaluate`
 * and by the notebooks to show predictions.
 */
import * as fs from 'node:fs';
import { initBackend } from '../backend/select';
import { buildSegmenter } from '../models/index';
import { loadCheckpoint } from '../models/checkpoint';
import type { SegmentationModel } from '../models/types';
import { perImageNormaliseInPlace } from '../pretrain/extensions/x2-modality-agnostic';
import { cloneBatch, normaliseInPlace, type ImageBatch } from '../pretrain/strategies/index';
import { realSegSource, synthGeoSegSource, type SegSource } from '../train/finetune/data';
import type { FinetuneRecord } from '../train/finetune/run';
import { resolveCheckpoint, runPaths } from '../train/run-folder';
import { UserError } from '../util/errors';

export interface FinetunedRun {
  dir: string;
  record: FinetuneRecord;
  model: SegmentationModel;
  source: SegSource;
  /** Normalises a raw batch exactly as training did (returns a copy). */
  prepare(images: ImageBatch): ImageBatch;
  dispose(): void;
}

export async function openFinetunedRun(dir: string, opts: { root?: string } = {}): Promise<FinetunedRun> {
  await initBackend();
  const paths = runPaths(dir);
  if (!fs.existsSync(paths.config)) throw new UserError('not a fine-tuning run folder (config.json missing)', dir);
  const record = JSON.parse(fs.readFileSync(paths.config, 'utf8')) as FinetuneRecord;
  if (record.kind !== 'finetune') throw new UserError(`not a fine-tuning run (config.json kind is '${String((record as { kind?: unknown }).kind)}')`, paths.config);
  const o = record.options;
  let source: SegSource;
  if (opts.root) {
    const cropSize = o.data.kind === 'files' ? o.data.cropSize : 256;
    source = await realSegSource({ dataset: o.dataset, modality: o.modality, root: opts.root, cropSize });
  } else if (o.data.kind === 'synthgeo') {
    source = synthGeoSegSource({ dataset: o.dataset, modality: o.modality, ...o.data });
  } else {
    source = await realSegSource({ dataset: o.dataset, modality: o.modality, root: o.data.root, cropSize: o.data.cropSize, maxEvalImages: o.data.maxEvalImages });
  }
  if (source.bands.length !== record.model.inChannels) {
    throw new UserError(`the data has ${source.bands.length} bands (${source.bands.join(',')}) but the model takes ${record.model.inChannels}`, dir);
  }
  const model = buildSegmenter({ encoder: record.model.encoder, size: record.model.size, decoder: record.model.decoder, inChannels: record.model.inChannels, numClasses: record.model.numClasses, seed: record.model.seed });
  try {
    loadCheckpoint(resolveCheckpoint(dir), model);
  } catch (err) {
    model.dispose();
    throw err;
  }
  const stats = record.normalisation.mode === 'dataset' ? record.normalisation.stats : undefined;
  const prepare = (images: ImageBatch): ImageBatch => (stats ? normaliseInPlace(cloneBatch(images), stats, 'source') : perImageNormaliseInPlace(cloneBatch(images)));
  return { dir, record, model, source, prepare, dispose: () => model.dispose() };
}

/** Throws a UserError unless `order` is a permutation of 0..channels-1. */
export function checkPermutation(order: readonly number[], channels: number): void {
  if (order.length !== channels || [...order].sort((a, b) => a - b).some((v, i) => v !== i)) {
    throw new UserError(`--permute ${order.join(',')} is not a permutation of the ${channels} input channels 0..${channels - 1}`);
  }
}

/** A copy of the batch whose channel c is the input's channel order[c]. */
export function permuteChannels(images: ImageBatch, order: readonly number[]): ImageBatch {
  const c = images.channels;
  checkPermutation(order, c);
  const out = new Float32Array(images.data.length);
  for (let p = 0; p < images.data.length; p += c) for (let k = 0; k < c; k++) out[p + k] = images.data[p + order[k]];
  return { ...images, data: out };
}
