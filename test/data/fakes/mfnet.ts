/** Fake MFNet: images/<stem>.png RGBA (alpha = thermal), labels/<stem>.png ids 0..8, split lists. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Rng, randomBytes, randomIds, writePng } from './common';

export interface FakeMfnetSample {
  rgba: Uint8Array;
  label: Uint8Array;
}

export const MFNET_W = 48;
export const MFNET_H = 32;

/** Writes a tiny MFNet; `rtfnet` adds test_day/test_night lists, _flip copies and lists without a final newline. */
export async function writeFakeMfnet(root: string, options: { rtfnet?: boolean; seed?: number } = {}): Promise<Map<string, FakeMfnetSample>> {
  const rng = new Rng(options.seed ?? 11);
  const splits: Record<string, string[]> = { train: ['00001D', '00002N', '00003D'], val: ['00004N'], test: ['00005D', '00006N'] };
  const written = new Map<string, FakeMfnetSample>();
  const stems = Object.values(splits).flat();
  if (options.rtfnet) stems.push('00001D_flip');
  for (const stem of stems) {
    const rgba = randomBytes(rng, MFNET_W * MFNET_H * 4);
    for (let p = 0; p < MFNET_W * MFNET_H; p += 5) rgba[p * 4 + 3] = 0; // thermal zero next to colour: must survive
    const label = randomIds(rng, MFNET_W * MFNET_H, [0, 1, 2, 3, 4, 5, 6, 7, 8]);
    await writePng(path.join(root, 'images', `${stem}.png`), rgba, MFNET_W, MFNET_H, 4);
    await writePng(path.join(root, 'labels', `${stem}.png`), label, MFNET_W, MFNET_H, 1);
    written.set(stem, { rgba, label });
  }
  if (options.rtfnet) {
    splits.train = [...splits.train!, '00001D_flip'];
    splits.test_day = ['00005D'];
    splits.test_night = ['00006N'];
  }
  for (const [split, list] of Object.entries(splits)) {
    fs.writeFileSync(path.join(root, `${split}.txt`), options.rtfnet ? list.join('\n') : list.join('\n') + '\n');
  }
  return written;
}
