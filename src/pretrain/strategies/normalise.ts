/**
 * Normalisation of the source (RGB) channels before a strategy runs. The project default is
 * 'source': each source channel with its own dataset mean and std, BEFORE channel shuffling (so a
 * duplicated channel carries its source's normalised values wherever it lands). 'shared' uses one
 * mean and std for all channels (the average of the per-channel statistics). The choice is
 * recorded with every run (see PretrainInputRecord).
 */
import type { ImageBatch } from './batch';

export type NormalisationMode = 'source' | 'shared';
export const NORMALISATION_MODES: readonly NormalisationMode[] = ['source', 'shared'];

export interface ChannelStats {
  mean: number[];
  std: number[];
}

/** ImageNet's RGB statistics in 8-bit units (0..255, how the readers return pixels). */
export const IMAGENET_STATS: ChannelStats = { mean: [0.485 * 255, 0.456 * 255, 0.406 * 255], std: [0.229 * 255, 0.224 * 255, 0.225 * 255] };

/** Per-channel mean and (population) std of a batch. */
export function batchStats(b: ImageBatch): ChannelStats {
  const c = b.channels;
  const sum = new Float64Array(c);
  const sq = new Float64Array(c);
  const n = b.data.length / c;
  for (let i = 0; i < b.data.length; i++) {
    const v = b.data[i];
    sum[i % c] += v;
    sq[i % c] += v * v;
  }
  const mean = Array.from(sum, (s) => s / n);
  const std = Array.from(sq, (s, k) => Math.sqrt(Math.max(1e-12, s / n - mean[k] * mean[k])));
  return { mean, std };
}

/** Normalises a batch in place with per-channel ('source') or one shared statistic. */
export function normaliseInPlace(b: ImageBatch, stats: ChannelStats, mode: NormalisationMode = 'source'): ImageBatch {
  const c = b.channels;
  if (stats.mean.length !== c || stats.std.length !== c) {
    throw new Error(`normalisation statistics have ${stats.mean.length} channels, the batch has ${c}`);
  }
  let mean = stats.mean;
  let std = stats.std;
  if (mode === 'shared') {
    const m = stats.mean.reduce((a, v) => a + v, 0) / c;
    // One std for the pooled channels: sqrt(mean of (std² + (mean_k − m)²)).
    const s = Math.sqrt(stats.std.reduce((a, v, k) => a + v * v + (stats.mean[k] - m) ** 2, 0) / c);
    mean = new Array(c).fill(m);
    std = new Array(c).fill(s);
  }
  const inv = std.map((s) => 1 / s);
  for (let i = 0; i < b.data.length; i++) {
    const k = i % c;
    b.data[i] = (b.data[i] - mean[k]) * inv[k];
  }
  return b;
}
