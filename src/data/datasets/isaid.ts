/**
 * iSAID, in the official layout ({split}/images/P0000.png with colour masks in
 * {split}/Semantic_masks/images/P0000_instance_color_RGB.png; test masks withheld) or the mmseg patch
 * layout (img_dir/{split}/P0000_{y0}_{y1}_{x0}_{x1}.png — BMP behind .png — and ann_dir/{split}/
 * ..._instance_color_RGB.png holding class ids with 255 padding). Official images are large: read
 * them through windows (tiling.ts).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { UserError } from '../../util/errors';
import { detectLayout, isImageName, listFiles, stem } from './common';
import { makeSegmentationDataset } from './segmentation';
import type { DatasetOpener, SampleRef } from './types';

const CHANNEL: Record<string, number> = { R: 0, G: 1, B: 2 };
const MASK_SUFFIX = '_instance_color_RGB';

function folders(layoutId: string, root: string, split: string): { images: string; labels: string } {
  return layoutId === 'mmseg-patches'
    ? { images: path.join(root, 'img_dir', split), labels: path.join(root, 'ann_dir', split) }
    : { images: path.join(root, split, 'images'), labels: path.join(root, split, 'Semantic_masks', 'images') };
}

export const openIsaid: DatasetOpener = async (manifest, root) => {
  const layout = detectLayout(manifest, root);
  const samples = new Map<string, SampleRef[]>();
  const notes: string[] = [];
  for (const split of manifest.splits.map((s) => s.name)) {
    const dirs = folders(layout.id, root, split);
    if (!fs.existsSync(dirs.images)) continue;
    const hasLabels = fs.existsSync(dirs.labels);
    if (!hasLabels) notes.push(`${split}: no label folder (${path.relative(root, dirs.labels)}); labels read as ignore`);
    const names = listFiles(dirs.images, (n) => isImageName(n) && !n.includes('_instance_'));
    samples.set(
      split,
      names.map((name) => {
        const id = stem(name);
        const files: Record<string, string> = { image: path.join(dirs.images, name) };
        if (hasLabels) files.label = path.join(dirs.labels, `${id}${MASK_SUFFIX}.png`);
        return { id, split, files };
      }),
    );
  }
  if (samples.size === 0) throw new UserError(`isaid: layout ${layout.id} found but no image folder for any split (${manifest.splits.map((s) => path.relative(root, folders(layout.id, root, s.name).images)).join(', ')})`, root);
  return makeSegmentationDataset({
    manifest,
    root,
    layout,
    samples,
    modalities: ['RGB'],
    notes,
    band: (ref, band) => {
      const channel = CHANNEL[band];
      if (channel === undefined) throw new UserError(`isaid: unknown band ${band}`);
      return { file: ref.files.image!, channel, grayFallback: true };
    },
    labelFile: (ref) => ref.files.label,
  });
};
