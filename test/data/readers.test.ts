import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { openRaster, readRaster, readRasterInfo, cropRaster, type Raster } from '../../src/data/readers/index';
import { importEsm } from '../../src/util/esm';
import { UserError } from '../../src/util/errors';
import { makeTmpDir, removeDir, randomBytes, Rng, truncateFile, writeBmp, writeIndexedPng, writeJpeg, writePalettePng, writePng, writeTiff, writeTiledTiff } from './fakes/common';

const W = 40;
const H = 32;

function meanAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  assert.equal(a.length, b.length);
  let s = 0;
  for (let i = 0; i < a.length; i++) s += Math.abs(a[i]! - b[i]!);
  return s / a.length;
}

function cut(data: ArrayLike<number>, width: number, bands: number, x: number, y: number, w: number, h: number): number[] {
  const out: number[] = [];
  for (let r = y; r < y + h; r++) for (let c = x; c < x + w; c++) for (let b = 0; b < bands; b++) out.push(data[(r * width + c) * bands + b]!);
  return out;
}

async function rejects(promise: Promise<unknown>, file: string, pattern: RegExp): Promise<void> {
  await assert.rejects(promise, (err: unknown) => {
    assert.ok(err instanceof UserError, `expected a UserError, got ${String(err)}`);
    assert.ok(err.message.includes(file), `message should name ${file}: ${err.message}`);
    assert.match(err.message, pattern);
    return true;
  });
}

test('PNG: RGBA keeps alpha as data (no premultiply), gray stays 1 band, 16-bit stays 16-bit, windows equal crops', async () => {
  const dir = makeTmpDir('readers-png');
  try {
    const rng = new Rng(1);
    const rgba = randomBytes(rng, W * H * 4);
    for (let p = 0; p < W * H; p += 3) rgba[p * 4 + 3] = 0; // transparent pixels with colour: a premultiplying decoder would zero their RGB
    await writePng(path.join(dir, 'rgba.png'), rgba, W, H, 4);
    const r = await readRaster(path.join(dir, 'rgba.png'));
    assert.deepEqual([r.width, r.height, r.bands, r.dtype], [W, H, 4, 'uint8']);
    assert.deepEqual(Array.from(r.data), Array.from(rgba));
    const win = await readRaster(path.join(dir, 'rgba.png'), { window: { x: 5, y: 7, width: 9, height: 11 } });
    assert.deepEqual(Array.from(win.data), cut(rgba, W, 4, 5, 7, 9, 11));

    const gray = randomBytes(rng, W * H);
    await writePng(path.join(dir, 'gray.png'), gray, W, H, 1);
    const g = await readRaster(path.join(dir, 'gray.png'));
    assert.equal(g.bands, 1);
    assert.deepEqual(Array.from(g.data), Array.from(gray));

    const g16 = Uint16Array.from({ length: W * H }, () => rng.int(65536));
    await writePng(path.join(dir, 'gray16.png'), g16, W, H, 1);
    const info16 = await readRasterInfo(path.join(dir, 'gray16.png'));
    assert.deepEqual([info16.bands, info16.dtype, info16.format], [1, 'uint16', 'png']);
    const r16 = await readRaster(path.join(dir, 'gray16.png'));
    assert.ok(r16.data instanceof Uint16Array);
    assert.deepEqual(Array.from(r16.data), Array.from(g16));

    const rgb16 = Uint16Array.from({ length: W * H * 3 }, () => rng.int(65536));
    await writePng(path.join(dir, 'rgb16.png'), rgb16, W, H, 3);
    const c16 = await readRaster(path.join(dir, 'rgb16.png'), { window: { x: 3, y: 2, width: 10, height: 5 } });
    assert.deepEqual([c16.bands, c16.dtype], [3, 'uint16']);
    assert.deepEqual(Array.from(c16.data), cut(rgb16, W, 3, 3, 2, 10, 5));
  } finally {
    removeDir(dir);
  }
});

test('PNG palette: colours by default, palette indices on request', async () => {
  const dir = makeTmpDir('readers-pal');
  try {
    // PIL-style palette padded with black: index 0 and the padding share (0,0,0) -> lowest index wins
    const palette = new Uint8Array(256 * 3);
    palette.set([0, 0, 0, 0, 0, 63, 0, 63, 63, 0, 127, 255]);
    const rng = new Rng(2);
    const written = randomBytes(rng, W * H, 3);
    const rgb = new Uint8Array(W * H * 3);
    for (let p = 0; p < W * H; p++) rgb.set(palette.subarray(written[p]! * 3, written[p]! * 3 + 3), p * 3);
    const file = path.join(dir, 'pal.png');
    writeIndexedPng(file, written, W, H, palette);
    const info = await readRasterInfo(file);
    assert.equal(info.palette, true);
    const asColours = await readRaster(file);
    assert.equal(asColours.bands, 3);
    assert.deepEqual(Array.from(asColours.data), Array.from(rgb));
    const idx = await readRaster(file, { paletteIndices: true });
    assert.equal(idx.bands, 1);
    assert.deepEqual(Array.from(idx.data), Array.from(written));

    // sharp's quantised palette PNG: indices map back to the colours it decodes
    const q = path.join(dir, 'quantised.png');
    await writePalettePng(q, rgb, W, H);
    const qi = await readRaster(q, { paletteIndices: true });
    const qc = await readRaster(q);
    const seen = new Map<number, string>();
    for (let p = 0; p < W * H; p++) {
      const colour = Array.from(qc.data.subarray(p * 3, p * 3 + 3)).join(',');
      if (!seen.has(qi.data[p]!)) seen.set(qi.data[p]!, colour);
      assert.equal(seen.get(qi.data[p]!), colour);
    }
  } finally {
    removeDir(dir);
  }
});

test('JPEG: RGB, grayscale (1 band), CMYK (3 sRGB bands), and a PNG named .JPEG decoded by content', async () => {
  const dir = makeTmpDir('readers-jpeg');
  try {
    // smooth images so JPEG error is small
    const rgb = new Uint8Array(W * H * 3);
    for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) rgb.set([40 + 4 * x, 30 + 5 * y, 200 - 3 * x], (y * W + x) * 3);
    await writeJpeg(path.join(dir, 'rgb.JPEG'), rgb, W, H, 3);
    const r = await readRaster(path.join(dir, 'rgb.JPEG'));
    assert.deepEqual([r.bands, r.dtype], [3, 'uint8']);
    assert.ok(meanAbsDiff(r.data, rgb) < 3, `rgb jpeg error ${meanAbsDiff(r.data, rgb)}`);

    const gray = Uint8Array.from({ length: W * H }, (_, p) => 20 + (p % W) * 3);
    await writeJpeg(path.join(dir, 'gray.JPEG'), gray, W, H, 1);
    const g = await readRaster(path.join(dir, 'gray.JPEG'));
    assert.equal(g.bands, 1);
    assert.ok(meanAbsDiff(g.data, gray) < 3);

    await writeJpeg(path.join(dir, 'cmyk.JPEG'), rgb, W, H, 3, { cmyk: true });
    const ci = await readRasterInfo(path.join(dir, 'cmyk.JPEG'));
    assert.deepEqual([ci.space, ci.bands], ['cmyk', 3]);
    const c = await readRaster(path.join(dir, 'cmyk.JPEG'));
    assert.equal(c.bands, 3);
    assert.ok(meanAbsDiff(c.data, rgb) < 25, `cmyk round trip error ${meanAbsDiff(c.data, rgb)}`);

    const rgba = randomBytes(new Rng(3), W * H * 4);
    await writePng(path.join(dir, 'n02105855_2933.JPEG'), rgba, W, H, 4);
    const p = await readRaster(path.join(dir, 'n02105855_2933.JPEG'));
    assert.equal((await readRasterInfo(path.join(dir, 'n02105855_2933.JPEG'))).format, 'png');
    assert.deepEqual(Array.from(p.data), Array.from(rgba));
  } finally {
    removeDir(dir);
  }
});

test('BMP behind .png: 24-bit, 32-bit, 8-bit gray and 8-bit palette (colours or indices), bottom-up and top-down', async () => {
  const dir = makeTmpDir('readers-bmp');
  try {
    const rng = new Rng(4);
    const w = 37; // odd width exercises row padding
    const rgb = randomBytes(rng, w * H * 3);
    writeBmp(path.join(dir, 'a.png'), rgb, w, H, 24);
    const a = await readRaster(path.join(dir, 'a.png'));
    assert.equal((await readRasterInfo(path.join(dir, 'a.png'))).format, 'bmp');
    assert.deepEqual([a.width, a.height, a.bands], [w, H, 3]);
    assert.deepEqual(Array.from(a.data), Array.from(rgb));

    writeBmp(path.join(dir, 'td.png'), rgb, w, H, 24, { topDown: true });
    assert.deepEqual(Array.from((await readRaster(path.join(dir, 'td.png'))).data), Array.from(rgb));

    const rgbx = randomBytes(rng, w * H * 4);
    writeBmp(path.join(dir, 'b.png'), rgbx, w, H, 32);
    const b = await readRaster(path.join(dir, 'b.png'), { window: { x: 4, y: 3, width: 8, height: 6 } });
    assert.equal(b.bands, 3); // BI_RGB: 4th byte is padding
    assert.deepEqual(Array.from(b.data), cut(Array.from({ length: w * H * 3 }, (_, i) => rgbx[Math.floor(i / 3) * 4 + (i % 3)]!), w, 3, 4, 3, 8, 6));

    const idx = randomBytes(rng, w * H, 15);
    writeBmp(path.join(dir, 'gray.png'), idx, w, H, 8);
    const g = await readRaster(path.join(dir, 'gray.png'));
    assert.equal(g.bands, 1);
    assert.deepEqual(Array.from(g.data), Array.from(idx));

    const palette = Uint8Array.from({ length: 768 }, (_, i) => (i * 7) % 256);
    writeBmp(path.join(dir, 'pal.png'), idx, w, H, 8, { palette });
    const colours = await readRaster(path.join(dir, 'pal.png'));
    assert.equal(colours.bands, 3);
    for (let p = 0; p < w * H; p++) for (let c = 0; c < 3; c++) assert.equal(colours.data[p * 3 + c], palette[idx[p]! * 3 + c]);
    const indices = await readRaster(path.join(dir, 'pal.png'), { paletteIndices: true });
    assert.deepEqual(Array.from(indices.data), Array.from(idx));
  } finally {
    removeDir(dir);
  }
});

test('TIFF: uint8 / uint16 / float32, many bands; windowed reads equal the same window of a full read', async () => {
  const dir = makeTmpDir('readers-tiff');
  try {
    const rng = new Rng(5);
    const cases: [string, Uint8Array | Uint16Array | Float32Array, number, string][] = [
      ['rgb.tif', randomBytes(rng, W * H * 3), 3, 'uint8'],
      ['rgbir.tif', randomBytes(rng, W * H * 4), 4, 'uint8'],
      ['raw16.tif', Uint16Array.from({ length: W * H * 2 }, () => rng.int(65536)), 2, 'uint16'],
      ['dsm.tif', Float32Array.from({ length: W * H }, () => 30 + rng.uniform(0, 40)), 1, 'float32'],
      ['five.tif', Float32Array.from({ length: W * H * 5 }, () => rng.normal()), 5, 'float32'],
    ];
    for (const [name, data, bands, dtype] of cases) {
      const file = path.join(dir, name);
      await writeTiff(file, data, W, H, bands);
      const info = await readRasterInfo(file);
      assert.deepEqual([info.format, info.width, info.height, info.bands, info.dtype], ['tiff', W, H, bands, dtype], name);
      const full = await readRaster(file);
      assert.deepEqual(Array.from(full.data), Array.from(data), name);
      const window = { x: 11, y: 6, width: 17, height: 13 };
      const part = await readRaster(file, { window });
      assert.deepEqual(Array.from(part.data), Array.from(cropRaster(full, window).data), name);
      assert.deepEqual(Array.from(part.data), cut(data, W, bands, 11, 6, 17, 13), name);
    }
  } finally {
    removeDir(dir);
  }
});

test('TIFF windows decode only the tiles they meet: a window far from a corrupted tile still reads', async () => {
  const dir = makeTmpDir('readers-tiled');
  try {
    const size = 64;
    const data = randomBytes(new Rng(6), size * size * 3);
    const file = path.join(dir, 'tiled.tif');
    await writeTiledTiff(file, data, size, size, 3, 16);
    const geotiff = await importEsm<{ fromFile(f: string): Promise<{ getImage(): Promise<{ fileDirectory: { loadValue(t: string): Promise<ArrayLike<number>> } }>; close(): unknown }> }>('geotiff');
    const tiff = await geotiff.fromFile(file);
    const ifd = (await tiff.getImage()).fileDirectory;
    const offsets = Array.from(await ifd.loadValue('TileOffsets'));
    const counts = Array.from(await ifd.loadValue('TileByteCounts'));
    await tiff.close();
    const window = { x: 2, y: 3, width: 12, height: 10 }; // inside the first tile
    const src = await openRaster(file);
    const before: Raster = await src.read({ window });
    await src.close();
    assert.deepEqual(Array.from(before.data), cut(data, size, 3, 2, 3, 12, 10));
    // overwrite the last (bottom-right) tile's compressed bytes with garbage
    const bytes = fs.readFileSync(file);
    const last = offsets.length - 1;
    bytes.fill(0xff, offsets[last]!, offsets[last]! + counts[last]!);
    fs.writeFileSync(file, bytes);
    const after = await readRaster(file, { window });
    assert.deepEqual(Array.from(after.data), Array.from(before.data));
    await assert.rejects(readRaster(file), UserError);
  } finally {
    removeDir(dir);
  }
});

test('bad files: truncated PNG/TIFF/BMP, not an image, missing, empty — each a UserError naming the file', async () => {
  const dir = makeTmpDir('readers-bad');
  try {
    const rng = new Rng(7);
    const png = path.join(dir, 'cut.png');
    await writePng(png, randomBytes(rng, W * H * 3), W, H, 3);
    truncateFile(png, 0.5);
    await rejects(readRaster(png), png, /cannot decode PNG/);

    const tif = path.join(dir, 'cut.tif');
    await writeTiff(tif, randomBytes(rng, W * H * 3), W, H, 3);
    truncateFile(tif, 0.3);
    await rejects(readRaster(tif), tif, /TIFF/);

    const bmp = path.join(dir, 'cut_bmp.png');
    writeBmp(bmp, randomBytes(rng, W * H * 3), W, H, 24);
    truncateFile(bmp, 0.6);
    await rejects(readRaster(bmp), bmp, /truncated BMP/);

    const txt = path.join(dir, 'notes.png');
    fs.writeFileSync(txt, 'this is not an image at all');
    await rejects(readRasterInfo(txt), txt, /not a PNG, JPEG, BMP or TIFF/);
    const empty = path.join(dir, 'empty.png');
    fs.writeFileSync(empty, '');
    await rejects(readRaster(empty), empty, /empty/);
    const missing = path.join(dir, 'missing.png');
    await rejects(readRaster(missing), missing, /not found/);
  } finally {
    removeDir(dir);
  }
});
