/**
 * Reads label images (class-id or colour-coded PNG/TIFF) into class-id maps for scoring, with sharp.
 * Encoding by the file's channel count unless forced: 1-2 channels (grey, grey+alpha) = class ids
 * (channel 0); 3-4 channels (RGB, RGBA) = colours decoded with the protocol's palette; --encoding ids
 * on an RGB file reads its first channel. 16-bit grey files are read at 16 bits
 * (ids must still be < 256). Palette ("P-mode") PNGs are expanded to colours by libvips, so they are
 * decoded by colour too: write single-channel id PNGs when the palette is not the dataset's.
 */
import sharp from 'sharp';
import type { LabelMap } from '../data/types';
import { UserError, errorMessage } from '../util/errors';
import { decodeColours } from './palette';
import type { EvalProtocol } from './protocols';

export type LabelEncoding = 'auto' | 'ids' | 'colour';

export interface ReadLabel extends LabelMap {
  /** How the file was decoded. */
  encoding: 'ids' | 'colour';
  channels: number;
}

export async function readLabelImage(file: string, protocol: EvalProtocol, encoding: LabelEncoding = 'auto'): Promise<ReadLabel> {
  let raw: { data: Buffer; info: { width: number; height: number; channels: number } };
  let channels: number;
  let mode: 'ids' | 'colour';
  let sixteenBit = false;
  try {
    // The file's own channel count decides (sharp's raw output of a grey PNG would be sRGB, 3 channels).
    const meta = await sharp(file, { limitInputPixels: false }).metadata();
    channels = meta.channels ?? 3;
    mode = encoding === 'auto' ? (channels <= 2 ? 'ids' : 'colour') : encoding;
    const img = sharp(file, { limitInputPixels: false });
    if (mode === 'ids') {
      sixteenBit = meta.depth === 'ushort';
      raw = await (sixteenBit ? img.extractChannel(0).toColourspace('grey16').raw({ depth: 'ushort' }) : img.extractChannel(0).raw()).toBuffer({ resolveWithObject: true });
    } else {
      raw = await img.raw().toBuffer({ resolveWithObject: true });
    }
  } catch (err) {
    throw new UserError(`cannot decode label image: ${errorMessage(err).split('\n')[0]}`, file);
  }
  const { width, height } = raw.info;
  const n = width * height;
  if (mode === 'ids') {
    const data = new Uint8Array(n);
    if (sixteenBit) {
      const v16 = new Uint16Array(raw.data.buffer, raw.data.byteOffset, n);
      for (let i = 0; i < n; i++) {
        const v = v16[i];
        if (v > 255) throw new UserError(`16-bit label value ${v} at pixel (${i % width}, ${Math.floor(i / width)}) is not a class id (< 256)`, file);
        data[i] = v;
      }
    } else {
      data.set(raw.data.subarray(0, n));
    }
    return { width, height, data, encoding: 'ids', channels };
  }
  channels = raw.info.channels;
  if (channels < 3) throw new UserError(`has ${channels} channel(s); colour-coded labels need 3 or 4`, file);
  const pixels = new Uint8Array(raw.data.buffer, raw.data.byteOffset, raw.data.length);
  const decoded = decodeColours(pixels, channels, protocol.palette, protocol.ignoreColours, protocol.ignoreIndex);
  if (decoded.firstUnknown >= 0) {
    const i = decoded.firstUnknown;
    const c = decoded.unknownColour ?? [0, 0, 0];
    throw new UserError(
      `colour (${c.join(',')}) at pixel (${i % width}, ${Math.floor(i / width)}) is not in the ${protocol.dataset} palette ` +
        `(${channels} channels read as colour labels; use --encoding ids for class-id images)`,
      file,
    );
  }
  return { width, height, data: decoded.ids, encoding: 'colour', channels };
}
