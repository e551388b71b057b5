/**
 * Colour-coded labels <-> class ids. Decoding is an exact colour match (iSAID and Potsdam masks
 * match their palettes exactly); an unknown colour is reported, never guessed.
 */
import type { Rgb } from './protocols';

export interface ColourDecodeResult {
  ids: Uint8Array;
  /** Index of the first pixel whose colour is in no palette, -1 when all matched. */
  firstUnknown: number;
  unknownColour?: Rgb;
}

const pack = (r: number, g: number, b: number): number => (r << 16) | (g << 8) | b;

/**
 * Decodes interleaved colour pixels (3 or 4 channels; alpha ignored) to class ids with the palette;
 * colours in `ignoreColours` become `ignoreIndex`. Stops at the first unknown colour.
 */
export function decodeColours(
  pixels: Uint8Array,
  channels: number,
  palette: readonly Rgb[],
  ignoreColours: readonly Rgb[] = [],
  ignoreIndex = 255,
): ColourDecodeResult {
  if (channels < 3) throw new RangeError(`decodeColours needs 3 or 4 channels, got ${channels}`);
  const lookup = new Map<number, number>();
  palette.forEach((c, i) => {
    if (!lookup.has(pack(c[0], c[1], c[2]))) lookup.set(pack(c[0], c[1], c[2]), i);
  });
  for (const c of ignoreColours) lookup.set(pack(c[0], c[1], c[2]), ignoreIndex);
  const n = Math.floor(pixels.length / channels);
  const ids = new Uint8Array(n);
  // Labels come in runs: remember the last colour to skip most map look-ups.
  let lastKey = -1;
  let lastId = 0;
  for (let i = 0, o = 0; i < n; i++, o += channels) {
    const key = pack(pixels[o], pixels[o + 1], pixels[o + 2]);
    if (key !== lastKey) {
      const id = lookup.get(key);
      if (id === undefined) return { ids, firstUnknown: i, unknownColour: [pixels[o], pixels[o + 1], pixels[o + 2]] };
      lastKey = key;
      lastId = id;
    }
    ids[i] = lastId;
  }
  return { ids, firstUnknown: -1 };
}

/** Class ids -> RGB pixels (3 channels); ids outside the palette (ignore) get `otherColour`. */
export function encodeColours(ids: Uint8Array, palette: readonly Rgb[], otherColour: Rgb = [0, 0, 0]): Uint8Array {
  const out = new Uint8Array(ids.length * 3);
  for (let i = 0, o = 0; i < ids.length; i++, o += 3) {
    const c = ids[i] < palette.length ? palette[ids[i]] : otherColour;
    out[o] = c[0];
    out[o + 1] = c[1];
    out[o + 2] = c[2];
  }
  return out;
}
