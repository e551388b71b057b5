/**
 * Palette (colour type 3) PNGs hold indices, but sharp hands back their colours. This reads the
 * PLTE chunk (chunk parsing only, no pixel decoding) so colours can be mapped back to indices.
 */
import { UserError } from '../../util/errors';

/** The PLTE entries of a PNG as RGB triples, or undefined when the file has no palette. */
export function readPngPalette(bytes: Uint8Array, file: string): Uint8Array | undefined {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let pos = 8;
  while (pos + 8 <= bytes.length) {
    const length = view.getUint32(pos);
    const type = String.fromCharCode(bytes[pos + 4]!, bytes[pos + 5]!, bytes[pos + 6]!, bytes[pos + 7]!);
    if (pos + 12 + length > bytes.length) throw new UserError(`truncated PNG chunk ${type}`, file);
    if (type === 'PLTE') return bytes.slice(pos + 8, pos + 8 + length);
    if (type === 'IDAT' || type === 'IEND') return undefined;
    pos += 12 + length;
  }
  return undefined;
}

/**
 * Maps decoded colours (HWC; 1-2 bands read as gray) back to palette indices. Where the palette repeats a
 * colour the lowest index wins (PIL pads palettes with black); a colour not in the palette is an error.
 */
export function coloursToIndices(colours: Uint8Array, bands: number, palette: Uint8Array, file: string): Uint8Array {
  const lookup = new Map<number, number>();
  for (let i = palette.length / 3 - 1; i >= 0; i--) {
    lookup.set((palette[i * 3]! << 16) | (palette[i * 3 + 1]! << 8) | palette[i * 3 + 2]!, i);
  }
  const n = colours.length / bands;
  const out = new Uint8Array(n);
  for (let p = 0, s = 0; p < n; p++, s += bands) {
    const [r, g, b] = bands >= 3 ? [colours[s]!, colours[s + 1]!, colours[s + 2]!] : [colours[s]!, colours[s]!, colours[s]!];
    const key = (r << 16) | (g << 8) | b;
    const index = lookup.get(key);
    if (index === undefined) throw new UserError(`palette PNG pixel ${p} has colour (${r},${g},${b}) not in its palette`, file);
    out[p] = index;
  }
  return out;
}
