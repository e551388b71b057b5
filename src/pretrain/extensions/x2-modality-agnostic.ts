/**
 * X2 modality-agnostic input:
 * - per-image, per-channel normalisation (mean 0, std 1 within each image and channel) instead of
 *   fixed dataset statistics — at pre-training and, for checkpoints made with X2, at fine-tuning;
 * - a random number of channels during pre-training: per sample k ~ U{minChannels..N} channels keep
 *   their values and the other N − k (at random positions) are set to 0, so one N-channel
 *   checkpoint serves every target with n ≤ N bands (fine-tuning takes the stem filters of the
 *   first n slots: the other slots were trained to see zeros).
 */
import type { Rng } from '../../util/rng';
import { cloneBatch, type ImageBatch } from '../strategies/batch';
import type { Extension } from './types';

/** Normalises each channel of each sample to mean 0 and std 1, in place (constant channels → 0). */
export function perImageNormaliseInPlace(batch: ImageBatch): ImageBatch {
  const c = batch.channels;
  const per = batch.height * batch.width * c;
  const pixels = batch.height * batch.width;
  for (let i = 0; i < batch.size; i++) {
    const s = batch.data.subarray(i * per, (i + 1) * per);
    for (let k = 0; k < c; k++) {
      let sum = 0;
      for (let p = k; p < per; p += c) sum += s[p];
      const mean = sum / pixels;
      let sq = 0;
      for (let p = k; p < per; p += c) sq += (s[p] - mean) ** 2;
      const std = Math.sqrt(sq / pixels);
      const inv = std > 1e-6 ? 1 / std : 0;
      for (let p = k; p < per; p += c) s[p] = (s[p] - mean) * inv;
    }
  }
  return batch;
}

/** Zeroes a random set of N − k channels per sample, k ~ U{min..N}; returns the kept mask per sample. */
export function randomChannelCountInPlace(batch: ImageBatch, rng: Rng, minChannels = 1): boolean[][] {
  const c = batch.channels;
  const per = batch.height * batch.width * c;
  const lo = Math.min(Math.max(1, minChannels), c);
  const masks: boolean[][] = [];
  for (let i = 0; i < batch.size; i++) {
    const k = lo + rng.int(c - lo + 1);
    const keep = new Array<boolean>(c).fill(false);
    for (const j of rng.permutation(c).slice(0, k)) keep[j] = true;
    masks.push(keep);
    const s = batch.data.subarray(i * per, (i + 1) * per);
    for (let j = 0; j < c; j++) if (!keep[j]) for (let p = j; p < per; p += c) s[p] = 0;
  }
  return masks;
}

export const x2ModalityAgnostic: Extension = {
  id: 'X2',
  name: 'modality-agnostic input',
  summary: 'per-image per-channel normalisation; a random channel count (others zeroed) during pre-training',
  stages: ['pretrain', 'finetune'],
  perImageNormalisation: true,
  afterStrategy(batch, rng) {
    const out = perImageNormaliseInPlace(cloneBatch(batch));
    randomChannelCountInPlace(out, rng);
    return out;
  },
};
