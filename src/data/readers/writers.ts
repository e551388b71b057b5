/**
 * Writing rasters back to files (exported tiles): 8- or 16-bit PNG for up to 4 integer bands (alpha
 * kept as data, never premultiplied), float32 TIFF otherwise.
 */
import sharp from 'sharp';
import { importEsm } from '../../util/esm';
import type { ImageHWC } from '../types';

export type TileEncoding = 'png8' | 'png16' | 'tiff32';

/** The smallest lossless encoding of an image: PNG when it has <= 4 integer bands in 0..65535, else float32 TIFF. */
export function encodingFor(image: ImageHWC): TileEncoding {
  let max = 0;
  let integer = true;
  for (let i = 0; i < image.data.length; i++) {
    const v = image.data[i]!;
    if (!Number.isInteger(v) || v < 0) integer = false;
    if (v > max) max = v;
  }
  if (!integer || image.bands.length > 4 || max > 65535) return 'tiff32';
  return max <= 255 ? 'png8' : 'png16';
}

const SPACE8 = ['b-w', 'b-w', 'srgb', 'srgb'] as const;
const SPACE16 = ['grey16', 'grey16', 'rgb16', 'rgb16'] as const;

/** Encodes an HWC image losslessly (see encodingFor); returns the bytes and the file extension. */
export async function encodeImage(image: ImageHWC): Promise<{ bytes: Uint8Array; ext: '.png' | '.tif' }> {
  const { width, height } = image;
  const channels = image.bands.length;
  const encoding = encodingFor(image);
  if (encoding === 'tiff32') {
    const { writeArrayBuffer } = await importEsm<{ writeArrayBuffer(values: Float32Array, meta: Record<string, unknown>): ArrayBuffer }>('geotiff');
    const buffer = writeArrayBuffer(image.data, { width, height, SamplesPerPixel: [channels], PhotometricInterpretation: 1 });
    return { bytes: new Uint8Array(buffer), ext: '.tif' };
  }
  const raw = encoding === 'png8' ? Uint8Array.from(image.data) : Uint16Array.from(image.data);
  const space = (encoding === 'png8' ? SPACE8 : SPACE16)[channels - 1]!;
  const bytes = await sharp(raw, { raw: { width, height, channels: channels as 1 | 2 | 3 | 4 } })
    .toColourspace(space)
    .png({ compressionLevel: 6 })
    .toBuffer();
  return { bytes: new Uint8Array(bytes), ext: '.png' };
}

/** A uint8 label (class ids) as a grayscale PNG. */
export async function encodeLabelPng(width: number, height: number, data: Uint8Array): Promise<Uint8Array> {
  const bytes = await sharp(data, { raw: { width, height, channels: 1 } }).toColourspace('b-w').png({ compressionLevel: 6 }).toBuffer();
  return new Uint8Array(bytes);
}
