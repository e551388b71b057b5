/**
 * Writes a fine-tuned run's predictions on an evaluation set as label PNGs: colour PNGs in the
 * dataset's palette for colour-coded datasets (iSAID, Potsdam), single-channel class-id PNGs
 * otherwise — the formats `geopretrain score` reads, so other frameworks' outputs compare alike.
 */
import * as path from 'node:path';
import sharp from 'sharp';
import { encodeColours } from '../eval/palette';
import { predict } from '../train/finetune/validate';
import type { SegEvalSet } from '../train/finetune/data';
import { writeDirAtomic } from '../util/atomic';
import type { FinetunedRun } from './finetuned';

const COLOUR_CODED = new Set(['isaid', 'potsdam']);

export async function savePredictions(run: FinetunedRun, set: SegEvalSet, outDir: string, batch = 16): Promise<number> {
  const colour = COLOUR_CODED.has(run.record.options.dataset);
  let written = 0;
  await writeDirAtomic(outDir, async (dir) => {
    for (let start = 0; start < set.count; start += batch) {
      const { images } = await set.batch(start, Math.min(set.count, start + batch));
      const pred = predict(run.model, run.prepare(images));
      const hw = images.height * images.width;
      for (let i = 0; i < images.size; i++) {
        const ids = pred.subarray(i * hw, (i + 1) * hw);
        const raw = colour ? encodeColours(ids, run.source.protocol.palette) : ids;
        const file = path.join(dir, `${run.record.options.dataset}_${String(start + i).padStart(5, '0')}.png`);
        await sharp(Buffer.from(raw), { raw: { width: images.width, height: images.height, channels: colour ? 3 : 1 } })
          .toColourspace(colour ? 'srgb' : 'b-w')
          .png()
          .toFile(file);
        written += 1;
      }
    }
  });
  return written;
}
