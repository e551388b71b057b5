import { CLASS_NAMES, NUM_CLASSES, SynthImageNet, type ClsVariant } from '../imagenet';
import type { Split } from '../seed';
import { encodeJpeg, forEachLimit, toBytes } from '../encode';
import { FileSink, writeManifest, type SynthWriteOptions, type SynthWriteResult } from './common';

/** Synthetic WordNet-like ids (n99…: no real synset starts so high), one per class. */
export const SYNTH_WNIDS: readonly string[] = Array.from({ length: NUM_CLASSES }, (_, k) => `n${String(99000000 + k).padStart(8, '0')}`);

/**
 * The classification set in ImageNet's train layout (ImageFolder: `<split>/<wnid>/<wnid>_<n>.JPEG`)
 * for train/, val/ and the shape-only diagnostic shape_only/, with classes.txt (wnid, name) and
 * cues.csv (which cues were class-specific in each image). JPEG quality 95, 4:4:4 chroma.
 */
export async function writeSynthImageNet(dir: string, options: SynthWriteOptions): Promise<SynthWriteResult> {
  const gen = new SynthImageNet({ seed: options.seed, size: options.size });
  const sink = new FileSink(dir);
  const cueRows = ['folder,file,class_id,object_hue,texture,background_hue'];
  const parts: Array<{ folder: string; split: Split; variant: ClsVariant; count: number }> = [
    { folder: 'train', split: 'train', variant: 'standard', count: options.train },
    { folder: 'val', split: 'test', variant: 'standard', count: options.test },
    { folder: 'shape_only', split: 'test', variant: 'shape-only', count: options.test },
  ];
  for (const part of parts) {
    const rows: string[] = new Array(part.count);
    await forEachLimit(part.count, 16, async (i) => {
      const r = gen.render(part.split, i, part.variant);
      const wnid = SYNTH_WNIDS[r.sample.classId];
      const file = `${part.folder}/${wnid}/${wnid}_${i + 1}.JPEG`;
      const bytes = toBytes(r.sample.image.data, 3, [0, 1, 2]);
      await sink.write(file, await encodeJpeg(bytes, gen.size, gen.size, 3));
      rows[i] = `${part.folder},${file},${r.sample.classId},${+r.cues.objectHue},${+r.cues.texture},${+r.cues.backgroundHue}`;
    });
    cueRows.push(...rows);
  }
  await sink.write('classes.txt', SYNTH_WNIDS.map((w, k) => `${w} ${CLASS_NAMES[k]}`).join('\n') + '\n');
  await sink.write('cues.csv', cueRows.join('\n') + '\n');
  const counts = { train: options.train, val: options.test, shape_only: options.test };
  await writeManifest(sink, 'imagenet', options, counts, {
    layout: 'ImageFolder: {train,val,shape_only}/<wnid>/<wnid>_<n>.JPEG; classes.txt; cues.csv',
    classes: CLASS_NAMES,
    cueProbability: gen.cueProbability,
  });
  return { dataset: 'imagenet', counts, files: sink.files };
}
