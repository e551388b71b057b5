/**
 * Fake ImageNet: train/<wnid>/*.JPEG with the real decoder pitfalls (grayscale JPEG, CMYK JPEG, a PNG
 * named .JPEG) and val either flat with the devkit ground truth (ILSVRC2012_IDs) or in class folders.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Rng, randomBytes, writeJpeg, writePng } from './common';

export const WNIDS = ['n01440764', 'n01443537', 'n01484850'];
/** ILSVRC2012_ID -> wnid, deliberately not in sorted-wnid order. */
export const ILSVRC_IDS: Record<number, string> = { 1: 'n01484850', 2: 'n01440764', 3: 'n01443537' };

export interface FakeImagenet {
  /** relative path -> { classIndex (sorted wnid), kind } */
  files: Map<string, { classId: number; kind: 'rgb' | 'gray' | 'cmyk' | 'png'; rgb?: Uint8Array }>;
}

const S = 32;

function smooth(rng: Rng): Uint8Array {
  const base = [rng.int(150), rng.int(150), rng.int(150)];
  const out = new Uint8Array(S * S * 3);
  for (let p = 0; p < S * S; p++) for (let c = 0; c < 3; c++) out[p * 3 + c] = base[c]! + ((p % S) + Math.floor(p / S)) % 64;
  return out;
}

export async function writeFakeImagenet(root: string, options: { valLayout: 'flat' | 'folders'; seed?: number }): Promise<FakeImagenet> {
  const rng = new Rng(options.seed ?? 51);
  const files: FakeImagenet['files'] = new Map();
  const kinds = ['rgb', 'gray', 'cmyk', 'png'] as const;
  for (const [c, wnid] of WNIDS.entries()) {
    for (let i = 0; i < 2; i++) {
      const kind = kinds[(c * 2 + i) % kinds.length]!;
      const rel = path.join('train', wnid, `${wnid}_${1000 + i}.JPEG`);
      const rgb = smooth(rng);
      if (kind === 'rgb') await writeJpeg(path.join(root, rel), rgb, S, S, 3);
      if (kind === 'cmyk') await writeJpeg(path.join(root, rel), rgb, S, S, 3, { cmyk: true });
      if (kind === 'gray') await writeJpeg(path.join(root, rel), rgb.filter((_, k) => k % 3 === 0), S, S, 1);
      if (kind === 'png') await writePng(path.join(root, rel), randomBytes(rng, S * S * 4), S, S, 4);
      files.set(rel, { classId: c, kind, rgb });
    }
  }
  // val: image k (1-based) has ILSVRC2012_ID gt[k-1]
  const gt = [2, 1, 3, 1];
  for (const [k, id] of gt.entries()) {
    const wnid = ILSVRC_IDS[id]!;
    const name = `ILSVRC2012_val_${String(k + 1).padStart(8, '0')}.JPEG`;
    const rel = options.valLayout === 'flat' ? path.join('val', name) : path.join('val', wnid, name);
    const rgb = smooth(rng);
    await writeJpeg(path.join(root, rel), rgb, S, S, 3);
    files.set(rel, { classId: WNIDS.indexOf(wnid), kind: 'rgb', rgb });
  }
  if (options.valLayout === 'flat') {
    const data = path.join(root, 'ILSVRC2012_devkit_t12', 'data');
    fs.mkdirSync(data, { recursive: true });
    fs.writeFileSync(path.join(data, 'ILSVRC2012_validation_ground_truth.txt'), gt.join('\n') + '\n');
    fs.writeFileSync(path.join(root, 'ILSVRC2012_mapping.txt'), Object.entries(ILSVRC_IDS).map(([id, w]) => `${id} ${w} some words`).join('\n'));
  }
  return { files };
}
