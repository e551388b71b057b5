import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { openClassificationDataset } from '../../src/data/datasets/registry';
import { UserError } from '../../src/util/errors';
import { makeTmpDir, removeDir } from './fakes/common';
import { WNIDS, writeFakeImagenet } from './fakes/imagenet';

test('imagenet flat val + devkit ground truth: ILSVRC2012_IDs mapped to sorted-wnid indices; every file decodes to 3 bands', async () => {
  const root = makeTmpDir('imagenet');
  try {
    const fake = await writeFakeImagenet(root, { valLayout: 'flat' });
    const ds = await openClassificationDataset('imagenet', root);
    assert.equal(ds.layout.id, 'flat-val-devkit');
    assert.deepEqual(ds.classNames, WNIDS);
    assert.equal(ds.list('train').length, 6);
    const val = ds.list('val');
    assert.deepEqual(val.map((r) => r.classId), [0, 2, 1, 2]); // IDs 2,1,3,1 -> n01440764, n01484850, n01443537, n01484850
    for (const ref of [...ds.list('train'), ...val]) {
      const rel = path.relative(root, ref.files.image!);
      const truth = fake.files.get(rel)!;
      assert.equal(ref.classId, truth.classId, rel);
      const s = await ds.read(ref);
      assert.deepEqual(s.image.bands, ['R', 'G', 'B'], rel);
      assert.equal(s.image.data.length, 32 * 32 * 3);
      if (truth.kind === 'gray') for (let p = 0; p < 32 * 32; p += 17) assert.equal(s.image.data[p * 3], s.image.data[p * 3 + 2]);
      if (truth.kind === 'rgb' || truth.kind === 'cmyk') {
        let err = 0;
        for (let i = 0; i < s.image.data.length; i++) err += Math.abs(s.image.data[i]! - truth.rgb![i]!);
        assert.ok(err / s.image.data.length < (truth.kind === 'cmyk' ? 25 : 4), `${rel} (${truth.kind}) mean error ${err / s.image.data.length}`);
      }
    }
  } finally {
    removeDir(root);
  }
});

test('imagenet val in class folders; flat val without a mapping file is a UserError that says what to provide', async () => {
  const root = makeTmpDir('imagenet-folders');
  try {
    await writeFakeImagenet(root, { valLayout: 'folders' });
    const ds = await openClassificationDataset('imagenet', root);
    assert.equal(ds.layout.id, 'class-folders');
    assert.deepEqual(ds.list('val').map((r) => r.classId).sort(), [0, 1, 2, 2]);
  } finally {
    removeDir(root);
  }
  const flat = makeTmpDir('imagenet-nomap');
  try {
    await writeFakeImagenet(flat, { valLayout: 'flat' });
    fs.rmSync(path.join(flat, 'ILSVRC2012_mapping.txt'));
    await assert.rejects(openClassificationDataset('imagenet', flat), (e: unknown) => e instanceof UserError && /ILSVRC2012_validation_ground_truth\.txt/.test(e.message) && /ILSVRC2012_mapping\.txt/.test(e.message));
  } finally {
    removeDir(flat);
  }
});
