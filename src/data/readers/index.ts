/**
 * One entry point for every raster file: the format comes from the file's first bytes, then PNG and
 * JPEG go to sharp, TIFF to geotiff (windowed), BMP to the small BMP decoder.
 *
 *   const info = await readRasterInfo(file);                 // header only
 *   const r = await readRaster(file, { window });             // pixels, HWC
 *   const src = await openRaster(file); ... src.read(w) ... await src.close();   // many windows
 */
import * as fs from 'node:fs';
import { UserError } from '../../util/errors';
import { bmpInfo, decodeBmp } from './bmp';
import { checkWindow, cropRaster, type Raster, type RasterFormat, type RasterInfo, type ReadOptions, type Window } from './raster';
import { sharpInfo, sharpRead } from './sharp-reader';
import { sniffFormat } from './sniff';
import { TiffSource } from './tiff-reader';

export * from './raster';
export { sniffFormat, formatFromBytes } from './sniff';

/** An opened raster: header known; windows read on demand. */
export interface RasterSource {
  readonly file: string;
  readonly info: RasterInfo;
  read(options?: ReadOptions): Promise<Raster>;
  close(): Promise<void>;
}

function readBytes(file: string, length?: number): Uint8Array {
  try {
    if (length === undefined) return new Uint8Array(fs.readFileSync(file));
    const fd = fs.openSync(file, 'r');
    try {
      const buf = new Uint8Array(length);
      const n = fs.readSync(fd, buf, 0, length, 0);
      return buf.subarray(0, n);
    } finally {
      fs.closeSync(fd);
    }
  } catch (err) {
    throw new UserError(`cannot read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`, file);
  }
}

/** Header facts (size, bands, sample type) without decoding pixels. */
export async function readRasterInfo(file: string): Promise<RasterInfo> {
  const format = sniffFormat(file);
  if (format === 'tiff') {
    const src = await TiffSource.open(file);
    await src.close();
    return src.info;
  }
  if (format === 'bmp') return bmpInfo(readBytes(file, 14 + 124 + 1024), file);
  return sharpInfo(file, format);
}

/** Decodes a file (or a window of it) into an HWC raster in its own sample type. */
export async function readRaster(file: string, options: ReadOptions = {}): Promise<Raster> {
  const src = await openRaster(file);
  try {
    return await src.read(options);
  } finally {
    await src.close();
  }
}

class TiffRasterSource implements RasterSource {
  constructor(private readonly tiff: TiffSource) {}
  get file(): string {
    return this.tiff.file;
  }
  get info(): RasterInfo {
    return this.tiff.info;
  }
  read(options: ReadOptions = {}): Promise<Raster> {
    return this.tiff.read(options.window);
  }
  close(): Promise<void> {
    return this.tiff.close();
  }
}

/**
 * Formats without random access (PNG, JPEG, BMP). With `cache`, the first read decodes the whole
 * file and later windows are cut from memory (for tiling many windows of one image).
 */
class DecodedRasterSource implements RasterSource {
  private whole: Raster | undefined;
  private wholeIndices: Raster | undefined;
  constructor(
    readonly file: string,
    readonly info: RasterInfo,
    private readonly format: RasterFormat,
    private readonly cache: boolean,
  ) {}

  private async decodeWhole(paletteIndices: boolean): Promise<Raster> {
    if (this.format === 'bmp') return decodeBmp(readBytes(this.file), this.file, paletteIndices);
    return sharpRead(this.file, this.format, { paletteIndices });
  }

  async read(options: ReadOptions = {}): Promise<Raster> {
    const indices = options.paletteIndices === true;
    if (this.cache || this.format === 'bmp') {
      let whole = indices ? this.wholeIndices : this.whole;
      if (!whole) {
        whole = await this.decodeWhole(indices);
        if (this.cache) {
          if (indices) this.wholeIndices = whole;
          else this.whole = whole;
        }
      }
      if (!options.window) return whole;
      checkWindow(options.window, whole.width, whole.height, this.file);
      return cropRaster(whole, options.window);
    }
    return sharpRead(this.file, this.format, options);
  }

  async close(): Promise<void> {
    this.whole = undefined;
    this.wholeIndices = undefined;
  }
}

/** Opens a raster for repeated reads. `cache` keeps a whole decode of non-tiled formats in memory. */
export async function openRaster(file: string, options: { cache?: boolean } = {}): Promise<RasterSource> {
  const format = sniffFormat(file);
  if (format === 'tiff') return new TiffRasterSource(await TiffSource.open(file));
  const info = format === 'bmp' ? bmpInfo(readBytes(file, 14 + 124 + 1024), file) : await sharpInfo(file, format);
  return new DecodedRasterSource(file, info, format, options.cache === true);
}

/** Convenience: the full-window of a raster. */
export function fullWindow(info: { width: number; height: number }): Window {
  return { x: 0, y: 0, width: info.width, height: info.height };
}
