/**
 * Writers for fake dataset files in the real formats (tiny sizes): PNG 8/16-bit incl. RGBA and
 * grayscale, JPEG incl. grayscale and CMYK, TIFF (geotiff writer: uint8/uint16/float32, any band
 * count; sharp: tiled 8-bit), BMP (24/32-bit and 8-bit palette, written here byte by byte).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import sharp from 'sharp';
import { importEsm } from '../../../src/util/esm';
import { Rng } from '../../../src/util/rng';

export function makeTmpDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `geopretrain-${prefix}-`));
}

export function removeDir(dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true });
}

function ensureDir(file: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
}

/** Random uint8 HWC values. */
export function randomBytes(rng: Rng, n: number, max = 255): Uint8Array {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = rng.int(max + 1);
  return out;
}

/** A label map of random class ids drawn from `ids`. */
export function randomIds(rng: Rng, n: number, ids: number[]): Uint8Array {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = ids[rng.int(ids.length)]!;
  return out;
}

const SPACE8 = ['b-w', 'b-w', 'srgb', 'srgb'] as const;
const SPACE16 = ['grey16', 'grey16', 'rgb16', 'rgb16'] as const;

/** PNG from HWC samples: Uint8Array -> 8-bit, Uint16Array -> 16-bit; 1..4 channels (4 = RGBA, alpha kept as written). */
export async function writePng(file: string, data: Uint8Array | Uint16Array, width: number, height: number, channels: 1 | 2 | 3 | 4): Promise<void> {
  ensureDir(file);
  const space = (data instanceof Uint16Array ? SPACE16 : SPACE8)[channels - 1]!;
  await sharp(data, { raw: { width, height, channels } }).toColourspace(space).png().toFile(file);
}

/** Palette PNG (colour type 3) of the given colours per pixel. */
export async function writePalettePng(file: string, rgb: Uint8Array, width: number, height: number): Promise<void> {
  ensureDir(file);
  await sharp(rgb, { raw: { width, height, channels: 3 } }).png({ palette: true, colours: 256, dither: 0, effort: 1 }).toFile(file);
}

/** JPEG at quality 100 (values change a little: compare with a tolerance). */
export async function writeJpeg(file: string, data: Uint8Array, width: number, height: number, channels: 1 | 3, options: { cmyk?: boolean } = {}): Promise<void> {
  ensureDir(file);
  let s = sharp(data, { raw: { width, height, channels } });
  s = channels === 1 ? s.toColourspace('b-w') : options.cmyk ? s.toColourspace('cmyk') : s;
  await s.jpeg({ quality: 100, chromaSubsampling: '4:4:4' }).toFile(file);
}

/** Uncompressed TIFF (one strip) through geotiff's writer: uint8, uint16 or float32, any band count, pixel-interleaved. */
export async function writeTiff(file: string, data: Uint8Array | Uint16Array | Float32Array, width: number, height: number, bands: number): Promise<void> {
  ensureDir(file);
  const { writeArrayBuffer } = await importEsm<{ writeArrayBuffer(v: unknown, m: Record<string, unknown>): ArrayBuffer }>('geotiff');
  const meta: Record<string, unknown> = { width, height, SamplesPerPixel: [bands] };
  if (bands !== 3) meta.PhotometricInterpretation = 1;
  if (bands > 3 || bands === 2) meta.ExtraSamples = new Array(bands - (bands > 3 ? 3 : 1)).fill(0);
  if (bands > 3) meta.PhotometricInterpretation = 2;
  fs.writeFileSync(file, new Uint8Array(writeArrayBuffer(data, meta)));
}

/** Tiled 8-bit TIFF through sharp/libvips (tiles of `tile` px): windows must only decode the tiles they meet. */
export async function writeTiledTiff(file: string, data: Uint8Array, width: number, height: number, channels: 3 | 4, tile = 16): Promise<void> {
  ensureDir(file);
  await sharp(data, { raw: { width, height, channels } }).tiff({ tile: true, tileWidth: tile, tileHeight: tile, compression: 'deflate' }).toFile(file);
}

/** BMP writer (as the mmseg converter's cv2/PIL would write): 24-bit, 32-bit BI_RGB, or 8-bit with a palette; bottom-up unless topDown. */
export function writeBmp(file: string, data: Uint8Array, width: number, height: number, bits: 8 | 24 | 32, options: { palette?: Uint8Array; topDown?: boolean } = {}): void {
  ensureDir(file);
  const paletteEntries = bits === 8 ? 256 : 0;
  const stride = Math.floor((bits * width + 31) / 32) * 4;
  const offset = 54 + paletteEntries * 4;
  const out = new Uint8Array(offset + stride * height);
  const v = new DataView(out.buffer);
  out[0] = 0x42;
  out[1] = 0x4d;
  v.setUint32(2, out.length, true);
  v.setUint32(10, offset, true);
  v.setUint32(14, 40, true);
  v.setInt32(18, width, true);
  v.setInt32(22, options.topDown ? -height : height, true);
  v.setUint16(26, 1, true);
  v.setUint16(28, bits, true);
  v.setUint32(34, stride * height, true);
  if (bits === 8) {
    const pal = options.palette ?? Uint8Array.from({ length: 768 }, (_, i) => Math.floor(i / 3));
    for (let i = 0; i < 256; i++) {
      out[54 + i * 4] = pal[i * 3 + 2] ?? 0;
      out[54 + i * 4 + 1] = pal[i * 3 + 1] ?? 0;
      out[54 + i * 4 + 2] = pal[i * 3] ?? 0;
    }
  }
  const bpp = bits / 8;
  const channels = bits === 8 ? 1 : bits === 24 ? 3 : 4;
  for (let row = 0; row < height; row++) {
    const fileRow = options.topDown ? row : height - 1 - row;
    for (let col = 0; col < width; col++) {
      const s = (row * width + col) * channels;
      const d = offset + fileRow * stride + col * bpp;
      if (bits === 8) out[d] = data[s]!;
      else {
        out[d] = data[s + 2]!;
        out[d + 1] = data[s + 1]!;
        out[d + 2] = data[s]!;
        if (bits === 32) out[d + 3] = data[s + 3]!;
      }
    }
  }
  fs.writeFileSync(file, out);
}

/** Colour-codes an id label with a class table (HWC RGB). */
export function colourise(ids: Uint8Array, colours: Map<number, [number, number, number]>): Uint8Array {
  const out = new Uint8Array(ids.length * 3);
  ids.forEach((id, p) => {
    const c = colours.get(id);
    if (!c) throw new Error(`fake: no colour for id ${id}`);
    out.set(c, p * 3);
  });
  return out;
}

/** Cuts a file to a fraction of its length (a truncated download). */
export function truncateFile(file: string, keep = 0.5): void {
  const bytes = fs.readFileSync(file);
  fs.writeFileSync(file, bytes.subarray(0, Math.max(16, Math.floor(bytes.length * keep))));
}

export { Rng };

/**
 * A palette (colour type 3) PNG with exactly the given palette and indices, encoded here chunk by
 * chunk (sharp quantises palettes, so it cannot write exact ones).
 */
export function writeIndexedPng(file: string, indices: Uint8Array, width: number, height: number, palette: Uint8Array): void {
  ensureDir(file);
  const chunk = (type: string, body: Uint8Array): Buffer => {
    const head = Buffer.alloc(8);
    head.writeUInt32BE(body.length, 0);
    head.write(type, 4, 'latin1');
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(zlib.crc32(Buffer.concat([head.subarray(4), body])) >>> 0, 0);
    return Buffer.concat([head, body, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 3; // colour type: palette
  const rows = Buffer.alloc((width + 1) * height);
  for (let y = 0; y < height; y++) rows.set(indices.subarray(y * width, (y + 1) * width), y * (width + 1) + 1);
  const png = Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('PLTE', palette),
    chunk('IDAT', zlib.deflateSync(rows)),
    chunk('IEND', new Uint8Array(0)),
  ]);
  fs.writeFileSync(file, png);
}
