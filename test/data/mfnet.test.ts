import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { openSegmentationDataset } from '../../src/data/datasets/registry';
import { UserError } from '../../src/util/errors';
import { makeTmpDir, removeDir, writePng } from './fakes/common';
import { MFNET_H, MFNET_W, writeFakeMfnet } from './fakes/mfnet';

test('mfnet (official lists): counts, RGB-T bands from the RGBA PNG, thermal = alpha, label ids', async () => {
  const root = makeTmpDir('mfnet');
  try {
    const written = await writeFakeMfnet(root);
    const ds = await openSegmentationDataset('mfnet', root);
    assert.equal(ds.layout.id, 'official');
    assert.deepEqual(ds.splits, ['train', 'val', 'test']);
    assert.deepEqual(ds.list('train').map((r) => r.id), ['00001D', '00002N', '00003D']);
    assert.equal(ds.list('test').length, 2);
    const ref = ds.list('train')[1]!;
    const truth = written.get(ref.id)!;
    const rgbt = await ds.read(ref, { modality: 'RGB-T' });
    assert.deepEqual(rgbt.image.bands, ['R', 'G', 'B', 'T']);
    assert.deepEqual([rgbt.image.width, rgbt.image.height], [MFNET_W, MFNET_H]);
    assert.deepEqual(Array.from(rgbt.image.data), Array.from(truth.rgba));
    assert.deepEqual(Array.from(rgbt.label.data), Array.from(truth.label));
    const t = await ds.read(ref, { modality: 'T' });
    assert.deepEqual(t.image.bands, ['T']);
    assert.deepEqual(Array.from(t.image.data), Array.from({ length: MFNET_W * MFNET_H }, (_, p) => truth.rgba[p * 4 + 3]!));
    const rgb = await ds.read(ref, { modality: 'RGB', window: { x: 8, y: 4, width: 16, height: 8 } });
    assert.equal(rgb.image.data.length, 16 * 8 * 3);
    assert.equal(rgb.image.data[0], truth.rgba[(4 * MFNET_W + 8) * 4]);
    assert.equal(rgb.label.data[0], truth.label[4 * MFNET_W + 8]);
  } finally {
    removeDir(root);
  }
});

test('mfnet (RTFNet release): layout detected, _flip copies skipped unless kept, lists without final newline, day/night tests', async () => {
  const root = makeTmpDir('mfnet-rtf');
  try {
    await writeFakeMfnet(root, { rtfnet: true });
    const ds = await openSegmentationDataset('mfnet', root);
    assert.equal(ds.layout.id, 'rtfnet');
    assert.deepEqual(ds.list('train').map((r) => r.id), ['00001D', '00002N', '00003D']);
    assert.ok(ds.notes.some((n) => n.includes('1 _flip copies')));
    assert.deepEqual(ds.list('test_night').map((r) => r.id), ['00006N']);
    const kept = await openSegmentationDataset('mfnet', root, { keepFlipped: true });
    assert.equal(kept.list('train').length, 4);
  } finally {
    removeDir(root);
  }
});

test('mfnet bad inputs: unknown label id, RGB-only image asked for thermal, size mismatch, missing label — each naming the file', async () => {
  const root = makeTmpDir('mfnet-bad');
  try {
    await writeFakeMfnet(root);
    const ds = await openSegmentationDataset('mfnet', root);
    const [a, b, c] = ds.list('train');
    const bad = new Uint8Array(MFNET_W * MFNET_H).fill(3);
    bad.fill(42, 0, 7);
    await writePng(a!.files.label!, bad, MFNET_W, MFNET_H, 1);
    await assert.rejects(ds.read(a!), (e: unknown) => e instanceof UserError && e.message.includes(a!.files.label!) && /unknown label value \(42\) in 7 pixels/.test(e.message));
    await writePng(b!.files.image!, new Uint8Array(MFNET_W * MFNET_H * 3), MFNET_W, MFNET_H, 3);
    await assert.rejects(ds.read(b!, { modality: 'RGB-T' }), (e: unknown) => e instanceof UserError && e.message.includes(b!.files.image!) && /channel 4 but the file has 3/.test(e.message));
    await writePng(c!.files.label!, new Uint8Array(10 * 10), 10, 10, 1);
    await assert.rejects(ds.read(c!), (e: unknown) => e instanceof UserError && e.message.includes(c!.files.label!) && /size mismatch/.test(e.message));
    const [v] = ds.list('val');
    fs.rmSync(v!.files.label!);
    await assert.rejects(ds.read(v!), (e: unknown) => e instanceof UserError && e.message.includes(path.basename(v!.files.label!)) && /not found/.test(e.message));
  } finally {
    removeDir(root);
  }
});
