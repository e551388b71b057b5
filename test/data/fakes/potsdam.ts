/**
 * Fake Potsdam: official folders with GeoTIFF tiles (RGB, IRRG, RGBIR uint8; DSM float32 with
 * zero-padded names; nDSM 8-bit JPEG; full and noBoundary colour labels) and mmseg patches.
 */
import * as path from 'node:path';
import { Rng, colourise, randomBytes, writeJpeg, writePng, writeTiff } from './common';

/** Class colours from datasets.md (independent of the manifest). */
export const POTSDAM_COLOURS = new Map<number, [number, number, number]>([
  [0, [255, 255, 255]],
  [1, [0, 0, 255]],
  [2, [0, 255, 255]],
  [3, [0, 255, 0]],
  [4, [255, 255, 0]],
  [5, [255, 0, 0]],
]);

export const POT_W = 64;
export const POT_H = 48;

export interface FakePotsdamTile {
  r: Uint8Array;
  g: Uint8Array;
  b: Uint8Array;
  nir: Uint8Array;
  dsm: Float32Array;
  ids: Uint8Array;
  /** ids with class boundaries set to 255 (what the noBoundary labels encode as black). */
  erodedIds: Uint8Array;
}

function interleave(...bands: ArrayLike<number>[]): Uint8Array {
  const n = bands[0]!.length;
  const out = new Uint8Array(n * bands.length);
  for (let p = 0; p < n; p++) bands.forEach((b, i) => (out[p * bands.length + i] = b[p]!));
  return out;
}

/** Blocky class map (8x8 blocks) so there are boundaries to erode. */
function blockIds(rng: Rng, w: number, h: number): Uint8Array {
  const ids = new Uint8Array(w * h);
  const blocks = new Map<string, number>();
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const k = `${x >> 3},${y >> 3}`;
      if (!blocks.has(k)) blocks.set(k, rng.int(6));
      ids[y * w + x] = blocks.get(k)!;
    }
  }
  return ids;
}

export async function writeFakePotsdamOfficial(root: string, tiles = ['2_10', '2_11', '2_13'], seed = 41): Promise<Map<string, FakePotsdamTile>> {
  const rng = new Rng(seed);
  const out = new Map<string, FakePotsdamTile>();
  const n = POT_W * POT_H;
  for (const tile of tiles) {
    const [r, g, b, nir] = [0, 1, 2, 3].map(() => randomBytes(rng, n)) as [Uint8Array, Uint8Array, Uint8Array, Uint8Array];
    const dsm = Float32Array.from({ length: n }, () => 30 + rng.uniform(0, 25));
    const ids = blockIds(rng, POT_W, POT_H);
    const erodedIds = Uint8Array.from(ids, (v, p) => {
      const x = p % POT_W;
      return x + 1 < POT_W && ids[p + 1] !== v ? 255 : v;
    });
    const padded = tile.split('_').map((s) => s.padStart(2, '0')).join('_');
    await writeTiff(path.join(root, '2_Ortho_RGB', `top_potsdam_${tile}_RGB.tif`), interleave(r, g, b), POT_W, POT_H, 3);
    await writeTiff(path.join(root, '3_Ortho_IRRG', `top_potsdam_${tile}_IRRG.tif`), interleave(nir, r, g), POT_W, POT_H, 3);
    await writeTiff(path.join(root, '4_Ortho_RGBIR', `top_potsdam_${tile}_RGBIR.tif`), interleave(r, g, b, nir), POT_W, POT_H, 4);
    await writeTiff(path.join(root, '1_DSM', `dsm_potsdam_${padded}.tif`), dsm, POT_W, POT_H, 1);
    await writeJpeg(path.join(root, '1_DSM_normalisation', `dsm_potsdam_${padded}_normalized_lastools.jpg`), Uint8Array.from(dsm, (v) => Math.round((v - 30) * 10)), POT_W, POT_H, 1);
    await writeTiff(path.join(root, '5_Labels_all', `top_potsdam_${tile}_label.tif`), colourise(ids, POTSDAM_COLOURS), POT_W, POT_H, 3);
    const erodedColours = new Map(POTSDAM_COLOURS);
    erodedColours.set(255, [0, 0, 0]);
    await writeTiff(path.join(root, '5_Labels_all_noBoundary', `top_potsdam_${tile}_label_noBoundary.tif`), colourise(erodedIds, erodedColours), POT_W, POT_H, 3);
    out.set(tile, { r, g, b, nir, dsm, ids, erodedIds });
  }
  return out;
}

/** mmseg patches: img_dir/{train,val}/<tile>_<x0>_<y0>_<x1>_<y1>.png RGB + ann_dir ids 0 (boundary) .. 6 (clutter). */
export async function writeFakePotsdamMmseg(root: string, seed = 42): Promise<Map<string, { split: string; rgb: Uint8Array; values: Uint8Array }>> {
  const rng = new Rng(seed);
  const out = new Map<string, { split: string; rgb: Uint8Array; values: Uint8Array }>();
  for (const [split, id] of [['train', '2_10_0_0_32_32'], ['train', '2_10_32_0_64_32'], ['val', '2_13_0_0_32_32']] as const) {
    const rgb = randomBytes(rng, 32 * 32 * 3);
    const values = randomBytes(rng, 32 * 32, 6);
    await writePng(path.join(root, 'img_dir', split, `${id}.png`), rgb, 32, 32, 3);
    await writePng(path.join(root, 'ann_dir', split, `${id}.png`), values, 32, 32, 1);
    out.set(id, { split, rgb, values });
  }
  return out;
}
