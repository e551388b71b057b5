import { UserError } from '../../../util/errors';
import { POTSDAM_BOUNDARY_COLOR, POTSDAM_CLASSES, POTSDAM_TEST_TILES, POTSDAM_TRAIN_TILES, colorize } from '../classes';
import { encodeJpeg, toBytes } from '../encode';
import { SynthPotsdam, erodeBoundaries } from '../potsdam';
import type { Split } from '../seed';
import { encodeTiff, type GeoKeys } from '../tiff';
import { FileSink, writeManifest, type SynthWriteOptions, type SynthWriteResult } from './common';

/** Potsdam's file names for one tile id such as '2_10' (DSM names are zero-padded: 02_10). */
export function potsdamFiles(tile: string): Record<'rgb' | 'irrg' | 'rgbir' | 'dsm' | 'ndsm' | 'label' | 'labelNoBoundary' | 'tfw', string> {
  const [row, col] = tile.split('_');
  const padded = `${row.padStart(2, '0')}_${col.padStart(2, '0')}`;
  return {
    rgb: `2_Ortho_RGB/top_potsdam_${tile}_RGB.tif`,
    tfw: `2_Ortho_RGB/top_potsdam_${tile}_RGB.tfw`,
    irrg: `3_Ortho_IRRG/top_potsdam_${tile}_IRRG.tif`,
    rgbir: `4_Ortho_RGBIR/top_potsdam_${tile}_RGBIR.tif`,
    dsm: `1_DSM/dsm_potsdam_${padded}.tif`,
    ndsm: `1_DSM_normalisation/dsm_potsdam_${padded}_normalized_lastools.jpg`,
    label: `5_Labels_all/top_potsdam_${tile}_label.tif`,
    labelNoBoundary: `5_Labels_all_noBoundary/top_potsdam_${tile}_label_noBoundary.tif`,
  };
}

/** 5 cm pixels in UTM 33N, tiles placed on a grid by their row/col ids (plausible, not real). */
function geoOf(tile: string, size: number): GeoKeys {
  const [row, col] = tile.split('_').map(Number);
  return { pixelScale: [0.05, 0.05], origin: [366000 + col * size * 0.05, 5808000 - row * size * 0.05], epsg: 32633 };
}

/**
 * Potsdam's release layout for the first `train` official training tiles and the first `test`
 * official test tiles, each size x size: RGB, IRRG, RGBIR (uint8), DSM (float32), nDSM (8-bit JPEG,
 * per-tile normalised), colour-coded labels, and the eroded-boundary labels (boundary black).
 */
export async function writeSynthPotsdam(dir: string, options: SynthWriteOptions): Promise<SynthWriteResult> {
  if (options.train > POTSDAM_TRAIN_TILES.length) throw new UserError(`potsdam: at most ${POTSDAM_TRAIN_TILES.length} training tiles (the official list)`);
  if (options.test > POTSDAM_TEST_TILES.length) throw new UserError(`potsdam: at most ${POTSDAM_TEST_TILES.length} test tiles (the official list)`);
  if (options.size % 16 !== 0) throw new UserError('potsdam: tile size must be a multiple of 16');
  const gen = new SynthPotsdam({ seed: options.seed, size: options.size });
  const sink = new FileSink(dir);
  const size = gen.size;
  const tiles: Record<string, string[]> = { train: POTSDAM_TRAIN_TILES.slice(0, options.train), test: POTSDAM_TEST_TILES.slice(0, options.test) };
  for (const split of ['train', 'test'] as Split[]) {
    for (const [i, tile] of tiles[split].entries()) {
      const s = gen.sample(split, i);
      const f = potsdamFiles(tile);
      const geo = geoOf(tile, size);
      const img = s.image.data;
      const tif = (pixels: Uint8Array | Float32Array, bands: number, rgb: boolean, withGeo = true) =>
        encodeTiff(pixels, { width: size, height: size, bands, rgb, rowsPerStrip: 16, geo: withGeo ? geo : undefined });
      await sink.write(f.rgb, tif(toBytes(img, 5, [0, 1, 2]), 3, true));
      await sink.write(f.irrg, tif(toBytes(img, 5, [3, 0, 1]), 3, true));
      await sink.write(f.rgbir, tif(toBytes(img, 5, [0, 1, 2, 3]), 4, true));
      const dsm = new Float32Array(size * size);
      for (let p = 0; p < dsm.length; p++) dsm[p] = img[p * 5 + 4];
      await sink.write(f.dsm, tif(dsm, 1, false));
      await sink.write(f.ndsm, await encodeJpeg(normalise(dsm), size, size, 1));
      await sink.write(f.tfw, [0.05, 0, 0, -0.05, geo.origin[0] + 0.025, geo.origin[1] - 0.025].join('\n') + '\n');
      // Labels carry no CRS in the release.
      await sink.write(f.label, tif(colorize(s.label.data, POTSDAM_CLASSES), 3, true, false));
      await sink.write(f.labelNoBoundary, tif(colorize(erodeBoundaries(s.label).data, POTSDAM_CLASSES, POTSDAM_BOUNDARY_COLOR), 3, true, false));
    }
  }
  const counts = { train: tiles.train.length, test: tiles.test.length };
  await writeManifest(sink, 'potsdam', options, counts, {
    layout: 'ISPRS release folders 1_DSM, 1_DSM_normalisation, 2_Ortho_RGB, 3_Ortho_IRRG, 4_Ortho_RGBIR, 5_Labels_all, 5_Labels_all_noBoundary',
    tiles,
    classes: POTSDAM_CLASSES.map((c) => c.name),
    shapes: {
      impervious_surfaces: 'open ground and straight roads',
      building: 'square, l-shape',
      low_vegetation: 'irregular patches',
      tree: 'clusters of discs',
      car: 'small bar',
      clutter: 'small triangle, cross, ring, star, diamond, crescent',
    },
    sharedSpectraAndHeight: [['impervious_surfaces', 'low_vegetation'], ['building', 'tree'], ['car', 'clutter']],
  });
  return { dataset: 'potsdam', counts, files: sink.files };
}

/** Per-tile min-max normalisation to 0..255 (as the release's lastools nDSM JPEGs). */
function normalise(dsm: Float32Array): Uint8Array {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of dsm) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  const out = new Uint8Array(dsm.length);
  const scale = hi > lo ? 255 / (hi - lo) : 0;
  for (let i = 0; i < dsm.length; i++) out[i] = Math.round((dsm[i] - lo) * scale);
  return out;
}
