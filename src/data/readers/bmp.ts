/**
 * A small, strict decoder for the uncompressed BMPs found in converted datasets (mmseg's iSAID
 * converter writes BMP patches under .png names, and sharp/libvips has no BMP loader): 24-bit and
 * 32-bit (BI_RGB, or BI_BITFIELDS with the standard byte masks) and 8-bit palette images, bottom-up
 * or top-down. Anything else, or a file shorter than its header promises, is a UserError.
 */
import { UserError } from '../../util/errors';
import type { Raster, RasterInfo } from './raster';

interface BmpHeader {
  width: number;
  height: number;
  topDown: boolean;
  bitsPerPixel: number;
  pixelOffset: number;
  rowStride: number;
  /** Palette as RGB triples (8-bit images). */
  palette: Uint8Array;
  paletteSize: number;
  /** 32-bit images with an alpha mask keep a 4th band. */
  hasAlpha: boolean;
}

const BI_RGB = 0;
const BI_BITFIELDS = 3;
const BI_ALPHABITFIELDS = 6;

function parseHeader(bytes: Uint8Array, file: string): BmpHeader {
  const bad = (msg: string): never => {
    throw new UserError(`bad BMP: ${msg}`, file);
  };
  if (bytes.length < 26 || bytes[0] !== 0x42 || bytes[1] !== 0x4d) bad('file too short for a BMP header');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const pixelOffset = view.getUint32(10, true);
  const dibSize = view.getUint32(14, true);
  let width: number;
  let rawHeight: number;
  let bitsPerPixel: number;
  let compression = BI_RGB;
  let coloursUsed = 0;
  let paletteEntrySize = 4;
  if (dibSize === 12) {
    width = view.getUint16(18, true);
    rawHeight = view.getInt16(20, true);
    bitsPerPixel = view.getUint16(24, true);
    paletteEntrySize = 3;
  } else if (dibSize >= 40) {
    if (bytes.length < 14 + 40) bad('truncated header');
    width = view.getInt32(18, true);
    rawHeight = view.getInt32(22, true);
    bitsPerPixel = view.getUint16(28, true);
    compression = view.getUint32(30, true);
    coloursUsed = view.getUint32(46, true);
  } else {
    return bad(`unknown header size ${dibSize}`);
  }
  if (width <= 0 || rawHeight === 0) bad(`invalid size ${width}x${rawHeight}`);
  let hasAlpha = false;
  if (bitsPerPixel === 32 && (compression === BI_BITFIELDS || compression === BI_ALPHABITFIELDS)) {
    // masks directly after a 40-byte header, or inside a V4/V5 header (same offset)
    if (bytes.length < 14 + 40 + 12) bad('truncated colour masks');
    const r = view.getUint32(54, true);
    const g = view.getUint32(58, true);
    const b = view.getUint32(62, true);
    const hasAlphaMask = dibSize >= 56 || compression === BI_ALPHABITFIELDS;
    const a = hasAlphaMask && bytes.length >= 70 ? view.getUint32(66, true) : 0;
    if (r !== 0x00ff0000 || g !== 0x0000ff00 || b !== 0x000000ff || (a !== 0 && a !== 0xff000000)) {
      bad(`unsupported 32-bit colour masks R=${r.toString(16)} G=${g.toString(16)} B=${b.toString(16)} A=${a.toString(16)}`);
    }
    hasAlpha = a === 0xff000000;
  } else if (compression !== BI_RGB) {
    bad(`compressed BMP (compression ${compression}) is not supported; only uncompressed 8/24/32-bit`);
  }
  if (bitsPerPixel !== 8 && bitsPerPixel !== 24 && bitsPerPixel !== 32) bad(`${bitsPerPixel}-bit BMP is not supported; only 8, 24 and 32-bit`);
  const height = Math.abs(rawHeight);
  const rowStride = Math.floor((bitsPerPixel * width + 31) / 32) * 4;
  let palette = new Uint8Array(0);
  let paletteSize = 0;
  if (bitsPerPixel === 8) {
    paletteSize = coloursUsed > 0 ? coloursUsed : 256;
    if (paletteSize > 256) bad(`palette of ${paletteSize} colours`);
    const start = 14 + dibSize + (compression === BI_BITFIELDS && dibSize === 40 ? 12 : 0);
    if (start + paletteSize * paletteEntrySize > bytes.length) bad('truncated palette');
    palette = new Uint8Array(paletteSize * 3);
    for (let i = 0; i < paletteSize; i++) {
      const p = start + i * paletteEntrySize;
      palette[i * 3] = bytes[p + 2]!;
      palette[i * 3 + 1] = bytes[p + 1]!;
      palette[i * 3 + 2] = bytes[p]!;
    }
  }
  return { width, height, topDown: rawHeight < 0, bitsPerPixel, pixelOffset, rowStride, palette, paletteSize, hasAlpha };
}

/** True when palette entry i is the gray (i,i,i) for every entry: an 8-bit grayscale BMP. */
function isGrayRamp(h: BmpHeader): boolean {
  for (let i = 0; i < h.paletteSize; i++) {
    if (h.palette[i * 3] !== i || h.palette[i * 3 + 1] !== i || h.palette[i * 3 + 2] !== i) return false;
  }
  return true;
}

function bandsOf(h: BmpHeader, paletteIndices: boolean): number {
  if (h.bitsPerPixel === 8) return paletteIndices || isGrayRamp(h) ? 1 : 3;
  return h.hasAlpha ? 4 : 3;
}

/** Header facts of a BMP (the first bytes of the file suffice: header and palette). */
export function bmpInfo(bytes: Uint8Array, file: string): RasterInfo {
  const h = parseHeader(bytes, file);
  return { file, format: 'bmp', width: h.width, height: h.height, bands: bandsOf(h, false), dtype: 'uint8', palette: h.bitsPerPixel === 8, space: h.bitsPerPixel === 8 && isGrayRamp(h) ? 'b-w' : 'srgb' };
}

/** Decodes a whole BMP into an HWC uint8 raster (RGB order; 8-bit palette -> colours, gray, or indices). */
export function decodeBmp(bytes: Uint8Array, file: string, paletteIndices = false): Raster {
  const h = parseHeader(bytes, file);
  const needed = h.pixelOffset + h.rowStride * (h.height - 1) + Math.ceil((h.bitsPerPixel * h.width) / 8);
  if (needed > bytes.length) throw new UserError(`truncated BMP: pixel data needs ${needed} bytes, file has ${bytes.length}`, file);
  const bands = bandsOf(h, paletteIndices);
  const out = new Uint8Array(h.width * h.height * bands);
  const bytesPerPixel = h.bitsPerPixel / 8;
  for (let row = 0; row < h.height; row++) {
    const fileRow = h.topDown ? row : h.height - 1 - row;
    let src = h.pixelOffset + fileRow * h.rowStride;
    let dst = row * h.width * bands;
    for (let col = 0; col < h.width; col++, src += bytesPerPixel, dst += bands) {
      if (h.bitsPerPixel === 8) {
        const index = bytes[src]!;
        if (bands === 1) {
          out[dst] = index;
        } else {
          if (index >= h.paletteSize) throw new UserError(`BMP pixel (${col},${row}) uses palette index ${index} beyond its ${h.paletteSize} colours`, file);
          out[dst] = h.palette[index * 3]!;
          out[dst + 1] = h.palette[index * 3 + 1]!;
          out[dst + 2] = h.palette[index * 3 + 2]!;
        }
      } else {
        out[dst] = bytes[src + 2]!;
        out[dst + 1] = bytes[src + 1]!;
        out[dst + 2] = bytes[src]!;
        if (bands === 4) out[dst + 3] = bytes[src + 3]!;
      }
    }
  }
  return { width: h.width, height: h.height, bands, dtype: 'uint8', data: out };
}
