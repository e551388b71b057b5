/** Fake PST900: PST900_RGBT_Dataset/{train,test}/{rgb,thermal,thermal_raw,depth,labels}/<name>.png. */
import * as path from 'node:path';
import { Rng, randomBytes, randomIds, writePng } from './common';

export const PST_W = 40;
export const PST_H = 24;

export interface FakePstSample {
  split: string;
  rgb: Uint8Array;
  thermal: Uint8Array;
  thermalRaw: Uint16Array;
  depth: Uint16Array;
  label: Uint8Array;
  holes: number;
}

/** Writes 3 train + 2 test samples inside <root>/PST900_RGBT_Dataset; thermal has zero holes (a block per image). */
export async function writeFakePst900(root: string, seed = 21): Promise<Map<string, FakePstSample>> {
  const rng = new Rng(seed);
  const base = path.join(root, 'PST900_RGBT_Dataset');
  const out = new Map<string, FakePstSample>();
  const names: [string, string][] = [
    ['train', '31_bag1a_rect_rgb_frame0000000007'],
    ['train', '31_bag1a_rect_rgb_frame0000000008'],
    ['train', '32_bag2_rect_rgb_frame0000000100'],
    ['test', '40_bag3_rect_rgb_frame0000000001'],
    ['test', '40_bag3_rect_rgb_frame0000000002'],
  ];
  for (const [i, [split, name]] of names.entries()) {
    const n = PST_W * PST_H;
    const rgb = randomBytes(rng, n * 3);
    const thermal = randomBytes(rng, n);
    for (let p = 0; p < n; p++) if (thermal[p] === 0) thermal[p] = 1; // zeros only where holes are planted
    let holes = 0;
    for (let y = 2; y < 2 + 3 + i; y++) for (let x = 5; x < 9; x++) (thermal[y * PST_W + x] = 0), holes++;
    const thermalRaw = Uint16Array.from({ length: n }, () => 20000 + rng.int(30000));
    const depth = Uint16Array.from({ length: n }, () => rng.int(65536));
    const label = randomIds(rng, n, [0, 1, 2, 3, 4]);
    const file = `${name}.png`;
    await writePng(path.join(base, split, 'rgb', file), rgb, PST_W, PST_H, 3);
    await writePng(path.join(base, split, 'thermal', file), thermal, PST_W, PST_H, 1);
    await writePng(path.join(base, split, 'thermal_raw', file), thermalRaw, PST_W, PST_H, 1);
    await writePng(path.join(base, split, 'depth', file), depth, PST_W, PST_H, 1);
    await writePng(path.join(base, split, 'labels', file), label, PST_W, PST_H, 1);
    out.set(name, { split, rgb, thermal, thermalRaw, depth, label, holes });
  }
  return out;
}
