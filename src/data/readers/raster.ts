/**
 * What every reader returns: a raster of `bands` interleaved samples per pixel, row-major (HWC),
 * in the file's own sample type (uint8, uint16 or float32) — no scaling, no colour management
 * beyond what the format requires (CMYK JPEG -> sRGB).
 */
export type RasterDtype = 'uint8' | 'uint16' | 'float32';
export type RasterData = Uint8Array | Uint16Array | Float32Array;
export type RasterFormat = 'png' | 'jpeg' | 'bmp' | 'tiff';

export interface Raster {
  width: number;
  height: number;
  bands: number;
  dtype: RasterDtype;
  /** HWC, length width*height*bands. */
  data: RasterData;
}

/** Header facts, read without decoding pixels. */
export interface RasterInfo {
  file: string;
  format: RasterFormat;
  width: number;
  height: number;
  /** Bands a read returns (a CMYK JPEG reads as 3 sRGB bands; a palette image as 3 or 4 colour bands unless indices are asked for). */
  bands: number;
  dtype: RasterDtype;
  /** Palette (indexed) image: PNG colour type 3, 8-bit BMP. */
  palette: boolean;
  /** Colour space as the decoder names it (srgb, b-w, cmyk, grey16, rgb16 ...), when known. */
  space?: string;
}

/** A pixel rectangle: columns x..x+width-1, rows y..y+height-1. */
export interface Window {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface ReadOptions {
  /** Pixels to read; the whole raster when absent. */
  window?: Window;
  /** For palette images, return the palette indices (1 band) instead of their colours. */
  paletteIndices?: boolean;
}

export function allocate(dtype: RasterDtype, length: number): RasterData {
  if (dtype === 'uint8') return new Uint8Array(length);
  if (dtype === 'uint16') return new Uint16Array(length);
  return new Float32Array(length);
}

/** Throws when the window is empty or leaves the raster (a programming error, not a data problem). */
export function checkWindow(window: Window, width: number, height: number, file: string): void {
  const { x, y, width: w, height: h } = window;
  if (![x, y, w, h].every(Number.isInteger) || w <= 0 || h <= 0 || x < 0 || y < 0 || x + w > width || y + h > height) {
    throw new RangeError(`${file}: window ${JSON.stringify(window)} is not inside the ${width}x${height} raster`);
  }
}

/** Copies a window out of a whole raster. */
export function cropRaster(r: Raster, window: Window): Raster {
  const { x, y, width: w, height: h } = window;
  const out = allocate(r.dtype, w * h * r.bands);
  const rowLen = w * r.bands;
  for (let row = 0; row < h; row++) {
    const start = ((y + row) * r.width + x) * r.bands;
    out.set(r.data.subarray(start, start + rowLen), row * rowLen);
  }
  return { width: w, height: h, bands: r.bands, dtype: r.dtype, data: out };
}

/** Band `b` of a raster as a new single-band array of the same type. */
export function extractBand(r: Raster, b: number): RasterData {
  const n = r.width * r.height;
  const out = allocate(r.dtype, n);
  for (let i = 0, j = b; i < n; i++, j += r.bands) out[i] = r.data[j]!;
  return out;
}
