import { Rng } from '../../util/rng';

/**
 * Per-sample random streams. Every SynthGeo sample is drawn from its own generator derived from
 * (seed, stream, index), so any sample can be produced on its own, in any order, and a loader that
 * resumes at sample i regenerates exactly the same pixels.
 */
export function mixSeed(...parts: number[]): number {
  let h = 0x811c9dc5;
  for (const part of parts) {
    let x = part >>> 0;
    // A 32-bit avalanche per part (murmur3 finaliser), folded into the running hash.
    x = Math.imul(x ^ (x >>> 16), 0x85ebca6b) >>> 0;
    x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35) >>> 0;
    x = (x ^ (x >>> 16)) >>> 0;
    h = Math.imul(h ^ x, 0x01000193) >>> 0;
    h = (h ^ (h >>> 15)) >>> 0;
    // Seeds above 2^32 would otherwise alias: fold the high part in as well.
    if (part > 0xffffffff) h = Math.imul(h ^ Math.floor(part / 4294967296), 0x9e3779b1) >>> 0;
  }
  return h >>> 0;
}

/** Stream codes, so that train/val/test and variants of one seed never share samples. */
export const STREAM = { train: 1, val: 2, test: 3, shapeOnly: 4, tile: 5 } as const;
export type Split = 'train' | 'val' | 'test';

export function sampleRng(seed: number, stream: number, index: number, salt = 0): Rng {
  return new Rng(mixSeed(seed, stream, index, salt));
}
