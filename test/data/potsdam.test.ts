import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { openSegmentationDataset } from '../../src/data/datasets/registry';
import { UserError } from '../../src/util/errors';
import { makeTmpDir, removeDir, writeTiff } from './fakes/common';
import { POT_H, POT_W, writeFakePotsdamMmseg, writeFakePotsdamOfficial } from './fakes/potsdam';

test('potsdam official: tiles per split, band combinations from the right files, DSM float32, eroded and full labels', async () => {
  const root = makeTmpDir('potsdam');
  try {
    const written = await writeFakePotsdamOfficial(root);
    const ds = await openSegmentationDataset('potsdam', root);
    assert.equal(ds.layout.id, 'official');
    assert.deepEqual(ds.list('train').map((r) => r.id), ['2_10', '2_11']);
    assert.deepEqual(ds.list('test').map((r) => r.id), ['2_13']);
    assert.deepEqual(ds.list('val-geoseg').map((r) => r.id), ['2_10']);
    assert.ok(ds.notes.some((n) => n.startsWith('train: 22 of 24 tiles absent')));
    assert.ok(ds.modalities.includes('IRRG+DSM') && ds.modalities.includes('RGBIR+nDSM'));
    const ref = ds.list('train')[1]!;
    const t = written.get(ref.id)!;
    const s = await ds.read(ref, { modality: 'IRRG+DSM' });
    assert.deepEqual(s.image.bands, ['NIR', 'R', 'G', 'DSM']);
    const n = POT_W * POT_H;
    for (let p = 0; p < n; p++) {
      assert.equal(s.image.data[p * 4], t.nir[p]);
      assert.equal(s.image.data[p * 4 + 1], t.r[p]);
      assert.equal(s.image.data[p * 4 + 2], t.g[p]);
      assert.equal(s.image.data[p * 4 + 3], t.dsm[p]); // float32 exact
    }
    // default protocol (rsp) uses eroded labels: boundary black -> 255
    assert.deepEqual(Array.from(s.label.data), Array.from(t.erodedIds));
    assert.ok(s.label.data.includes(255));
    const full = await openSegmentationDataset('potsdam', root, { labels: 'full' });
    const f = await full.read(full.list('train')[1]!, { modality: 'RGB', window: { x: 8, y: 16, width: 32, height: 16 } });
    for (let row = 0; row < 16; row++) {
      for (let col = 0; col < 32; col++) {
        const p = (16 + row) * POT_W + 8 + col;
        assert.equal(f.label.data[row * 32 + col], t.ids[p]);
        assert.equal(f.image.data[(row * 32 + col) * 3 + 2], t.b[p]);
      }
    }
  } finally {
    removeDir(root);
  }
});

test('potsdam official: bands fall back to RGBIR when 2_Ortho_RGB is absent; black in full labels is an unknown colour; DSM size mismatch named', async () => {
  const root = makeTmpDir('potsdam-bad');
  try {
    const written = await writeFakePotsdamOfficial(root, ['2_10', '2_13']);
    fs.rmSync(path.join(root, '2_Ortho_RGB'), { recursive: true });
    const ds = await openSegmentationDataset('potsdam', root);
    const ref = ds.list('train')[0]!;
    const s = await ds.read(ref, { modality: 'RGB' });
    assert.equal(s.image.data[3 * 7 + 2], written.get('2_10')!.b[7]);
    // full labels must not contain the boundary black
    fs.copyFileSync(path.join(root, '5_Labels_all_noBoundary', 'top_potsdam_2_10_label_noBoundary.tif'), path.join(root, '5_Labels_all', 'top_potsdam_2_10_label.tif'));
    const full = await openSegmentationDataset('potsdam', root, { labels: 'full' });
    const labelFile = path.join(root, '5_Labels_all', 'top_potsdam_2_10_label.tif');
    await assert.rejects(full.read(full.list('train')[0]!), (e: unknown) => e instanceof UserError && e.message.includes(labelFile) && /unknown label colour \(0,0,0\)/.test(e.message));
    const dsm = path.join(root, '1_DSM', 'dsm_potsdam_02_13.tif');
    await writeTiff(dsm, new Float32Array(32 * 32), 32, 32, 1);
    await assert.rejects(ds.read(ds.list('test')[0]!, { modality: 'RGB+DSM' }), (e: unknown) => e instanceof UserError && e.message.includes(dsm) && /size mismatch/.test(e.message));
  } finally {
    removeDir(root);
  }
});

test('potsdam mmseg patches: test reads img_dir/val, labels 0 -> ignore and 1..6 -> 0..5, only RGB offered', async () => {
  const root = makeTmpDir('potsdam-mmseg');
  try {
    const written = await writeFakePotsdamMmseg(root);
    const ds = await openSegmentationDataset('potsdam', root);
    assert.equal(ds.layout.id, 'mmseg-patches');
    assert.equal(ds.list('train').length, 2);
    assert.deepEqual(ds.list('test').map((r) => r.id), ['2_13_0_0_32_32']);
    assert.deepEqual(ds.modalities, ['RGB']);
    const ref = ds.list('test')[0]!;
    const s = await ds.read(ref);
    const truth = written.get(ref.id)!;
    assert.deepEqual(Array.from(s.image.data), Array.from(truth.rgb));
    assert.deepEqual(Array.from(s.label.data), Array.from(truth.values, (v) => (v === 0 ? 255 : v - 1)));
    await assert.rejects(ds.read(ref, { modality: 'IRRG' }), /modality 'IRRG' is not available here \(available: RGB\)/);
  } finally {
    removeDir(root);
  }
});
