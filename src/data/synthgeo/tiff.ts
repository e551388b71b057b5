import * as os from 'node:os';

/**
 * A small baseline-TIFF / GeoTIFF encoder: little-endian, uncompressed, pixel-interleaved, any band
 * count, uint8 / uint16 / float32, in strips or tiles. geotiff.js's own writer emits one strip per
 * image and converts every value through a DataView, which is slow at 2048x2048 and makes a
 * windowed read decode the whole raster; strips of a few rows or 256x256 tiles keep windowed reads
 * cheap, as in real orthophoto GeoTIFFs. Files are checked by reading them back with geotiff.js.
 */
export type TiffPixels = Uint8Array | Uint16Array | Float32Array;

export interface GeoKeys {
  /** Pixel size in map units (x, y). */
  pixelScale: [number, number];
  /** Map coordinates of the upper-left corner of pixel (0, 0). */
  origin: [number, number];
  /** EPSG code of the projected CRS (e.g. 32633, UTM 33N for Potsdam). */
  epsg: number;
}

export interface TiffOptions {
  width: number;
  height: number;
  bands: number;
  /** Side of square tiles; omit for strips. */
  tileSize?: number;
  /** Rows per strip when not tiled (default 16). */
  rowsPerStrip?: number;
  /** PhotometricInterpretation RGB (2) for 3+ band uint8 colour images; otherwise min-is-black (1). */
  rgb?: boolean;
  geo?: GeoKeys;
}

const SHORT = 3;
const LONG = 4;
const DOUBLE = 12;
const TYPE_SIZE: Record<number, number> = { [SHORT]: 2, [LONG]: 4, [DOUBLE]: 8 };

interface Entry {
  tag: number;
  type: number;
  values: number[];
}

export function encodeTiff(pixels: TiffPixels, options: TiffOptions): Uint8Array {
  const { width, height, bands } = options;
  if (os.endianness() !== 'LE') throw new Error('encodeTiff: only little-endian hosts are supported');
  if (pixels.length !== width * height * bands) {
    throw new Error(`encodeTiff: ${pixels.length} values for ${width}x${height}x${bands}`);
  }
  const bytesPerSample = pixels.BYTES_PER_ELEMENT;
  const sampleFormat = pixels instanceof Float32Array ? 3 : 1;
  const pixelBytes = new Uint8Array(pixels.buffer, pixels.byteOffset, pixels.byteLength);
  const rowBytes = width * bands * bytesPerSample;

  // Chunks (strips or tiles) of raw bytes.
  const chunks: Uint8Array[] = [];
  if (options.tileSize) {
    const t = options.tileSize;
    if (t % 16 !== 0) throw new Error('encodeTiff: tile size must be a multiple of 16');
    const tileRow = t * bands * bytesPerSample;
    for (let ty = 0; ty < height; ty += t) {
      for (let tx = 0; tx < width; tx += t) {
        const chunk = new Uint8Array(t * tileRow); // edge tiles padded with zeros
        const cols = Math.min(t, width - tx) * bands * bytesPerSample;
        for (let y = 0; y < Math.min(t, height - ty); y++) {
          const src = (ty + y) * rowBytes + tx * bands * bytesPerSample;
          chunk.set(pixelBytes.subarray(src, src + cols), y * tileRow);
        }
        chunks.push(chunk);
      }
    }
  } else {
    const rps = Math.max(1, Math.min(height, options.rowsPerStrip ?? 16));
    for (let y = 0; y < height; y += rps) chunks.push(pixelBytes.subarray(y * rowBytes, Math.min(height, y + rps) * rowBytes));
  }

  const photometric = options.rgb && bands >= 3 && bytesPerSample === 1 ? 2 : 1;
  const colourBands = photometric === 2 ? 3 : 1;
  const entries: Entry[] = [
    { tag: 256, type: LONG, values: [width] },
    { tag: 257, type: LONG, values: [height] },
    { tag: 258, type: SHORT, values: Array(bands).fill(bytesPerSample * 8) },
    { tag: 259, type: SHORT, values: [1] },
    { tag: 262, type: SHORT, values: [photometric] },
    { tag: 277, type: SHORT, values: [bands] },
    { tag: 284, type: SHORT, values: [1] },
  ];
  if (bands > colourBands) entries.push({ tag: 338, type: SHORT, values: Array(bands - colourBands).fill(0) });
  entries.push({ tag: 339, type: SHORT, values: Array(bands).fill(sampleFormat) });
  // Offsets are filled in once the layout is known.
  const offsets: Entry = { tag: options.tileSize ? 324 : 273, type: LONG, values: chunks.map(() => 0) };
  const counts: Entry = { tag: options.tileSize ? 325 : 279, type: LONG, values: chunks.map((c) => c.length) };
  entries.push(offsets, counts);
  if (options.tileSize) {
    entries.push({ tag: 322, type: SHORT, values: [options.tileSize] }, { tag: 323, type: SHORT, values: [options.tileSize] });
  } else {
    entries.push({ tag: 278, type: LONG, values: [Math.max(1, Math.min(height, options.rowsPerStrip ?? 16))] });
  }
  if (options.geo) {
    const g = options.geo;
    entries.push(
      { tag: 33550, type: DOUBLE, values: [g.pixelScale[0], g.pixelScale[1], 0] },
      { tag: 33922, type: DOUBLE, values: [0, 0, 0, g.origin[0], g.origin[1], 0] },
      // GeoKeyDirectory: version 1.1.0, 3 keys: model type projected, raster pixel-is-area, EPSG.
      { tag: 34735, type: SHORT, values: [1, 1, 0, 3, 1024, 0, 1, 1, 1025, 0, 1, 1, 3072, 0, 1, g.epsg] },
    );
  }
  entries.sort((a, b) => a.tag - b.tag);

  // Layout: header (8) | IFD | out-of-line values | pixel chunks.
  const ifdSize = 2 + entries.length * 12 + 4;
  let extra = 0;
  for (const e of entries) {
    const bytes = e.values.length * TYPE_SIZE[e.type];
    if (bytes > 4) extra += bytes + (bytes % 2);
  }
  let dataStart = 8 + ifdSize + extra;
  dataStart += dataStart % 2;
  let cursor = dataStart;
  offsets.values = chunks.map((c) => {
    const at = cursor;
    cursor += c.length;
    return at;
  });
  const out = new Uint8Array(cursor);
  const view = new DataView(out.buffer);
  out.set([0x49, 0x49, 42, 0], 0);
  view.setUint32(4, 8, true);
  view.setUint16(8, entries.length, true);
  let valuePos = 8 + ifdSize;
  entries.forEach((e, k) => {
    const at = 10 + k * 12;
    view.setUint16(at, e.tag, true);
    view.setUint16(at + 2, e.type, true);
    view.setUint32(at + 4, e.values.length, true);
    const bytes = e.values.length * TYPE_SIZE[e.type];
    const target = bytes > 4 ? valuePos : at + 8;
    if (bytes > 4) {
      view.setUint32(at + 8, valuePos, true);
      valuePos += bytes + (bytes % 2);
    }
    e.values.forEach((v, j) => {
      const p = target + j * TYPE_SIZE[e.type];
      if (e.type === SHORT) view.setUint16(p, v, true);
      else if (e.type === LONG) view.setUint32(p, v, true);
      else view.setFloat64(p, v, true);
    });
  });
  view.setUint32(10 + entries.length * 12, 0, true); // no next IFD
  chunks.forEach((c, k) => out.set(c, offsets.values[k]));
  return out;
}
