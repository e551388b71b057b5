import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openSegmentationDataset } from '../../src/data/datasets/registry';
import { UserError } from '../../src/util/errors';
import { makeTmpDir, removeDir, writePng } from './fakes/common';
import { writeFakeIsaidMmseg, writeFakeIsaidOfficial } from './fakes/isaid';

test('isaid official layout: colour masks decode to the written ids, test split has no labels, windows', async () => {
  const root = makeTmpDir('isaid');
  try {
    const written = await writeFakeIsaidOfficial(root);
    const ds = await openSegmentationDataset('isaid', root);
    assert.equal(ds.layout.id, 'official');
    assert.deepEqual(ds.splits, ['train', 'val', 'test']);
    assert.deepEqual(ds.list('train').map((r) => r.id), ['P0000', 'P0001']);
    for (const ref of [...ds.list('train'), ...ds.list('val')]) {
      const truth = written.get(ref.id)!;
      const s = await ds.read(ref);
      assert.deepEqual([s.image.width, s.image.height, s.image.bands.join('')], [truth.width, truth.height, 'RGB']);
      assert.deepEqual(Array.from(s.image.data), Array.from(truth.rgb));
      assert.deepEqual(Array.from(s.label.data), Array.from(truth.ids!));
      assert.equal(s.hasLabel, true);
    }
    const test0 = await ds.read(ds.list('test')[0]!);
    assert.equal(test0.hasLabel, false);
    assert.ok(test0.label.data.every((v) => v === 255));
    const ref = ds.list('val')[0]!;
    const truth = written.get(ref.id)!;
    const w = await ds.read(ref, { window: { x: 10, y: 20, width: 8, height: 4 } });
    assert.equal(w.label.data[5], truth.ids![20 * truth.width + 15]);
    assert.equal(w.image.data[3 * 8 * 3 + 2 * 3 + 1], truth.rgb[(23 * truth.width + 12) * 3 + 1]);
  } finally {
    removeDir(root);
  }
});

test('isaid mmseg patches: BMP images behind .png, id labels with 255 padding', async () => {
  const root = makeTmpDir('isaid-mmseg');
  try {
    const written = await writeFakeIsaidMmseg(root);
    const ds = await openSegmentationDataset('isaid', root);
    assert.equal(ds.layout.id, 'mmseg-patches');
    assert.equal(ds.list('train').length, 2);
    assert.equal(ds.list('val').length, 1);
    for (const ref of ds.list('train')) {
      const s = await ds.read(ref);
      const truth = written.get(ref.id)!;
      assert.deepEqual(Array.from(s.image.data), Array.from(truth.rgb));
      assert.deepEqual(Array.from(s.label.data), Array.from(truth.ids!));
      assert.equal(s.label.data.filter((v) => v === 255).length, 8 * 32);
    }
  } finally {
    removeDir(root);
  }
});

test('isaid unknown mask colour: UserError naming the file, the colour and its pixel count', async () => {
  const root = makeTmpDir('isaid-bad');
  try {
    const written = await writeFakeIsaidOfficial(root);
    const ds = await openSegmentationDataset('isaid', root);
    const ref = ds.list('train')[0]!;
    const truth = written.get(ref.id)!;
    const mask = new Uint8Array(truth.width * truth.height * 3); // all background black ...
    for (let p = 0; p < 13; p++) mask.set([12, 34, 56], p * 3); // ... but 13 pixels of a colour not in the table
    await writePng(ref.files.label!, mask, truth.width, truth.height, 3);
    await assert.rejects(ds.read(ref), (e: unknown) => e instanceof UserError && e.message.includes(ref.files.label!) && /unknown label colour \(12,34,56\) in 13 pixels/.test(e.message));
    const lenient = await ds.readLabel(ref, { lenient: true });
    assert.deepEqual(lenient.unknown, [{ value: [12, 34, 56], pixels: 13 }]);
  } finally {
    removeDir(root);
  }
});
