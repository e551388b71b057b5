/**
 * Fake iSAID in both layouts: official ({split}/images/P0000.png + colour masks in
 * {split}/Semantic_masks/images/P0000_instance_color_RGB.png; test without masks) and mmseg patches
 * (img_dir/{split}/*.png that are really BMPs, ann_dir ids with 255 padding).
 */
import * as path from 'node:path';
import { Rng, colourise, randomBytes, randomIds, writeBmp, writePng } from './common';

/** A few official devkit colours (datasets.md), written independently of the manifest. */
export const ISAID_COLOURS = new Map<number, [number, number, number]>([
  [0, [0, 0, 0]],
  [1, [0, 0, 63]],
  [2, [0, 63, 63]],
  [11, [0, 0, 255]],
  [14, [0, 127, 255]],
  [15, [0, 100, 155]],
]);

export interface FakeIsaidImage {
  split: string;
  width: number;
  height: number;
  rgb: Uint8Array;
  ids?: Uint8Array;
}

export async function writeFakeIsaidOfficial(root: string, seed = 31): Promise<Map<string, FakeIsaidImage>> {
  const rng = new Rng(seed);
  const out = new Map<string, FakeIsaidImage>();
  const images: [string, string, number, number][] = [
    ['train', 'P0000', 56, 40],
    ['train', 'P0001', 32, 48],
    ['val', 'P0002', 64, 64],
    ['test', 'P0003', 40, 40],
  ];
  for (const [split, id, width, height] of images) {
    const rgb = randomBytes(rng, width * height * 3);
    await writePng(path.join(root, split, 'images', `${id}.png`), rgb, width, height, 3);
    const entry: FakeIsaidImage = { split, width, height, rgb };
    if (split !== 'test') {
      entry.ids = randomIds(rng, width * height, [...ISAID_COLOURS.keys()]);
      await writePng(path.join(root, split, 'Semantic_masks', 'images', `${id}_instance_color_RGB.png`), colourise(entry.ids, ISAID_COLOURS), width, height, 3);
    }
    out.set(id, entry);
  }
  return out;
}

export async function writeFakeIsaidMmseg(root: string, seed = 32): Promise<Map<string, FakeIsaidImage>> {
  const rng = new Rng(seed);
  const out = new Map<string, FakeIsaidImage>();
  const patches: [string, string][] = [
    ['train', 'P0005_0_32_0_32'],
    ['train', 'P0005_0_32_16_48'],
    ['val', 'P0007_0_32_0_32'],
  ];
  for (const [split, id] of patches) {
    const size = 32;
    const rgb = randomBytes(rng, size * size * 3);
    writeBmp(path.join(root, 'img_dir', split, `${id}.png`), rgb, size, size, 24); // BMP behind .png, as the converter writes
    const ids = randomIds(rng, size * size, [0, 1, 5, 9, 15]);
    for (let y = 24; y < size; y++) for (let x = 0; x < size; x++) ids[y * size + x] = 255; // padding of a small image
    await writePng(path.join(root, 'ann_dir', split, `${id}_instance_color_RGB.png`), ids, size, size, 1);
    out.set(id, { split, width: size, height: size, rgb, ids });
  }
  return out;
}
