/**
 * CSP, the paper's generalised strategy (Channel Shuffling Pre-training): each RGB image is given
 * N channels by duplicating channels, then the channel order is randomly permuted, anew for every
 * sample. Choices the paper leaves open, made here and recorded with every run:
 * - which channels are duplicated: for N ≥ 3 every source channel appears at least once and the
 *   N − 3 extra channels are drawn uniformly, with replacement, from the 3 source channels; for
 *   N < 3, N distinct source channels are drawn;
 * - the permutation is drawn per sample (not per batch);
 * - normalisation happens before (per source channel by default; see normalise.ts).
 */
import type { Rng } from '../../util/rng';
import { emptyBatch, type ImageBatch } from './batch';
import type { InputStrategy } from './types';

/**
 * The source channel of each of the N output channels for one sample: duplicate, then permute.
 * Draws (in order): N − 3 duplicate picks (or the N distinct picks when N < 3), then one
 * Fisher–Yates permutation of N.
 */
export function drawChannelMap(rng: Rng, outChannels: number, sourceChannels = 3): number[] {
  let sources: number[];
  if (outChannels >= sourceChannels) {
    sources = Array.from({ length: sourceChannels }, (_, i) => i);
    for (let i = sourceChannels; i < outChannels; i++) sources.push(rng.int(sourceChannels));
  } else {
    sources = rng.permutation(sourceChannels).slice(0, outChannels);
  }
  const order = rng.permutation(outChannels);
  return order.map((j) => sources[j]);
}

/** Copies channel map[j] of each pixel into output channel j, for one sample. */
export function gatherChannels(src: Float32Array, dst: Float32Array, pixels: number, srcChannels: number, map: readonly number[]): void {
  const n = map.length;
  for (let p = 0; p < pixels; p++) {
    const si = p * srcChannels;
    const di = p * n;
    for (let j = 0; j < n; j++) dst[di + j] = src[si + map[j]];
  }
}

/** Applies CSP to a batch and also returns the channel map drawn for each sample. */
export function applyCsp(batch: ImageBatch, outChannels: number, rng: Rng): { batch: ImageBatch; maps: number[][] } {
  const out = emptyBatch(batch.size, batch.height, batch.width, outChannels);
  const pixels = batch.height * batch.width;
  const maps: number[][] = [];
  for (let i = 0; i < batch.size; i++) {
    const map = drawChannelMap(rng, outChannels, batch.channels);
    maps.push(map);
    const src = batch.data.subarray(i * pixels * batch.channels, (i + 1) * pixels * batch.channels);
    const dst = out.data.subarray(i * pixels * outChannels, (i + 1) * pixels * outChannels);
    gatherChannels(src, dst, pixels, batch.channels, map);
  }
  return { batch: out, maps };
}

export function cspStrategy(channels: number): InputStrategy {
  if (!Number.isInteger(channels) || channels < 1 || channels > 64) throw new Error(`CSP needs 1..64 channels, got ${channels}`);
  return {
    name: 'generalised',
    label: 'CSP',
    outChannels: channels,
    apply(batch, rng) {
      return applyCsp(batch, channels, rng).batch;
    },
  };
}
