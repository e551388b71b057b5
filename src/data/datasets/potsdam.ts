/**
 * ISPRS Potsdam, official folders of 6000x6000 GeoTIFF tiles (read through windows) or mmseg RGB
 * patches. Bands come from whichever official file holds them (R,G,B from 2_Ortho_RGB, else
 * 4_Ortho_RGBIR; NIR from 4_Ortho_RGBIR, else 3_Ortho_IRRG; DSM float32; nDSM 8-bit JPEG). Labels are
 * colour TIFFs: 'eroded' (5_Labels_all_noBoundary, black boundary -> ignore) or 'full' (5_Labels_all).
 * Split membership: <root>/<split>.txt (one tile id per line) when present, else the manifest's tile lists.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { UserError } from '../../util/errors';
import type { DatasetManifest } from '../manifest/types';
import { detectLayout, isImageName, listFiles } from './common';
import { parseSplitList } from './mfnet';
import { makeSegmentationDataset, modalitiesFromBands } from './segmentation';
import type { DatasetOpener, SampleRef } from './types';

const pad2 = (tile: string) => tile.split('_').map((p) => p.padStart(2, '0')).join('_');

/** Official file of each product for a tile id like "2_10" (DSM names are zero-padded: 02_10). */
export function potsdamFiles(root: string, tile: string): Record<string, string> {
  return {
    rgb: path.join(root, '2_Ortho_RGB', `top_potsdam_${tile}_RGB.tif`),
    irrg: path.join(root, '3_Ortho_IRRG', `top_potsdam_${tile}_IRRG.tif`),
    rgbir: path.join(root, '4_Ortho_RGBIR', `top_potsdam_${tile}_RGBIR.tif`),
    dsm: path.join(root, '1_DSM', `dsm_potsdam_${pad2(tile)}.tif`),
    ndsm: path.join(root, '1_DSM_normalisation', `dsm_potsdam_${pad2(tile)}_normalized_lastools.jpg`),
    labelFull: path.join(root, '5_Labels_all', `top_potsdam_${tile}_label.tif`),
    labelEroded: path.join(root, '5_Labels_all_noBoundary', `top_potsdam_${tile}_label_noBoundary.tif`),
    labelFullParticipants: path.join(root, '5_Labels_for_participants', `top_potsdam_${tile}_label.tif`),
    labelErodedParticipants: path.join(root, '5_Labels_for_participants_no_Boundary', `top_potsdam_${tile}_label_noBoundary.tif`),
  };
}

/** For each band, the products that can supply it, in order of preference, with the channel. */
const BAND_SOURCES: Record<string, [string, number][]> = {
  R: [['rgb', 0], ['rgbir', 0], ['irrg', 1]],
  G: [['rgb', 1], ['rgbir', 1], ['irrg', 2]],
  B: [['rgb', 2], ['rgbir', 2]],
  NIR: [['rgbir', 3], ['irrg', 0]],
  DSM: [['dsm', 0]],
  nDSM: [['ndsm', 0]],
};

function labelVariant(manifest: DatasetManifest, requested?: 'eroded' | 'full'): 'eroded' | 'full' {
  if (requested) return requested;
  const protocol = manifest.protocols.find((p) => p.name === manifest.defaultProtocol);
  return protocol?.labels === 'full' ? 'full' : 'eroded';
}

export const openPotsdam: DatasetOpener = async (manifest, root, options) => {
  const layout = detectLayout(manifest, root);
  const notes: string[] = [];
  const samples = new Map<string, SampleRef[]>();
  if (layout.id === 'mmseg-patches') {
    for (const split of manifest.splits.map((s) => s.name)) {
      const folder = split === 'test' ? 'val' : split;
      const dir = path.join(root, 'img_dir', folder);
      if (!fs.existsSync(dir)) continue;
      const names = listFiles(dir, isImageName);
      samples.set(split, names.map((n) => ({ id: n.replace(/\.[^.]+$/, ''), split, files: { image: path.join(dir, n), label: path.join(root, 'ann_dir', folder, n) } })));
    }
    if (samples.size === 0) throw new UserError('potsdam: img_dir/ has neither train/ nor val/', root);
    return makeSegmentationDataset({
      manifest,
      root,
      layout,
      samples,
      modalities: modalitiesFromBands(manifest, layout.bands ?? ['R', 'G', 'B']),
      notes: [...notes, "split 'test' reads img_dir/val (the 14 official test tiles)"],
      band: (ref, band) => ({ file: ref.files.image!, channel: { R: 0, G: 1, B: 2 }[band] ?? 99 }),
      labelFile: (ref) => ref.files.label,
    });
  }

  const variant = labelVariant(manifest, options.labels);
  const products = new Set<string>();
  for (const split of manifest.splits) {
    const listFile = path.join(root, `${split.name}.txt`);
    const tiles = fs.existsSync(listFile) ? parseSplitList(fs.readFileSync(listFile, 'utf8')) : split.members;
    if (!tiles) continue;
    if (fs.existsSync(listFile)) notes.push(`${split.name}: tiles from ${split.name}.txt`);
    const present: SampleRef[] = [];
    const absent: string[] = [];
    for (const tile of tiles) {
      const all = potsdamFiles(root, tile);
      const files: Record<string, string> = {};
      for (const p of ['rgb', 'irrg', 'rgbir', 'dsm', 'ndsm']) {
        if (fs.existsSync(all[p]!)) {
          files[p] = all[p]!;
          products.add(p);
        }
      }
      if (Object.keys(files).length === 0) {
        absent.push(tile);
        continue;
      }
      const [main, participants] = variant === 'eroded' ? [all.labelEroded!, all.labelErodedParticipants!] : [all.labelFull!, all.labelFullParticipants!];
      files.label = fs.existsSync(main) || !fs.existsSync(participants) ? main : participants;
      present.push({ id: tile, split: split.name, files });
    }
    if (present.length === 0) continue;
    if (absent.length > 0) notes.push(`${split.name}: ${absent.length} of ${tiles.length} tiles absent (${absent.slice(0, 6).join(', ')}${absent.length > 6 ? ', …' : ''})`);
    samples.set(split.name, present);
  }
  if (samples.size === 0) throw new UserError('potsdam: no tile of any split found in the official folders (2_Ortho_RGB, 3_Ortho_IRRG, 4_Ortho_RGBIR, 1_DSM ...)', root);
  notes.push(`labels: ${variant} (${variant === 'eroded' ? '5_Labels_all_noBoundary, boundary black -> ignore' : '5_Labels_all'})`);
  const bands = Object.keys(BAND_SOURCES).filter((b) => BAND_SOURCES[b]!.some(([p]) => products.has(p)));
  return makeSegmentationDataset({
    manifest,
    root,
    layout,
    samples,
    modalities: modalitiesFromBands(manifest, bands),
    notes,
    useIgnoreColours: variant === 'eroded',
    band: (ref, band) => {
      for (const [product, channel] of BAND_SOURCES[band] ?? []) {
        const file = ref.files[product];
        if (file) return { file, channel };
      }
      throw new UserError(`potsdam: tile ${ref.id} has no file holding band ${band} (looked for ${(BAND_SOURCES[band] ?? []).map(([p]) => path.relative(root, potsdamFiles(root, ref.id)[p]!)).join(', ')})`);
    },
    labelFile: (ref) => ref.files.label,
  });
};
