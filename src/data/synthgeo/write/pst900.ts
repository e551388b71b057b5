import { PST900_CLASSES, PST900_SHAPE_OF_CLASS } from '../classes';
import { encodePng, forEachLimit, toBytes } from '../encode';
import { SynthPst900 } from '../pst900';
import { SHAPES } from '../shapes';
import type { Split } from '../seed';
import { FileSink, writeManifest, type SynthWriteOptions, type SynthWriteResult } from './common';

/**
 * PST900's layout: `{train,test}/{rgb,thermal,thermal_raw,labels}/<name>.png` with the same name in
 * every folder; thermal 8-bit with zero-valued holes, thermal_raw 16-bit, labels uint8 ids 0..4.
 * (The release's depth/ folder is not generated.)
 */
export async function writeSynthPst900(dir: string, options: SynthWriteOptions): Promise<SynthWriteResult> {
  const gen = new SynthPst900({ seed: options.seed, size: options.size });
  const sink = new FileSink(dir);
  const size = gen.size;
  for (const split of ['train', 'test'] as Split[]) {
    const count = split === 'train' ? options.train : options.test;
    await forEachLimit(count, 16, async (i) => {
      const s = gen.sample(split, i);
      await sink.write(`${split}/rgb/${s.id}.png`, await encodePng(toBytes(s.image.data, 4, [0, 1, 2]), size, size, 'rgb8'));
      await sink.write(`${split}/thermal/${s.id}.png`, await encodePng(toBytes(s.image.data, 4, [3]), size, size, 'grey8'));
      await sink.write(`${split}/thermal_raw/${s.id}.png`, await encodePng(s.thermalRaw, size, size, 'grey16'));
      await sink.write(`${split}/labels/${s.id}.png`, await encodePng(s.label.data, size, size, 'grey8'));
    });
  }
  const counts = { train: options.train, test: options.test };
  await writeManifest(sink, 'pst900', options, counts, {
    layout: '{train,test}/{rgb,thermal,thermal_raw,labels}/<name>.png',
    classes: PST900_CLASSES.map((c) => c.name),
    shapes: Object.fromEntries([...PST900_SHAPE_OF_CLASS].map(([id, shape]) => [PST900_CLASSES[id].name, SHAPES[shape]])),
  });
  return { dataset: 'pst900', counts, files: sink.files };
}
