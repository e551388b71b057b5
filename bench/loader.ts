/**
 * Loader throughput: random 512x512 crops read by windows from a 2048x2048 GeoTIFF tile (R,G,B,IR
 * uint8 + a float32 DSM tile, tiled 256x256 and, for comparison, in 16-row strips), and whole
 * 512x512 PNGs, each through flips, right-angle rotation and photometric jitter into batches with
 * the project's BatchLoader (prefetch on). Reads go through src/data/readers (geotiff windows for
 * TIFF, sharp for PNG). Files are generated once in a temporary folder and removed afterwards.
 *
 *   node --import tsx bench/loader.ts            (prints crops/s per case)
 *   benchLoader(opts) -> [{ name, cropsPerSecond, ... }]   (used by `geopretrain bench`)
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { openRaster, type RasterSource } from '../src/data/readers';
import { BatchLoader, refSource } from '../src/data/loader';
import { compose, photometricJitter, randomFlip, randomRotate90 } from '../src/data/transforms';
import { SynthPotsdam } from '../src/data/synthgeo/potsdam';
import { encodeTiff } from '../src/data/synthgeo/tiff';
import { encodePng, toBytes } from '../src/data/synthgeo/encode';
import type { SegSample } from '../src/data/types';
import { Rng } from '../src/util/rng';

export interface LoaderBenchOptions {
  /** Side of the generated tile (default 2048). */
  tileSize?: number;
  /** Crop side (default 512). */
  crop?: number;
  /** Crops per case (default 24). */
  crops?: number;
  batchSize?: number;
  prefetch?: number;
  /** PNG files for the PNG case (default 8). */
  pngFiles?: number;
  seed?: number;
  log?: (line: string) => void;
}

export interface LoaderBenchResult {
  name: string;
  cropsPerSecond: number;
  crops: number;
  seconds: number;
  /** Time the consumer waited for data. */
  waitSeconds: number;
  crop: number;
  bands: string[];
  batchSize: number;
  prefetch: number;
  source: string;
}

/** A 2048x2048 scene made from 256x256 SynthPotsdam tiles (cheap to make, realistic content). */
function buildTile(size: number, seed: number): { rgbir: Uint8Array; dsm: Float32Array } {
  const block = 256;
  const gen = new SynthPotsdam({ seed, size: block });
  const rgbir = new Uint8Array(size * size * 4);
  const dsm = new Float32Array(size * size);
  const blocks = Array.from({ length: 4 }, (_, i) => gen.sample('train', i));
  for (let by = 0; by < size / block; by++) {
    for (let bx = 0; bx < size / block; bx++) {
      const s = blocks[(by * 3 + bx) % blocks.length];
      const bytes = toBytes(s.image.data, 5, [0, 1, 2, 3]);
      for (let y = 0; y < block; y++) {
        const row = (by * block + y) * size + bx * block;
        rgbir.set(bytes.subarray(y * block * 4, (y + 1) * block * 4), row * 4);
        for (let x = 0; x < block; x++) dsm[row + x] = s.image.data[(y * block + x) * 5 + 4];
      }
    }
  }
  return { rgbir, dsm };
}

function toFloat(data: ArrayLike<number>): Float32Array {
  return data instanceof Float32Array ? data : Float32Array.from(data);
}

async function runCase(name: string, source: string, read: (i: number) => Promise<SegSample>, opts: Required<Omit<LoaderBenchOptions, 'log'>>): Promise<LoaderBenchResult> {
  const transform = compose(randomFlip({ horizontal: 0.5, vertical: 0.5 }), randomRotate90(), photometricJitter());
  const loader = new BatchLoader({
    source: refSource(Array.from({ length: opts.crops }, (_, i) => i), read),
    batchSize: opts.batchSize,
    seed: opts.seed,
    transform,
    prefetch: opts.prefetch,
  });
  let crops = 0;
  let bands: string[] = [];
  for await (const batch of loader.rawBatches()) {
    crops += batch.ids.length;
    bands = batch.bands;
  }
  const stats = loader.stats();
  return {
    name,
    cropsPerSecond: crops / stats.seconds,
    crops,
    seconds: stats.seconds,
    waitSeconds: stats.waitSeconds,
    crop: opts.crop,
    bands,
    batchSize: opts.batchSize,
    prefetch: opts.prefetch,
    source,
  };
}

export async function benchLoader(options: LoaderBenchOptions = {}): Promise<LoaderBenchResult[]> {
  const opts = { tileSize: 2048, crop: 512, crops: 24, batchSize: 4, prefetch: 2, pngFiles: 8, seed: 1, ...options };
  const log = options.log ?? (() => undefined);
  if (opts.tileSize % 256 !== 0 || opts.crop > opts.tileSize) throw new Error('benchLoader: tileSize must be a multiple of 256 and at least the crop');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'geopretrain-bench-loader-'));
  const opened: RasterSource[] = [];
  try {
    const t0 = performance.now();
    const { rgbir, dsm } = buildTile(opts.tileSize, opts.seed);
    const size = opts.tileSize;
    const files = {
      tiledRgbir: path.join(dir, 'tiled_RGBIR.tif'),
      tiledDsm: path.join(dir, 'tiled_DSM.tif'),
      stripRgbir: path.join(dir, 'strips_RGBIR.tif'),
      stripDsm: path.join(dir, 'strips_DSM.tif'),
    };
    fs.writeFileSync(files.tiledRgbir, encodeTiff(rgbir, { width: size, height: size, bands: 4, rgb: true, tileSize: 256 }));
    fs.writeFileSync(files.tiledDsm, encodeTiff(dsm, { width: size, height: size, bands: 1, tileSize: 256 }));
    fs.writeFileSync(files.stripRgbir, encodeTiff(rgbir, { width: size, height: size, bands: 4, rgb: true, rowsPerStrip: 16 }));
    fs.writeFileSync(files.stripDsm, encodeTiff(dsm, { width: size, height: size, bands: 1, rowsPerStrip: 16 }));
    const pngs: string[] = [];
    for (let k = 0; k < opts.pngFiles; k++) {
      const x0 = (k * opts.crop) % (size - opts.crop + 1);
      const y0 = Math.floor((k * opts.crop) / size) * opts.crop % (size - opts.crop + 1);
      const crop = new Uint8Array(opts.crop * opts.crop * 3);
      for (let y = 0; y < opts.crop; y++) {
        for (let x = 0; x < opts.crop; x++) {
          const src = ((y0 + y) * size + x0 + x) * 4;
          crop.set(rgbir.subarray(src, src + 3), (y * opts.crop + x) * 3);
        }
      }
      const file = path.join(dir, `crop_${k}.png`);
      fs.writeFileSync(file, await encodePng(crop, opts.crop, opts.crop, 'rgb8'));
      pngs.push(file);
    }
    log(`bench loader: test files written in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

    const windowOf = (i: number) => {
      const rng = new Rng(opts.seed * 7919 + i);
      return { x: rng.int(size - opts.crop + 1), y: rng.int(size - opts.crop + 1), width: opts.crop, height: opts.crop };
    };
    const geotiffCase = async (name: string, rgbFile: string, dsmFile: string): Promise<LoaderBenchResult> => {
      const rgb = await openRaster(rgbFile);
      const height = await openRaster(dsmFile);
      opened.push(rgb, height);
      return runCase(name, 'src/data/readers openRaster (geotiff windows)', async (i) => {
        const window = windowOf(i);
        const [a, b] = await Promise.all([rgb.read({ window }), height.read({ window })]);
        const n = opts.crop * opts.crop;
        const data = new Float32Array(n * 5);
        for (let p = 0; p < n; p++) {
          for (let k = 0; k < 4; k++) data[p * 5 + k] = a.data[p * 4 + k];
          data[p * 5 + 4] = b.data[p];
        }
        return { id: `w${i}`, image: { height: opts.crop, width: opts.crop, bands: ['R', 'G', 'B', 'IR', 'DSM'], data }, label: { height: opts.crop, width: opts.crop, data: new Uint8Array(n) } };
      }, opts);
    };
    const results: LoaderBenchResult[] = [];
    results.push(await geotiffCase(`geotiff-tiled-${opts.crop}`, files.tiledRgbir, files.tiledDsm));
    log(`bench loader: ${results.at(-1)!.name} ${results.at(-1)!.cropsPerSecond.toFixed(1)} crops/s`);
    results.push(await geotiffCase(`geotiff-strips-${opts.crop}`, files.stripRgbir, files.stripDsm));
    log(`bench loader: ${results.at(-1)!.name} ${results.at(-1)!.cropsPerSecond.toFixed(1)} crops/s`);
    results.push(
      await runCase(`png-${opts.crop}`, 'src/data/readers openRaster (sharp decode)', async (i) => {
        const src = await openRaster(pngs[i % pngs.length]);
        const r = await src.read();
        await src.close();
        const n = opts.crop * opts.crop;
        return { id: `p${i}`, image: { height: r.height, width: r.width, bands: ['R', 'G', 'B'], data: toFloat(r.data) }, label: { height: r.height, width: r.width, data: new Uint8Array(n) } };
      }, opts),
    );
    log(`bench loader: ${results.at(-1)!.name} ${results.at(-1)!.cropsPerSecond.toFixed(1)} crops/s`);
    return results;
  } finally {
    await Promise.all(opened.map((s) => s.close()));
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  benchLoader({ log: (line) => console.error(line) }).then(
    (results) => {
      for (const r of results) {
        console.log(`${r.name.padEnd(20)} ${r.cropsPerSecond.toFixed(1).padStart(7)} crops/s  (${r.crops} crops of ${r.crop}x${r.crop}x${r.bands.length}, batch ${r.batchSize}, prefetch ${r.prefetch}, waited ${r.waitSeconds.toFixed(2)} of ${r.seconds.toFixed(2)} s; ${r.source})`);
      }
    },
    (err) => {
      console.error(err);
      process.exitCode = 1;
    },
  );
}
