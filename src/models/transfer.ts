/**
 * Transfer of a pre-trained encoder into another model (normally a classification checkpoint into a
 * segmenter): every 'encoder.*' tensor is copied by name — batch-norm running statistics included —
 * and nothing else. Any encoder tensor missing on either side or any shape difference is an error
 * (listing all of them), except the stem weight when only its input-channel count differs and a stem
 * adaptation is asked for. Everything is checked before anything is written: a failed transfer
 * leaves the target unchanged.
 */
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { UserError } from '../util/errors';
import { WEIGHTS_JSON, describeDiff, sameShape, type WeightDiff } from './checkpoint';
import { adaptStemWeight } from './stem-adapt';
import type { CheckpointData, Model, StemAdaptation, StoredTensor, TransferReport } from './types';

export const ENCODER_PREFIX = 'encoder.';

export interface TransferOptions {
  /** Stem adaptation when the input-channel counts differ (default 'none': refuse). */
  stem?: StemAdaptation;
}

export function transferEncoder(source: CheckpointData, target: Model, opts: TransferOptions = {}): TransferReport {
  const method = opts.stem ?? 'none';
  const where = source.dir === '(in memory)' ? undefined : path.join(source.dir, WEIGHTS_JSON);
  const weights = target.namedWeights();
  const targetNames = [...weights.keys()].filter((n) => n.startsWith(ENCODER_PREFIX));
  const sourceNames = [...source.model.keys()];
  const diff: WeightDiff = {
    missing: targetNames.filter((n) => !source.model.has(n)),
    unexpected: sourceNames.filter((n) => n.startsWith(ENCODER_PREFIX) && !weights.has(n)),
    mismatched: [],
  };
  const report: TransferReport = { copied: [], missing: [], unexpected: sourceNames.filter((n) => !n.startsWith(ENCODER_PREFIX)), adapted: [] };
  const writes: { name: string; stored: StoredTensor }[] = [];
  for (const name of targetNames) {
    const s = source.model.get(name);
    if (!s) continue;
    const shape = (weights.get(name) as tf.Variable).shape as number[];
    if (sameShape(s.shape, shape)) {
      writes.push({ name, stored: s });
      report.copied.push(name);
    } else if (name === target.encoder.stemWeightName && method !== 'none' && s.shape.length === 4 && sameShape([s.shape[0], s.shape[1], s.shape[3]], [shape[0], shape[1], shape[3]])) {
      const a = adaptStemWeight(s.data as Float32Array, s.shape, shape[2], method);
      writes.push({ name, stored: { shape: a.shape, dtype: 'float32', data: a.data } });
      report.adapted.push({ name, method, fromShape: [...s.shape], toShape: a.shape, scale: a.scale });
    } else {
      diff.mismatched.push({ name, saved: [...s.shape], model: [...shape] });
    }
  }
  if (diff.missing.length + diff.unexpected.length + diff.mismatched.length > 0) {
    const onlyStemChannels =
      method === 'none' &&
      diff.missing.length + diff.unexpected.length === 0 &&
      diff.mismatched.length === 1 &&
      diff.mismatched[0].name === target.encoder.stemWeightName &&
      diff.mismatched[0].saved.every((d, i) => i === 2 || d === diff.mismatched[0].model[i]);
    const hint = onlyStemChannels ? ' (input channels differ: choose a stem adaptation, mean or repeat)' : '';
    throw new UserError(`encoder transfer impossible: ${describeDiff(diff)}${hint}`, where);
  }
  for (const { stored } of writes) {
    if (stored.dtype !== 'float32') throw new UserError('encoder tensors must be float32', where);
  }
  tf.tidy(() => {
    for (const { name, stored } of writes) (weights.get(name) as tf.Variable).assign(tf.tensor(stored.data, stored.shape, 'float32'));
  });
  return report;
}
