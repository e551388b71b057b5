import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { openSegmentationDataset } from '../../src/data/datasets/registry';
import { inpaintZeros } from '../../src/data/datasets/pst900';
import { UserError } from '../../src/util/errors';
import { makeTmpDir, removeDir, writePng } from './fakes/common';
import { PST_H, PST_W, writeFakePst900 } from './fakes/pst900';

test('pst900: nested root found, counts, RGB-T values, 16-bit thermal_raw and depth kept, label ids', async () => {
  const root = makeTmpDir('pst');
  try {
    const written = await writeFakePst900(root);
    const ds = await openSegmentationDataset('pst900', root);
    assert.equal(ds.layout.id, 'official');
    assert.deepEqual(ds.splits, ['train', 'test']);
    assert.equal(ds.list('train').length, 3);
    assert.equal(ds.list('test').length, 2);
    assert.deepEqual(ds.modalities, ['RGB', 'T', 'RGB-T', 'T_raw', 'RGB-T-D']);
    const ref = ds.list('train')[0]!;
    const truth = written.get(ref.id)!;
    const s = await ds.read(ref, { modality: 'RGB-T-D' });
    assert.deepEqual(s.image.bands, ['R', 'G', 'B', 'T', 'D']);
    const n = PST_W * PST_H;
    for (let p = 0; p < n; p += 7) {
      assert.equal(s.image.data[p * 5], truth.rgb[p * 3]);
      assert.equal(s.image.data[p * 5 + 2], truth.rgb[p * 3 + 2]);
      assert.equal(s.image.data[p * 5 + 3], truth.thermal[p]);
      assert.equal(s.image.data[p * 5 + 4], truth.depth[p]);
    }
    assert.deepEqual(Array.from(s.label.data), Array.from(truth.label));
    const raw = await ds.read(ref, { modality: 'T_raw' });
    assert.deepEqual(Array.from(raw.image.data), Array.from(truth.thermalRaw));
    assert.ok(Math.max(...raw.image.data) > 255);
  } finally {
    removeDir(root);
  }
});

test('pst900 thermal holes: counted and reported; inpainted from neighbours; or masked to ignore', async () => {
  const root = makeTmpDir('pst-holes');
  try {
    const written = await writeFakePst900(root);
    const keep = await openSegmentationDataset('pst900', root);
    const ref = keep.list('train')[2]!;
    const truth = written.get(ref.id)!;
    const kept = await keep.read(ref, { modality: 'T' });
    assert.equal(kept.thermalHolePixels, truth.holes);
    assert.match(kept.notes.join(' '), new RegExp(`thermal holes: ${truth.holes} px`));

    const inpainted = await (await openSegmentationDataset('pst900', root, { thermalHoles: 'inpaint' })).read(ref, { modality: 'RGB-T' });
    let zeros = 0;
    for (let p = 0; p < PST_W * PST_H; p++) {
      const v = inpainted.image.data[p * 4 + 3]!;
      if (v === 0) zeros++;
      if (truth.thermal[p] !== 0) assert.equal(v, truth.thermal[p]); // valid pixels untouched
      else assert.ok(v >= 1 && v <= 255);
    }
    assert.equal(zeros, 0);

    const masked = await (await openSegmentationDataset('pst900', root, { thermalHoles: 'mask' })).read(ref, { modality: 'T' });
    for (let p = 0; p < PST_W * PST_H; p++) assert.equal(masked.label.data[p], truth.thermal[p] === 0 ? 255 : truth.label[p]);
  } finally {
    removeDir(root);
  }
});

test('inpaintZeros: a single hole takes the mean of its 4 neighbours', () => {
  const data = Float32Array.from([1, 2, 3, 4, 0, 6, 7, 8, 9]);
  assert.equal(inpaintZeros(data, 3, 3, 1, 0), 1);
  assert.equal(data[4], (2 + 4 + 6 + 8) / 4);
});

test('pst900 bad inputs: label id out of range, missing thermal pair — naming the file', async () => {
  const root = makeTmpDir('pst-bad');
  try {
    await writeFakePst900(root);
    const ds = await openSegmentationDataset('pst900', root);
    const [a, b] = ds.list('test');
    await writePng(a!.files.label!, new Uint8Array(PST_W * PST_H).fill(9), PST_W, PST_H, 1);
    await assert.rejects(ds.read(a!), (e: unknown) => e instanceof UserError && e.message.includes(a!.files.label!) && /unknown label value \(9\) in 960 pixels/.test(e.message));
    fs.rmSync(b!.files.thermal!);
    await assert.rejects(ds.read(b!, { modality: 'RGB-T' }), (e: unknown) => e instanceof UserError && e.message.includes(b!.files.thermal!) && /not found/.test(e.message));
  } finally {
    removeDir(root);
  }
});
