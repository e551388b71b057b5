/**
 * MFNet (official release and RTFNet's preprocessed one): images/<stem>.png are RGBA PNGs whose
 * alpha channel is the thermal band, labels/<stem>.png uint8 ids 0..8, split lists <split>.txt of
 * stems (RTFNet: no trailing newline; `_flip` copies in train.txt, skipped unless keepFlipped).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { UserError } from '../../util/errors';
import { detectLayout, stem } from './common';
import { makeSegmentationDataset, modalitiesFromBands } from './segmentation';
import type { DatasetOpener, SampleRef } from './types';

const CHANNEL: Record<string, number> = { R: 0, G: 1, B: 2, T: 3 };

/** Stems of a split list: one per line, blank lines and extensions dropped, CRLF or no final newline accepted. */
export function parseSplitList(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'))
    .map((l) => stem(l));
}

export const openMfnet: DatasetOpener = async (manifest, root, options) => {
  const layout = detectLayout(manifest, root);
  const samples = new Map<string, SampleRef[]>();
  const notes: string[] = [];
  for (const split of manifest.splits.map((s) => s.name)) {
    const listFile = path.join(root, `${split}.txt`);
    if (!fs.existsSync(listFile)) continue;
    const all = parseSplitList(fs.readFileSync(listFile, 'utf8'));
    const flipped = all.filter((s) => s.endsWith('_flip'));
    const stems = options.keepFlipped ? all : all.filter((s) => !s.endsWith('_flip'));
    if (flipped.length > 0) notes.push(`${split}.txt lists ${flipped.length} _flip copies (${options.keepFlipped ? 'kept' : 'skipped; pass keepFlipped to keep them'})`);
    samples.set(
      split,
      stems.map((s) => ({ id: s, split, files: { image: path.join(root, 'images', `${s}.png`), label: path.join(root, 'labels', `${s}.png`) } })),
    );
  }
  if (samples.size === 0) throw new UserError(`mfnet: no split lists (${manifest.splits.map((s) => `${s.name}.txt`).join(', ')}) under the root`, root);
  return makeSegmentationDataset({
    manifest,
    root,
    layout,
    samples,
    modalities: modalitiesFromBands(manifest, Object.keys(CHANNEL)),
    notes,
    band: (ref, band) => {
      const channel = CHANNEL[band];
      if (channel === undefined) throw new UserError(`mfnet: unknown band ${band}`);
      return { file: ref.files.image!, channel };
    },
    labelFile: (ref) => ref.files.label,
  });
};
