import { UserError } from '../../../util/errors';
import { MFNET_CLASSES, MFNET_SHAPE_OF_CLASS } from '../classes';
import { encodePng, forEachLimit, toBytes } from '../encode';
import { SPLIT_CAPACITY, SynthMfnet } from '../mfnet';
import { SHAPES } from '../shapes';
import type { Split } from '../seed';
import { FileSink, writeManifest, type SynthWriteOptions, type SynthWriteResult } from './common';

/**
 * MFNet's layout: `images/<name>.png` as one 4-channel PNG (R, G, B, thermal in alpha),
 * `labels/<name>.png` uint8 ids, and train.txt / val.txt / test.txt listing stems without a
 * trailing newline (as in the RTFNet release). val has a quarter of test's count.
 */
export async function writeSynthMfnet(dir: string, options: SynthWriteOptions): Promise<SynthWriteResult> {
  const gen = new SynthMfnet({ seed: options.seed, size: options.size });
  const sink = new FileSink(dir);
  const counts: Record<Split, number> = { train: options.train, val: Math.round(options.test / 4), test: options.test };
  let day = 0;
  let night = 0;
  for (const split of ['train', 'val', 'test'] as const) {
    if (counts[split] > SPLIT_CAPACITY[split]) throw new UserError(`mfnet: at most ${SPLIT_CAPACITY[split]} ${split} images`);
    const names: string[] = new Array(counts[split]);
    await forEachLimit(counts[split], 16, async (i) => {
      const s = gen.sample(split, i);
      names[i] = s.id;
      if (s.id.endsWith('N')) night++;
      else day++;
      await sink.write(`images/${s.id}.png`, await encodePng(toBytes(s.image.data, 4, [0, 1, 2, 3]), gen.size, gen.size, 'rgba8'));
      await sink.write(`labels/${s.id}.png`, await encodePng(s.label.data, gen.size, gen.size, 'grey8'));
    });
    await sink.write(`${split}.txt`, names.join('\n'));
  }
  await writeManifest(sink, 'mfnet', options, counts, {
    layout: 'images/<name>.png RGBA (alpha = thermal); labels/<name>.png uint8 ids; {train,val,test}.txt',
    classes: MFNET_CLASSES.map((c) => c.name),
    shapes: Object.fromEntries([...MFNET_SHAPE_OF_CLASS].map(([id, shape]) => [MFNET_CLASSES[id].name, SHAPES[shape]])),
    day,
    night,
  });
  return { dataset: 'mfnet', counts, files: sink.files };
}
