/**
 * PNG and JPEG through sharp (libvips). Keeps what the file holds: alpha stays a band of data
 * (MFNet's thermal is the alpha channel — never premultiplied or dropped), grayscale stays one band,
 * 16-bit PNGs stay 16-bit; CMYK JPEGs are converted to sRGB. Palette PNGs read as colours, or as
 * indices when asked.
 */
import * as fs from 'node:fs';
import sharp from 'sharp';
import { UserError } from '../../util/errors';
import { readPngPalette, coloursToIndices } from './png-palette';
import { checkWindow, type Raster, type RasterFormat, type RasterInfo, type ReadOptions } from './raster';

// Files can change on disk between reads (tests corrupt copies): no libvips operation cache.
sharp.cache(false);

// Derived from the function's type: the namespace type sharp.Metadata is not visible under every module
// resolution (tslab's compiler resolves sharp's ES-module typings, which export no namespace).
type SharpMetadata = Awaited<ReturnType<ReturnType<typeof sharp>['metadata']>>;

type Space = 'b-w' | 'srgb' | 'grey16' | 'rgb16';

function targetSpace(meta: SharpMetadata): Space {
  const gray = meta.space === 'b-w' || meta.space === 'grey16' || (meta.channels ?? 3) <= 2;
  if (meta.depth === 'ushort') return gray ? 'grey16' : 'rgb16';
  return gray && meta.space !== 'cmyk' ? 'b-w' : 'srgb';
}

function bandsFor(meta: SharpMetadata, space: Space): number {
  const gray = space === 'b-w' || space === 'grey16';
  return (gray ? 1 : 3) + (meta.hasAlpha ? 1 : 0);
}

async function metadataOf(file: string, format: RasterFormat): Promise<SharpMetadata> {
  try {
    return await sharp(file, { limitInputPixels: false }).metadata();
  } catch (err) {
    throw new UserError(`cannot read ${format.toUpperCase()} header: ${(err as Error).message.split('\n')[0]}`, file);
  }
}

/** Header facts without decoding pixels. */
export async function sharpInfo(file: string, format: RasterFormat): Promise<RasterInfo> {
  const meta = await metadataOf(file, format);
  if (!meta.width || !meta.height) throw new UserError(`${format.toUpperCase()} header has no size`, file);
  const space = targetSpace(meta);
  return {
    file,
    format,
    width: meta.width,
    height: meta.height,
    bands: bandsFor(meta, space),
    dtype: meta.depth === 'ushort' ? 'uint16' : 'uint8',
    palette: meta.isPalette === true,
    space: meta.space,
  };
}

/** Decodes a PNG or JPEG (whole or a window) into an HWC raster. */
export async function sharpRead(file: string, format: RasterFormat, options: ReadOptions = {}): Promise<Raster> {
  const meta = await metadataOf(file, format);
  const width = meta.width ?? 0;
  const height = meta.height ?? 0;
  const space = targetSpace(meta);
  const sixteen = meta.depth === 'ushort';
  let pipeline = sharp(file, { limitInputPixels: false, failOn: 'warning' });
  if (options.window) {
    checkWindow(options.window, width, height, file);
    const w = options.window;
    pipeline = pipeline.extract({ left: w.x, top: w.y, width: w.width, height: w.height });
  }
  pipeline = pipeline.toColourspace(space);
  let out: { data: Buffer; info: { width: number; height: number; channels: number } };
  try {
    out = await pipeline.raw(sixteen ? { depth: 'ushort' } : {}).toBuffer({ resolveWithObject: true });
  } catch (err) {
    throw new UserError(`cannot decode ${format.toUpperCase()}: ${(err as Error).message.split('\n')[0]}`, file);
  }
  const { info } = out;
  const expectedBands = bandsFor(meta, space);
  if (info.channels !== expectedBands) throw new Error(`${file}: decoder returned ${info.channels} bands, expected ${expectedBands}`);
  if (sixteen) {
    const copy = new Uint8Array(out.data.length);
    copy.set(out.data);
    return { width: info.width, height: info.height, bands: info.channels, dtype: 'uint16', data: new Uint16Array(copy.buffer) };
  }
  const data = new Uint8Array(out.data.buffer, out.data.byteOffset, out.data.length);
  if (options.paletteIndices && meta.isPalette && format === 'png') {
    const palette = readPngPalette(fs.readFileSync(file), file);
    if (palette) {
      return { width: info.width, height: info.height, bands: 1, dtype: 'uint8', data: coloursToIndices(data, info.channels, palette, file) };
    }
  }
  return { width: info.width, height: info.height, bands: info.channels, dtype: 'uint8', data };
}
