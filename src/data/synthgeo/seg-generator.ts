import type { SegSample } from '../types';
import type { TargetClass } from './classes';
import type { Split } from './seed';

/** What every SynthGeo segmentation target offers in memory. */
export interface SegGenerator {
  readonly dataset: 'isaid' | 'mfnet' | 'pst900' | 'potsdam';
  readonly seed: number;
  /** Image side in pixels. */
  readonly size: number;
  readonly bands: readonly string[];
  readonly classes: readonly TargetClass[];
  /** Sample `index` of `split`, deterministic by (seed, split, index). */
  sample(split: Split, index: number): SegSample;
}

export interface SegGeneratorOptions {
  seed: number;
  /** Image side in pixels (default 48). */
  size?: number;
}

/** Validates an image side. */
export function checkSize(dataset: string, size: number, min = 16): number {
  if (!Number.isInteger(size) || size < min) throw new Error(`${dataset}: size must be an integer >= ${min}, got ${size}`);
  return size;
}

/** Number of objects for an image of `size` pixels when a 48x48 image holds about `per48`. */
export function scaledCount(per48: number, size: number): number {
  return per48 * (size * size) / (48 * 48);
}

/** Samples 0..count-1 of a split, in memory (e.g. the 300 training images of a target). */
export function generateSplit<S>(gen: { sample(split: Split, index: number): S }, split: Split, count: number): S[] {
  return Array.from({ length: count }, (_, i) => gen.sample(split, i));
}
