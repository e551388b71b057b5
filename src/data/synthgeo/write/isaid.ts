import { UserError } from '../../../util/errors';
import { ISAID_CLASSES, ISAID_SHAPE_OF_CLASS, colorize } from '../classes';
import { encodePng, forEachLimit, toBytes } from '../encode';
import { ISAID_SPLIT_CAPACITY, SynthIsaid } from '../isaid';
import { SHAPES } from '../shapes';
import type { Split } from '../seed';
import { FileSink, writeManifest, type SynthWriteOptions, type SynthWriteResult } from './common';

/**
 * iSAID's released layout, unzipped: `<split>/images/P0000.png` (RGB) and
 * `<split>/Semantic_masks/images/P0000_instance_color_RGB.png` (colour-coded with the devkit
 * palette). The evaluation split is written as val/ (iSAID's test masks are withheld; results are
 * reported on val).
 */
export async function writeSynthIsaid(dir: string, options: SynthWriteOptions): Promise<SynthWriteResult> {
  const gen = new SynthIsaid({ seed: options.seed, size: options.size });
  const sink = new FileSink(dir);
  const parts: Array<{ folder: string; split: Split; count: number }> = [
    { folder: 'train', split: 'train', count: options.train },
    { folder: 'val', split: 'test', count: options.test },
  ];
  for (const part of parts) {
    if (part.count > ISAID_SPLIT_CAPACITY[part.split]) throw new UserError(`isaid: at most ${ISAID_SPLIT_CAPACITY[part.split]} ${part.split} images`);
    await forEachLimit(part.count, 16, async (i) => {
      const s = gen.sample(part.split, i);
      await sink.write(`${part.folder}/images/${s.id}.png`, await encodePng(toBytes(s.image.data, 3, [0, 1, 2]), gen.size, gen.size, 'rgb8'));
      await sink.write(`${part.folder}/Semantic_masks/images/${s.id}_instance_color_RGB.png`, await encodePng(colorize(s.label.data, ISAID_CLASSES), gen.size, gen.size, 'rgb8'));
    });
  }
  const counts = { train: options.train, val: options.test };
  await writeManifest(sink, 'isaid', options, counts, {
    layout: '<split>/images/P####.png; <split>/Semantic_masks/images/P####_instance_color_RGB.png',
    classes: ISAID_CLASSES.map((c) => c.name),
    shapes: Object.fromEntries([...ISAID_SHAPE_OF_CLASS].map(([id, shape]) => [ISAID_CLASSES[id].name, SHAPES[shape]])),
    absentClasses: ISAID_CLASSES.filter((c) => c.id !== 0 && !ISAID_SHAPE_OF_CLASS.has(c.id)).map((c) => c.name),
  });
  return { dataset: 'isaid', counts, files: sink.files };
}
