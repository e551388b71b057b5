import type { ImageHWC } from '../types';
import type { Rng } from '../../util/rng';
import type { Transform, Transformable } from './types';

/**
 * Channel utilities for the pre-training strategies: select bands (by name or index), permute
 * them, duplicate to a target count (CSP gives an RGB image as many channels as the target has).
 */

/** Indices of the requested bands; names must exist in the image. */
export function bandIndices(image: ImageHWC, bands: ReadonlyArray<string | number>): number[] {
  return bands.map((b) => {
    const i = typeof b === 'number' ? b : image.bands.indexOf(b);
    if (!(i >= 0 && i < image.bands.length)) throw new Error(`band ${String(b)} not in [${image.bands.join(', ')}]`);
    return i;
  });
}

/** A new image whose channel j is the source channel picks[j] (any order, repeats allowed). */
export function gatherChannels(image: ImageHWC, picks: number[]): ImageHWC {
  const c = image.bands.length;
  const m = picks.length;
  const n = image.height * image.width;
  const data = new Float32Array(n * m);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < m; j++) data[i * m + j] = image.data[i * c + picks[j]];
  }
  return { height: image.height, width: image.width, bands: picks.map((k) => image.bands[k]), data };
}

/** Keeps the named (or indexed) bands, in the order given. */
export function selectChannels(image: ImageHWC, bands: ReadonlyArray<string | number>): ImageHWC {
  return gatherChannels(image, bandIndices(image, bands));
}

/** Reorders channels: output channel j = input channel perm[j]. */
export function permuteChannels(image: ImageHWC, perm: number[]): ImageHWC {
  if (perm.length !== image.bands.length || new Set(perm).size !== perm.length) throw new Error(`not a permutation of ${image.bands.length} channels: [${perm.join(', ')}]`);
  return gatherChannels(image, perm);
}

/**
 * Extends an image to `n` channels by appending copies of randomly chosen source channels
 * (the originals first). With n smaller than the band count, keeps a random subset in order.
 */
export function duplicateChannels(image: ImageHWC, n: number, rng: Rng): ImageHWC {
  const c = image.bands.length;
  if (n <= c) return gatherChannels(image, rng.permutation(c).slice(0, n).sort((a, b) => a - b));
  const picks = Array.from({ length: c }, (_, i) => i);
  while (picks.length < n) picks.push(rng.int(c));
  return gatherChannels(image, picks);
}

/** Transform: a random channel permutation per sample. */
export function randomChannelShuffle(): Transform {
  return <S extends Transformable>(s: S, rng: Rng): S => ({ ...s, image: permuteChannels(s.image, rng.permutation(s.image.bands.length)) });
}

/** Transform: duplicate to `n` channels (random copies), then permute at random — CSP's input. */
export function duplicateAndShuffle(n: number): Transform {
  return <S extends Transformable>(s: S, rng: Rng): S => {
    const wide = duplicateChannels(s.image, n, rng);
    return { ...s, image: permuteChannels(wide, rng.permutation(n)) };
  };
}

/** Transform: fixed band selection (e.g. ['IR', 'R', 'G', 'DSM']). */
export function selectBands(bands: ReadonlyArray<string | number>): Transform {
  return <S extends Transformable>(s: S): S => ({ ...s, image: selectChannels(s.image, bands) });
}
