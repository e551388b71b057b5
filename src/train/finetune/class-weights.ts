/**
 * Median-frequency class weights (w_c = median_f / f_c over the classes present in the training
 * labels; 0 for absent classes), the usual remedy when a background class dominates the pixels and
 * a short fine-tuning budget would otherwise settle on predicting background everywhere.
 */
import type { SampleSource } from '../../data/loader-source';
import type { SegSample } from '../../data/types';

export type ClassWeighting = 'none' | 'median-frequency';

export const CLASS_WEIGHTINGS: readonly ClassWeighting[] = ['none', 'median-frequency'];

/** Pixel frequency per class over the first `maxSamples` training samples (ignore id skipped). */
export async function classFrequencies(train: SampleSource<SegSample>, numClasses: number, ignoreIndex: number, maxSamples = 64): Promise<number[]> {
  const counts = new Float64Array(numClasses);
  const n = Math.min(train.size, maxSamples);
  for (let i = 0; i < n; i++) {
    const { label } = await train.read(i);
    for (const v of label.data) if (v !== ignoreIndex && v < numClasses) counts[v] += 1;
  }
  const total = counts.reduce((a, b) => a + b, 0);
  return Array.from(counts, (c) => (total > 0 ? c / total : 0));
}

export function medianFrequencyWeights(frequencies: readonly number[]): number[] {
  const present = frequencies.filter((f) => f > 0).sort((a, b) => a - b);
  if (present.length === 0) return frequencies.map(() => 1);
  const mid = present.length >> 1;
  const median = present.length % 2 ? present[mid] : (present[mid - 1] + present[mid]) / 2;
  return frequencies.map((f) => (f > 0 ? median / f : 0));
}
