/**
 * Initialisation of a fine-tuning segmenter: random ('none') or the encoder of a pre-training
 * checkpoint. When the checkpoint's stem has as many input channels as the target, the encoder is
 * copied unchanged (the CSP case: one checkpoint per n). Otherwise the stem is adapted and the
 * adaptation recorded:
 * - 'mean' (default; the project's IM-RGB choice: extra filters = mean of the RGB filters, all
 *   rescaled by 3/n) or 'repeat' (timm style), by src/models/stem-adapt.ts;
 * - 'slice' for an X2 checkpoint with more channels than the target: X2 trained every slot to
 *   also see zeros, so the first n slots' filters are taken unchanged.
 */
import * as path from 'node:path';
import type { PretrainRecord } from '../../pretrain/run';
import type { PretrainInputRecord } from '../../pretrain/input';
import { readCheckpoint } from '../../models/checkpoint';
import { transferEncoder } from '../../models/transfer';
import type { CheckpointData, SegmentationModel, StemAdaptation, TransferReport } from '../../models/types';
import { UserError } from '../../util/errors';
import { resolveCheckpoint } from '../run-folder';
import type { TrainingState } from '../checkpoint';

export type AdaptationMethod = 'none' | 'mean' | 'repeat' | 'slice';

export interface InitRecord {
  /** 'none' (random) or the checkpoint folder. */
  from: string;
  /** 'random', 'IM-RGB', 'CSP', 'CSP+X1', … */
  label: string;
  strategy?: string;
  extensions?: string[];
  pretrainChannels?: number;
  pretrainSteps?: number;
  pretrainCodeVersion?: unknown;
  adaptation: { method: AdaptationMethod; fromChannels: number; toChannels: number; scale: number };
  transfer?: { copied: number; unexpected: string[]; adapted: TransferReport['adapted'] };
  /** How inputs are normalised: dataset statistics, or per image (X2 checkpoints). */
  inputNormalisation: 'dataset' | 'per-image';
}

/** What the checkpoint says about its pre-training (input record, encoder), read without loading a model. */
export function describePretrainCheckpoint(dir: string): { ck: CheckpointData; input: PretrainInputRecord; record: PretrainRecord; step: number } {
  const ckDir = resolveCheckpoint(dir);
  const ck = readCheckpoint(ckDir);
  const state = ck.state as Partial<TrainingState<PretrainRecord>> | null;
  const record = state?.config;
  if (!record || record.kind !== 'pretrain' || !record.input) {
    throw new UserError('not a pre-training checkpoint of geopretrain (state.json has no pre-training config)', path.join(ckDir, 'state.json'));
  }
  if (ck.config.kind !== 'classifier') throw new UserError(`expected a classifier checkpoint, found a ${ck.config.kind}`, path.join(ckDir, 'weights.json'));
  return { ck, input: record.input, record, step: state?.step ?? 0 };
}

function sliceStem(ck: CheckpointData, stemName: string, n: number): CheckpointData {
  const s = ck.model.get(stemName);
  if (!s) throw new UserError(`checkpoint has no stem weight ${stemName}`, ck.dir);
  const [kh, kw, cin, out] = s.shape;
  const data = new Float32Array(kh * kw * n * out);
  for (let p = 0; p < kh * kw; p++) for (let c = 0; c < n; c++) for (let o = 0; o < out; o++) data[(p * n + c) * out + o] = (s.data as Float32Array)[(p * cin + c) * out + o];
  const model = new Map(ck.model);
  model.set(stemName, { shape: [kh, kw, n, out], dtype: 'float32', data });
  return { ...ck, model };
}

/** Loads the encoder of `from` into `seg` (or leaves the random init for 'none'); returns the record. */
export function initialiseSegmenter(seg: SegmentationModel, from: string, stem: Exclude<StemAdaptation, 'none'>): InitRecord {
  const n = seg.config.inChannels;
  if (from === 'none') {
    return { from: 'none', label: 'random', adaptation: { method: 'none', fromChannels: n, toChannels: n, scale: 1 }, inputNormalisation: 'dataset' };
  }
  const { ck, input, record, step } = describePretrainCheckpoint(from);
  if (ck.config.encoder !== seg.config.encoder || ck.config.size !== seg.config.size) {
    throw new UserError(`the checkpoint is a ${ck.config.encoder}-${ck.config.size} encoder; the segmenter is ${seg.config.encoder}-${seg.config.size} (use --model ${ck.config.encoder}-${ck.config.size})`, ck.dir);
  }
  const N = ck.config.inChannels;
  let source = ck;
  let method: AdaptationMethod = 'none';
  if (N !== n) {
    if (input.extensions.includes('X2') && N > n) {
      source = sliceStem(ck, seg.encoder.stemWeightName, n);
      method = 'slice';
    } else {
      method = stem;
    }
  }
  const report = transferEncoder(source, seg, { stem: method === 'mean' || method === 'repeat' ? method : 'none' });
  const scale = report.adapted[0]?.scale ?? 1;
  return {
    from: ck.dir,
    label: input.label,
    strategy: input.strategy,
    extensions: input.extensions,
    pretrainChannels: N,
    pretrainSteps: step,
    pretrainCodeVersion: (record.provenance as { codeVersion?: unknown } | undefined)?.codeVersion ?? null,
    adaptation: { method, fromChannels: N, toChannels: n, scale },
    transfer: { copied: report.copied.length, unexpected: report.unexpected, adapted: report.adapted },
    inputNormalisation: input.inputNormalisation,
  };
}
