import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { listManifestNames, loadAllManifests, loadManifest, loadManifestFile, manifestDir, resolveRoot } from '../../src/data/manifest/load';
import { READERS } from '../../src/data/datasets/registry';
import { UserError } from '../../src/util/errors';
import { makeTmpDir, removeDir } from './fakes/common';

test('every shipped manifest validates, names a registered reader, and the facts match datasets.md', () => {
  const all = loadAllManifests();
  const names = all.map((m) => m.name);
  for (const n of ['imagenet', 'isaid', 'mfnet', 'potsdam', 'pst900', 'synthgeo-imagenet', 'synthgeo-isaid', 'synthgeo-mfnet', 'synthgeo-potsdam', 'synthgeo-pst900']) {
    assert.ok(names.includes(n), n);
  }
  for (const m of all) assert.ok(READERS[m.reader], `${m.name}: reader ${m.reader}`);
  const md5 = Object.fromEntries(loadManifest('imagenet').downloads.map((d) => [d.name, d.md5]));
  assert.equal(md5['ILSVRC2012_img_train.tar'], '1d675b47d978889d74fa0da5fadfb00e');
  assert.equal(md5['ILSVRC2012_img_val.tar'], '29b22e2961454d5413ddabcf34fc5622');
  assert.equal(md5['ILSVRC2012_devkit_t12.tar.gz'], 'fa75699e90414af021442c21a62c3abf');
  const isaid = loadManifest('isaid');
  assert.equal(isaid.classes.length, 16);
  assert.deepEqual(isaid.classes.find((c) => c.name === 'harbor')!.colour, [0, 100, 155]);
  assert.deepEqual(isaid.classes.find((c) => c.name === 'storage_tank')!.colour, [0, 63, 63]);
  const potsdam = loadManifest('potsdam');
  const split = (n: string) => potsdam.splits.find((s) => s.name === n)!.members!;
  assert.equal(split('train').length, 24);
  assert.equal(split('test').length, 14);
  assert.equal(split('train').filter((t) => split('test').includes(t)).length, 0);
  assert.deepEqual(split('train-geoseg'), split('train').filter((t) => t !== '2_10' && t !== '7_10'));
  const rsp = potsdam.protocols.find((p) => p.name === 'rsp')!;
  assert.deepEqual(rsp.ignoredClasses, ['clutter']);
  assert.equal(potsdam.protocols.find((p) => p.name === 'mmseg')!.meanOver.length, 6);
  assert.equal(potsdam.protocols.find((p) => p.name === 'geoseg')!.meanOver.includes('clutter'), false);
  const syn = loadManifest('synthgeo-mfnet');
  assert.equal(syn.synthetic, true);
  assert.equal(syn.envVar, 'GEOPRETRAIN_DATA_SYNTHGEO_MFNET');
  assert.deepEqual(syn.classes, loadManifest('mfnet').classes); // inherited through "extends"
});

function writeVariant(dir: string, name: string, edit: (m: Record<string, any>) => void): string {
  const m = JSON.parse(fs.readFileSync(path.join(manifestDir(), 'mfnet.json'), 'utf8'));
  m.name = name;
  m.envVar = `GEOPRETRAIN_DATA_${name.toUpperCase().replace(/-/g, '_')}`;
  edit(m);
  const file = path.join(dir, `${name}.json`);
  fs.writeFileSync(file, JSON.stringify(m));
  return file;
}

test('bad manifests: a UserError naming the file and the JSON path of the problem', () => {
  const dir = makeTmpDir('manifest');
  try {
    const cases: [string, (m: Record<string, any>) => void, RegExp][] = [
      ['colour', (m) => (m.classes[1].colour = [64, 0]), /\$\.classes\[1\]\.colour: expected 3 items, got 2/],
      ['band', (m) => (m.modalities[2].bands = ['R', 'X']), /\$\.modalities\[2\]\.bands\[1\]: band X is not in \$\.bands/],
      ['protocol', (m) => m.protocols[0].meanOver.push('tractor'), /\$\.protocols\[0\]\.meanOver\[9\]: class "tractor" is not in \$\.classes/],
      ['missing', (m) => delete m.licence, /\$\.licence: is required but missing/],
      ['typo', (m) => (m.clases = []), /\$\.clases: unknown field/],
      ['ignore', (m) => (m.ignoreIndex = 3), /\$\.classes\[3\]\.id: class bike uses the ignore id 3/],
      ['md5', (m) => (m.downloads[0].md5 = 'abc'), /\$\.downloads\[0\]\.md5: "abc" does not match/],
      ['split', (m) => (m.protocols[0].splits.test = 'holdout'), /\$\.protocols\[0\]\.splits\.test: split "holdout" is not in \$\.splits/],
    ];
    for (const [name, edit, pattern] of cases) {
      const file = writeVariant(dir, `bad-${name}`, edit);
      assert.throws(() => loadManifestFile(file), (e: unknown) => e instanceof UserError && e.message.startsWith(`${file}: invalid manifest at `) && pattern.test(e.message), name);
    }
    const renamed = writeVariant(dir, 'other', () => {});
    const moved = path.join(dir, 'elsewhere.json');
    fs.renameSync(renamed, moved);
    assert.throws(() => loadManifestFile(moved), /\$\.name: is "other" but the file is named elsewhere\.json/);
    const broken = path.join(dir, 'broken.json');
    fs.writeFileSync(broken, '{"name": "broken",');
    assert.throws(() => loadManifestFile(broken), (e: unknown) => e instanceof UserError && e.message.includes(broken) && /not valid JSON/.test(e.message));
    const ext = path.join(dir, 'ext.json');
    fs.writeFileSync(ext, JSON.stringify({ extends: 'nowhere', name: 'ext' }));
    assert.throws(() => loadManifestFile(ext), /\$\.extends: no manifest/);
    assert.deepEqual(listManifestNames(dir).includes('bad-colour'), true);
  } finally {
    removeDir(dir);
  }
});

test('data roots: --root wins, else GEOPRETRAIN_DATA_<NAME>; neither is a UserError naming the variable', () => {
  const m = loadManifest('pst900');
  const dir = makeTmpDir('roots');
  const saved = process.env.GEOPRETRAIN_DATA_PST900;
  try {
    delete process.env.GEOPRETRAIN_DATA_PST900;
    assert.throws(() => resolveRoot(m), /GEOPRETRAIN_DATA_PST900/);
    process.env.GEOPRETRAIN_DATA_PST900 = dir;
    assert.equal(resolveRoot(m), dir);
    assert.equal(resolveRoot(m, dir), dir);
    assert.throws(() => resolveRoot(m, path.join(dir, 'nope')), /data root does not exist/);
  } finally {
    if (saved === undefined) delete process.env.GEOPRETRAIN_DATA_PST900;
    else process.env.GEOPRETRAIN_DATA_PST900 = saved;
    removeDir(dir);
  }
});
