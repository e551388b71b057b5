import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { main } from '../../src/cli/main';
import { openSegmentationDataset } from '../../src/data/datasets/registry';
import { readRaster } from '../../src/data/readers/index';
import { slidingWindows, tiles, windowStarts } from '../../src/data/tiling';
import { makeTmpDir, removeDir, truncateFile } from './fakes/common';
import { writeFakeIsaidOfficial } from './fakes/isaid';

test('windowStarts: mmseg iSAID 896/512 and Potsdam 512 grid, last window shifted back inside', () => {
  assert.deepEqual(windowStarts(2000, 896, 512), [0, 512, 1024, 1104]);
  assert.deepEqual(windowStarts(1000, 896, 512), [0, 104]);
  assert.deepEqual(windowStarts(800, 896, 512), [0]);
  const potsdam = windowStarts(6000, 512, 512);
  assert.equal(potsdam.length, 12); // 12 x 12 = 144 patches per tile, as the mmseg converter makes
  assert.equal(potsdam[11], 5488);
  // generic properties against a brute-force coverage count
  for (const [len, size, step] of [[37, 8, 5], [64, 16, 16], [100, 30, 7], [5, 8, 3]] as const) {
    const starts = windowStarts(len, size, step);
    const covered = new Uint8Array(len);
    for (const s of starts) for (let i = s; i < Math.min(len, s + size); i++) covered[i] = 1;
    assert.ok(covered.every((c) => c === 1), `${len}/${size}/${step} covers everything`);
    assert.equal(starts[0], 0);
    assert.equal(starts[starts.length - 1], Math.max(0, len - size));
    for (let i = 1; i < starts.length; i++) assert.ok(starts[i]! - starts[i - 1]! <= step && starts[i]! > starts[i - 1]!);
  }
  const ws = slidingWindows(56, 40, 32, 16);
  assert.equal(ws.length, 3 * 2);
  assert.deepEqual(ws[ws.length - 1], { x: 24, y: 8, width: 32, height: 32 });
});

test('tiles: windows read on the fly equal the same windows cut from a whole read', async () => {
  const root = makeTmpDir('tiles');
  try {
    await writeFakeIsaidOfficial(root);
    const ds = await openSegmentationDataset('isaid', root);
    const whole = new Map<string, Awaited<ReturnType<typeof ds.read>>>();
    for (const ref of ds.list('train')) whole.set(ref.id, await ds.read(ref));
    let count = 0;
    for await (const t of tiles(ds, 'train', { size: 32, step: 16 })) {
      const full = whole.get(t.ref.id)!;
      const { x, y, width, height } = t.window;
      for (let r = 0; r < height; r++) {
        for (let c = 0; c < width; c++) {
          const p = (y + r) * full.image.width + x + c;
          assert.equal(t.sample.label.data[r * width + c], full.label.data[p]);
          assert.equal(t.sample.image.data[(r * width + c) * 3 + 1], full.image.data[p * 3 + 1]);
        }
      }
      count++;
    }
    // P0000 56x40 -> x 0,16,24 and y 0,8 = 6 windows; P0001 32x48 -> x 0, y 0,16 = 2 windows
    assert.equal(count, 6 + 2);
  } finally {
    removeDir(root);
  }
});

test('export-tiles writes PNG image/label tiles equal to the windows; a failing export leaves nothing behind', async () => {
  const root = makeTmpDir('export');
  const out = path.join(makeTmpDir('export-out'), 'tiles');
  try {
    const written = await writeFakeIsaidOfficial(root);
    const code = await main(['export-tiles', 'isaid', '--root', root, '--out', out, '--size', '32', '--step', '16', '--split', 'train']);
    assert.equal(code, 0);
    const images = fs.readdirSync(path.join(out, 'train', 'images')).sort();
    assert.equal(images.length, 8);
    assert.ok(images.includes('P0000_8_40_24_56.png'));
    const img = await readRaster(path.join(out, 'train', 'images', 'P0000_8_40_24_56.png'));
    const lbl = await readRaster(path.join(out, 'train', 'labels', 'P0000_8_40_24_56.png'));
    const truth = written.get('P0000')!;
    assert.deepEqual([img.width, img.height, img.bands, lbl.bands], [32, 32, 3, 1]);
    for (let r = 0; r < 32; r++) {
      for (let c = 0; c < 32; c++) {
        const p = (8 + r) * 56 + 24 + c;
        assert.equal(lbl.data[r * 32 + c], truth.ids![p]);
        assert.equal(img.data[(r * 32 + c) * 3], truth.rgb[p * 3]);
      }
    }
    const meta = JSON.parse(fs.readFileSync(path.join(out, 'tiles.json'), 'utf8'));
    assert.deepEqual(meta.tiles, { train: 8 });

    // corrupt one mask: the export fails and the previous output stays as it was, with no temp dirs left
    truncateFile(path.join(root, 'train', 'Semantic_masks', 'images', 'P0001_instance_color_RGB.png'), 0.4);
    const again = await main(['export-tiles', 'isaid', '--root', root, '--out', out, '--size', '16', '--split', 'train']);
    assert.equal(again, 2);
    assert.equal(fs.readdirSync(path.join(out, 'train', 'images')).length, 8);
    assert.deepEqual(fs.readdirSync(path.dirname(out)), ['tiles']);
  } finally {
    removeDir(root);
    removeDir(path.dirname(out));
  }
});
