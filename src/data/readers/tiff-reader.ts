/**
 * Multi-band TIFF / GeoTIFF through geotiff.js, read by windows: only the strips or tiles that meet
 * the window are decoded, so a 512x512 window of a 6000x6000 Potsdam tile never decodes the tile.
 * uint8 and uint16 stay as they are, float32 (DSM) stays float32, other sample types become float32.
 */
import * as fs from 'node:fs';
import { UserError } from '../../util/errors';
import { importEsm } from '../../util/esm';
import { checkWindow, type Raster, type RasterData, type RasterDtype, type RasterInfo, type Window } from './raster';

/** The parts of geotiff 3 used here (ESM-only: loaded with a real dynamic import). */
interface GeoTiffImage {
  fileDirectory: { hasTag(tag: string): boolean; loadValue(tag: string): Promise<ArrayLike<number | bigint> | number | undefined> };
  getWidth(): number;
  getHeight(): number;
  getSamplesPerPixel(): number;
  getBitsPerSample(sample?: number): number;
  getSampleFormat(sample?: number): number;
  readRasters(options: { window?: number[]; interleave: true }): Promise<ArrayLike<number> & { buffer: ArrayBufferLike }>;
}
interface GeoTiffFile {
  getImage(index?: number): Promise<GeoTiffImage>;
  close(): false | Promise<void>;
}
interface GeoTiffModule {
  fromFile(path: string): Promise<GeoTiffFile>;
}

let modulePromise: Promise<GeoTiffModule> | undefined;
function geotiff(): Promise<GeoTiffModule> {
  modulePromise ??= importEsm<GeoTiffModule>('geotiff');
  return modulePromise;
}

function dtypeOf(bits: number, format: number): RasterDtype {
  if (format === 1 && bits === 8) return 'uint8';
  if (format === 1 && bits === 16) return 'uint16';
  return 'float32';
}

function describe(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).split('\n')[0]!;
}

/** A truncated TIFF reads as zeros in geotiff: refuse it when a strip or tile ends past the end of the file. */
async function checkDataInsideFile(file: string, image: GeoTiffImage): Promise<void> {
  const tiled = image.fileDirectory.hasTag('TileOffsets');
  const [offsetTag, countTag] = tiled ? ['TileOffsets', 'TileByteCounts'] : ['StripOffsets', 'StripByteCounts'];
  const asArray = (v: ArrayLike<number | bigint> | number | undefined): number[] => (v === undefined ? [] : typeof v === 'number' ? [v] : Array.from(v, Number));
  const offsets = asArray(await image.fileDirectory.loadValue(offsetTag));
  const counts = asArray(await image.fileDirectory.loadValue(countTag));
  const size = fs.statSync(file).size;
  let end = 0;
  for (let i = 0; i < offsets.length; i++) end = Math.max(end, offsets[i]! + (counts[i] ?? 0));
  if (end > size) throw new UserError(`truncated TIFF: pixel data extends to byte ${end} but the file has ${size} bytes`, file);
}

/** An open TIFF: header known, windows read on demand; close() when done. */
export class TiffSource {
  private constructor(
    readonly file: string,
    private readonly tiff: GeoTiffFile,
    private readonly image: GeoTiffImage,
    readonly info: RasterInfo,
  ) {}

  static async open(file: string): Promise<TiffSource> {
    const mod = await geotiff();
    let tiff: GeoTiffFile;
    let image: GeoTiffImage;
    try {
      tiff = await mod.fromFile(file);
      image = await tiff.getImage(0);
    } catch (err) {
      throw new UserError(`cannot read TIFF header: ${describe(err)}`, file);
    }
    try {
      await checkDataInsideFile(file, image);
    } catch (err) {
      await tiff.close();
      throw err;
    }
    const bits = image.getBitsPerSample(0);
    const format = image.getSampleFormat(0) ?? 1;
    const bands = image.getSamplesPerPixel();
    for (let s = 1; s < bands; s++) {
      if (image.getBitsPerSample(s) !== bits) {
        await tiff.close();
        throw new UserError(`TIFF bands have different bit depths (${bits} and ${image.getBitsPerSample(s)}): not supported`, file);
      }
    }
    const info: RasterInfo = { file, format: 'tiff', width: image.getWidth(), height: image.getHeight(), bands, dtype: dtypeOf(bits, format), palette: false };
    return new TiffSource(file, tiff, image, info);
  }

  /** Reads a window (or everything) as an HWC raster. */
  async read(window?: Window): Promise<Raster> {
    const { width, height, bands, dtype } = this.info;
    const w = window ?? { x: 0, y: 0, width, height };
    checkWindow(w, width, height, this.file);
    let values: ArrayLike<number>;
    try {
      values = await this.image.readRasters({ window: [w.x, w.y, w.x + w.width, w.y + w.height], interleave: true });
    } catch (err) {
      throw new UserError(`cannot decode TIFF window ${w.x},${w.y} ${w.width}x${w.height}: ${describe(err)}`, this.file);
    }
    const expected = w.width * w.height * bands;
    if (values.length !== expected) throw new UserError(`TIFF decoder returned ${values.length} samples for a window of ${expected}`, this.file);
    let data: RasterData;
    if (dtype === 'uint8' && values instanceof Uint8Array) data = values;
    else if (dtype === 'uint16' && values instanceof Uint16Array) data = values;
    else if (dtype === 'float32' && values instanceof Float32Array) data = values;
    else data = dtype === 'uint8' ? Uint8Array.from(values) : dtype === 'uint16' ? Uint16Array.from(values) : Float32Array.from(values);
    return { width: w.width, height: w.height, bands, dtype, data };
  }

  async close(): Promise<void> {
    await this.tiff.close();
  }
}
