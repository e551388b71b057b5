import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { inspectDataset } from '../../src/data/inspect';
import { makeTmpDir, removeDir, truncateFile, writePng } from './fakes/common';
import { writeFakeIsaidOfficial } from './fakes/isaid';
import { writeFakeMfnet } from './fakes/mfnet';
import { writeFakePotsdamOfficial } from './fakes/potsdam';
import { writeFakePst900 } from './fakes/pst900';

const BIN = path.resolve(__dirname, '..', '..', 'bin', 'geopretrain.js');

function cli(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: { ...process.env, GEOPRETRAIN_QUIET: '1' } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('geopretrain datasets --json lists every manifest with modalities, classes and where it expects data', () => {
  const r = cli(['datasets', '--json']);
  assert.equal(r.status, 0, r.stderr);
  const { datasets } = JSON.parse(r.stdout) as { datasets: { name: string; envVar: string; modalities: { name: string }[]; classes: string[]; layouts: { id: string }[] }[] };
  const mfnet = datasets.find((d) => d.name === 'mfnet')!;
  assert.equal(mfnet.envVar, 'GEOPRETRAIN_DATA_MFNET');
  assert.deepEqual(mfnet.modalities.map((m) => m.name), ['RGB', 'T', 'RGB-T']);
  assert.equal(mfnet.classes.length, 9);
  assert.ok(datasets.find((d) => d.name === 'synthgeo-potsdam')!.layouts.some((l) => l.id === 'official'));
});

test('geopretrain inspect passes on good fakes (counts, sizes, class histogram) and fails with the file named on a corrupted copy', async () => {
  const root = makeTmpDir('inspect-mfnet');
  try {
    const written = await writeFakeMfnet(root, { rtfnet: true });
    const ok = cli(['inspect', 'mfnet', '--root', root, '--json']);
    assert.equal(ok.status, 0, ok.stderr);
    const report = JSON.parse(ok.stdout);
    assert.equal(report.ok, true);
    assert.equal(report.layout.id, 'rtfnet');
    assert.deepEqual(report.splits.map((s: { name: string; samples: number }) => [s.name, s.samples]), [['train', 3], ['val', 1], ['test', 2], ['test_day', 1], ['test_night', 1]]);
    const train = report.splits[0];
    assert.deepEqual(train.sizes, { '48x32': 3 });
    assert.deepEqual(train.bands.image, { '4 x uint8': 3 });
    // class histogram against counts taken from the written labels
    const counts = new Array(9).fill(0);
    for (const stem of ['00001D', '00002N', '00003D']) for (const v of written.get(stem)!.label) counts[v]++;
    assert.deepEqual(train.classHistogram.map((c: { count: number }) => c.count), counts);

    const copy = path.join(root, 'copy');
    fs.mkdirSync(copy);
    for (const entry of fs.readdirSync(root)) if (entry !== 'copy') fs.cpSync(path.join(root, entry), path.join(copy, entry), { recursive: true });
    truncateFile(path.join(copy, 'images', '00002N.png'), 0.5);
    const bad = cli(['inspect', 'mfnet', '--root', copy, '--split', 'train']);
    assert.equal(bad.status, 1);
    assert.match(bad.stdout, /1 problem\(s\)/);
    assert.ok(bad.stdout.includes(path.join(copy, 'images', '00002N.png')), bad.stdout);
  } finally {
    removeDir(root);
  }
});

test('inspect reports unknown colours, missing pairs and size mismatches, each naming its file', async () => {
  const root = makeTmpDir('inspect-isaid');
  try {
    await writeFakeIsaidOfficial(root);
    const good = await inspectDataset('isaid', root);
    assert.equal(good.ok, true, JSON.stringify(good.problems));
    assert.deepEqual(good.splits.map((s) => s.samples), [2, 1, 1]);
    const masks = path.join(root, 'train', 'Semantic_masks', 'images');
    const mask0 = path.join(masks, 'P0000_instance_color_RGB.png');
    const colours = new Uint8Array(56 * 40 * 3);
    colours.fill(200, 0, 30); // 10 pixels of (200,200,200)
    await writePng(mask0, colours, 56, 40, 3);
    fs.rmSync(path.join(masks, 'P0001_instance_color_RGB.png'));
    await writePng(path.join(root, 'val', 'Semantic_masks', 'images', 'P0002_instance_color_RGB.png'), new Uint8Array(8 * 8 * 3), 8, 8, 3);
    const bad = await inspectDataset('isaid', root);
    assert.equal(bad.ok, false);
    const byFile = new Map(bad.problems.map((p) => [path.basename(p.file), p.problem]));
    assert.match(byFile.get('P0000_instance_color_RGB.png')!, /unknown label colour \(200,200,200\) in 10 pixels/);
    assert.match(byFile.get('P0001_instance_color_RGB.png')!, /missing label file/);
    assert.match(byFile.get('P0002_instance_color_RGB.png')!, /size mismatch/);
    assert.equal(bad.problems.length, 3);
  } finally {
    removeDir(root);
  }
});

test('inspect on Potsdam (GeoTIFF tiles) and PST900 fakes: no problems, class fractions sum to 1 without ignore', async () => {
  const pot = makeTmpDir('inspect-potsdam');
  const pst = makeTmpDir('inspect-pst');
  try {
    await writeFakePotsdamOfficial(pot, ['2_10', '2_13']);
    const r = await inspectDataset('potsdam', pot, { labels: 'full' });
    assert.equal(r.ok, true, JSON.stringify(r.problems));
    assert.deepEqual(r.splits.find((s) => s.name === 'train')!.bands.rgbir, { '4 x uint8': 1 });
    assert.deepEqual(r.splits.find((s) => s.name === 'train')!.bands.dsm, { '1 x float32': 1 });
    const sum = r.splits[0]!.classHistogram.reduce((a, c) => a + c.fraction, 0);
    assert.ok(Math.abs(sum - 1) < 1e-9);
    await writeFakePst900(pst);
    const p = await inspectDataset('pst900', pst);
    assert.equal(p.ok, true, JSON.stringify(p.problems));
    assert.deepEqual(p.splits.find((s) => s.name === 'train')!.bands.thermal_raw, { '1 x uint16': 3 });
  } finally {
    removeDir(pot);
    removeDir(pst);
  }
});
