/**
 * PST900: {train,test}/{rgb,thermal,thermal_raw,depth,labels}/ with one file name shared by all
 * folders. Thermal is 8-bit with zero-valued holes left by reprojection: counted on every read, and
 * kept, inpainted from neighbours, or masked to ignore in the label (DatasetOptions.thermalHoles).
 * thermal_raw and depth are 16-bit PNGs and stay 16-bit. The root may be PST900_RGBT_Dataset or its parent.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { UserError } from '../../util/errors';
import { detectLayout, isImageName, listFiles } from './common';
import { makeSegmentationDataset, modalitiesFromBands } from './segmentation';
import type { DatasetOpener, DatasetSample, SampleRef } from './types';

const FOLDER: Record<string, { folder: string; channel: number }> = {
  R: { folder: 'rgb', channel: 0 },
  G: { folder: 'rgb', channel: 1 },
  B: { folder: 'rgb', channel: 2 },
  T: { folder: 'thermal', channel: 0 },
  T_raw: { folder: 'thermal_raw', channel: 0 },
  D: { folder: 'depth', channel: 0 },
};

/**
 * Fills zero pixels of band `b` (HWC float32) from their valid 4-neighbours, growing inwards one ring
 * per pass (a simple diffusion fill). Returns the number of pixels filled.
 */
export function inpaintZeros(data: Float32Array, width: number, height: number, bands: number, b: number): number {
  const n = width * height;
  const hole = new Uint8Array(n);
  let remaining = 0;
  for (let p = 0; p < n; p++) if (data[p * bands + b] === 0) (hole[p] = 1), remaining++;
  const total = remaining;
  if (remaining === n) return 0; // nothing to fill from
  while (remaining > 0) {
    const filled: number[] = [];
    for (let p = 0; p < n; p++) {
      if (!hole[p]) continue;
      const x = p % width;
      const y = (p - x) / width;
      let sum = 0;
      let count = 0;
      for (const [dx, dy] of [[1, 0], [-1, 0], [0, 1], [0, -1]] as const) {
        const nx = x + dx;
        const ny = y + dy;
        if (nx < 0 || ny < 0 || nx >= width || ny >= height) continue;
        const q = ny * width + nx;
        if (hole[q]) continue;
        sum += data[q * bands + b]!;
        count++;
      }
      if (count > 0) {
        data[p * bands + b] = sum / count;
        filled.push(p);
      }
    }
    for (const p of filled) hole[p] = 0;
    remaining -= filled.length;
  }
  return total;
}

function handleHoles(sample: DatasetSample, mode: 'keep' | 'inpaint' | 'mask', ignoreIndex: number): void {
  const b = sample.image.bands.indexOf('T');
  if (b < 0) return;
  const { width, height, data } = sample.image;
  const nb = sample.image.bands.length;
  let holes = 0;
  for (let p = 0; p < width * height; p++) {
    if (data[p * nb + b] === 0) {
      holes++;
      if (mode === 'mask') sample.label.data[p] = ignoreIndex;
    }
  }
  sample.thermalHolePixels = holes;
  if (holes === 0) return;
  if (mode === 'inpaint') inpaintZeros(data, width, height, nb, b);
  const pct = ((100 * holes) / (width * height)).toFixed(2);
  sample.notes.push(`thermal holes: ${holes} px (${pct} %), ${mode === 'keep' ? 'kept as zeros' : mode === 'inpaint' ? 'inpainted' : 'masked to ignore'}`);
}

export const openPst900: DatasetOpener = async (manifest, givenRoot, options) => {
  const nested = path.join(givenRoot, 'PST900_RGBT_Dataset');
  const root = fs.existsSync(path.join(nested, 'train')) || fs.existsSync(path.join(nested, 'test')) ? nested : givenRoot;
  const layout = detectLayout(manifest, root);
  const samples = new Map<string, SampleRef[]>();
  const folders = new Set<string>();
  for (const split of manifest.splits.map((s) => s.name)) {
    const rgbDir = path.join(root, split, 'rgb');
    if (!fs.existsSync(rgbDir)) continue;
    for (const f of ['rgb', 'thermal', 'thermal_raw', 'depth', 'labels']) if (fs.existsSync(path.join(root, split, f))) folders.add(f);
    const names = listFiles(rgbDir, isImageName);
    samples.set(
      split,
      names.map((name) => ({
        id: name.replace(/\.[^.]+$/, ''),
        split,
        files: Object.fromEntries([...['rgb', 'thermal', 'thermal_raw', 'depth'].filter((f) => fs.existsSync(path.join(root, split, f))).map((f) => [f, path.join(root, split, f, name)]), ['label', path.join(root, split, 'labels', name)]]),
      })),
    );
  }
  if (samples.size === 0) throw new UserError(`pst900: no {train,test}/rgb/ folders under the root`, root);
  const bands = Object.keys(FOLDER).filter((b) => folders.has(FOLDER[b]!.folder));
  const holes = options.thermalHoles ?? 'keep';
  return makeSegmentationDataset({
    manifest,
    root,
    layout,
    samples,
    modalities: modalitiesFromBands(manifest, bands),
    notes: [...(root !== givenRoot ? [`data inside ${root}`] : []), `thermal holes: ${holes}`],
    band: (ref, band) => {
      const place = FOLDER[band];
      if (!place) throw new UserError(`pst900: unknown band ${band}`);
      return { file: path.join(root, ref.split, place.folder, path.basename(ref.files.rgb!)), channel: place.channel };
    },
    labelFile: (ref) => ref.files.label,
    finish: (sample) => handleHoles(sample, holes, manifest.ignoreIndex),
  });
};
