import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import sharp from 'sharp';
import { SYNTH_DATASETS } from '../../src/data/synthgeo/registry';
import { SynthMfnet } from '../../src/data/synthgeo/mfnet';
import { SynthPst900 } from '../../src/data/synthgeo/pst900';
import { SynthIsaid } from '../../src/data/synthgeo/isaid';
import { SynthPotsdam, erodeBoundaries } from '../../src/data/synthgeo/potsdam';
import { SynthImageNet } from '../../src/data/synthgeo/imagenet';
import { ISAID_CLASSES, POTSDAM_CLASSES } from '../../src/data/synthgeo/classes';
import { potsdamFiles } from '../../src/data/synthgeo/write/potsdam';
import { SYNTH_WNIDS } from '../../src/data/synthgeo/write/imagenet';
import { pngHeader } from '../../src/data/synthgeo/encode';
import { importEsm } from '../../src/util/esm';

type GeoTiffModule = typeof import('geotiff');

function tmp(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'synthgeo-write-'));
}

async function rawPng(file: string, colourspace?: 'b-w' | 'grey16'): Promise<{ data: Buffer; channels: number; width: number }> {
  let p = sharp(file);
  if (colourspace) p = p.toColourspace(colourspace);
  const { data, info } = await p.raw(colourspace === 'grey16' ? { depth: 'ushort' } : undefined).toBuffer({ resolveWithObject: true });
  return { data, channels: info.channels, width: info.width };
}

function channel(data: Float32Array, bands: number, k: number): number[] {
  return Array.from({ length: data.length / bands }, (_, i) => data[i * bands + k]);
}

test('mfnet on disk: RGBA PNG with thermal in alpha (not premultiplied), uint8 labels, split lists', async () => {
  const dir = tmp();
  try {
    const r = await SYNTH_DATASETS.mfnet.write(dir, { seed: 1, train: 4, test: 4, size: 32 });
    assert.deepEqual(r.counts, { train: 4, val: 1, test: 4 });
    const gen = new SynthMfnet({ seed: 1, size: 32 });
    const train = fs.readFileSync(path.join(dir, 'train.txt'), 'utf8');
    assert.ok(!train.endsWith('\n'));
    assert.deepEqual(train.split('\n'), [0, 1, 2, 3].map((i) => gen.name('train', i)));
    for (const [split, i] of [['train', 0], ['train', 3], ['test', 2]] as const) {
      const s = gen.sample(split, i);
      const png = fs.readFileSync(path.join(dir, 'images', `${s.id}.png`));
      assert.deepEqual([pngHeader(png).bitDepth, pngHeader(png).colorType], [8, 6]);
      const img = await rawPng(path.join(dir, 'images', `${s.id}.png`));
      assert.equal(img.channels, 4);
      assert.deepEqual(Array.from(img.data), Array.from(s.image.data));
      // Alpha is the thermal band exactly, including low values where premultiplying would darken RGB.
      assert.deepEqual(Array.from(img.data).filter((_, k) => k % 4 === 3), channel(s.image.data, 4, 3));
      const lab = await rawPng(path.join(dir, 'labels', `${s.id}.png`), 'b-w');
      assert.equal(lab.channels, 1);
      assert.deepEqual(Array.from(lab.data), Array.from(s.label.data));
    }
    assert.ok(fs.existsSync(path.join(dir, 'synthgeo.json')));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('pst900 on disk: rgb/thermal/thermal_raw(16-bit)/labels with the same names, values exact', async () => {
  const dir = tmp();
  try {
    await SYNTH_DATASETS.pst900.write(dir, { seed: 2, train: 3, test: 2, size: 32 });
    const gen = new SynthPst900({ seed: 2, size: 32 });
    const s = gen.sample('test', 1);
    const names = ['rgb', 'thermal', 'thermal_raw', 'labels'].map((f) => fs.readdirSync(path.join(dir, 'test', f)).sort());
    for (const n of names) assert.deepEqual(n, names[0]);
    assert.ok(names[0].includes(`${s.id}.png`));
    const raw = fs.readFileSync(path.join(dir, 'test', 'thermal_raw', `${s.id}.png`));
    assert.deepEqual([pngHeader(raw).bitDepth, pngHeader(raw).colorType], [16, 0]);
    const r16 = await rawPng(path.join(dir, 'test', 'thermal_raw', `${s.id}.png`), 'grey16');
    assert.deepEqual(Array.from(new Uint16Array(r16.data.buffer, r16.data.byteOffset, r16.data.length / 2)), Array.from(s.thermalRaw));
    assert.ok(Math.max(...s.thermalRaw) > 255, 'raw thermal uses the 16-bit range');
    const th = await rawPng(path.join(dir, 'test', 'thermal', `${s.id}.png`), 'b-w');
    assert.deepEqual(Array.from(th.data), channel(s.image.data, 4, 3));
    assert.ok(Array.from(th.data).some((v) => v === 0), 'holes survive on disk');
    const rgb = await rawPng(path.join(dir, 'test', 'rgb', `${s.id}.png`));
    assert.equal(rgb.channels, 3);
    assert.deepEqual(Array.from(rgb.data).filter((_, k) => k % 3 === 1), channel(s.image.data, 4, 1));
    const lab = await rawPng(path.join(dir, 'test', 'labels', `${s.id}.png`), 'b-w');
    assert.deepEqual(Array.from(lab.data), Array.from(s.label.data));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('isaid on disk: RGB images and masks colour-coded with the exact devkit palette', async () => {
  const dir = tmp();
  try {
    await SYNTH_DATASETS.isaid.write(dir, { seed: 3, train: 3, test: 2, size: 32 });
    const gen = new SynthIsaid({ seed: 3, size: 32 });
    const s = gen.sample('test', 1);
    const img = await rawPng(path.join(dir, 'val', 'images', `${s.id}.png`));
    assert.deepEqual(Array.from(img.data), Array.from(s.image.data));
    const mask = await rawPng(path.join(dir, 'val', 'Semantic_masks', 'images', `${s.id}_instance_color_RGB.png`));
    const byColour = new Map(ISAID_CLASSES.map((c) => [c.color.join(','), c.id]));
    for (let p = 0; p < s.label.data.length; p++) {
      const key = `${mask.data[p * 3]},${mask.data[p * 3 + 1]},${mask.data[p * 3 + 2]}`;
      assert.ok(byColour.has(key), `colour ${key} not in the iSAID palette`);
      assert.equal(byColour.get(key), s.label.data[p]);
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('potsdam on disk: GeoTIFF bands, dtypes and values; colour labels in the palette; noBoundary black on edges', async () => {
  const dir = tmp();
  try {
    await SYNTH_DATASETS.potsdam.write(dir, { seed: 4, train: 2, test: 1, size: 64 });
    const GT = await importEsm<GeoTiffModule>('geotiff');
    const read = async (rel: string) => {
      const buf = fs.readFileSync(path.join(dir, rel));
      const image = await (await GT.fromArrayBuffer(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength))).getImage();
      const data = await image.readRasters({ interleave: true });
      return { image, data: Array.from(data as unknown as ArrayLike<number>), type: (data as object).constructor.name };
    };
    const gen = new SynthPotsdam({ seed: 4, size: 64 });
    const s = gen.sample('test', 0);
    const f = potsdamFiles('2_13');
    assert.equal(f.dsm, '1_DSM/dsm_potsdam_02_13.tif');
    const rgb = await read(f.rgb);
    assert.deepEqual([rgb.image.getSamplesPerPixel(), rgb.image.getBitsPerSample(), rgb.type, rgb.image.getWidth()], [3, 8, 'Uint8Array', 64]);
    assert.deepEqual(rgb.data.filter((_, k) => k % 3 === 0), channel(s.image.data, 5, 0));
    assert.deepEqual(rgb.image.getResolution(), [0.05, -0.05, 0]);
    const irrg = await read(f.irrg);
    assert.deepEqual(irrg.data.filter((_, k) => k % 3 === 0), channel(s.image.data, 5, 3)); // NIR first
    const rgbir = await read(f.rgbir);
    assert.equal(rgbir.image.getSamplesPerPixel(), 4);
    assert.deepEqual(rgbir.data.filter((_, k) => k % 4 === 3), channel(s.image.data, 5, 3));
    const dsm = await read(f.dsm);
    assert.deepEqual([dsm.image.getSamplesPerPixel(), dsm.image.getBitsPerSample(), dsm.type], [1, 32, 'Float32Array']);
    assert.deepEqual(dsm.data, channel(s.image.data, 5, 4));
    // A window read (what loaders do on big tiles) matches too.
    const win = await dsm.image.readRasters({ window: [5, 20, 9, 23], interleave: true });
    assert.deepEqual(Array.from(win as unknown as ArrayLike<number>), [20, 21, 22].flatMap((y) => [5, 6, 7, 8].map((x) => s.image.data[(y * 64 + x) * 5 + 4])));
    const palette = new Map(POTSDAM_CLASSES.map((c) => [c.color.join(','), c.id]));
    const label = await read(f.label);
    const eroded = erodeBoundaries(s.label).data;
    const noBoundary = await read(f.labelNoBoundary);
    let black = 0;
    for (let p = 0; p < 64 * 64; p++) {
      const key = label.data.slice(p * 3, p * 3 + 3).join(',');
      assert.equal(palette.get(key), s.label.data[p], `pixel ${p} colour ${key}`);
      const nb = noBoundary.data.slice(p * 3, p * 3 + 3).join(',');
      if (eroded[p] === 255) {
        assert.equal(nb, '0,0,0');
        black++;
      } else assert.equal(nb, key);
    }
    assert.ok(black > 0);
    for (const tile of ['2_10', '2_11', '2_13']) assert.ok(fs.existsSync(path.join(dir, potsdamFiles(tile).ndsm)), tile);
    assert.ok(!fs.existsSync(path.join(dir, potsdamFiles('2_12').rgb)));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('imagenet on disk: ImageFolder JPEGs per class, classes.txt, cue flags as generated', async () => {
  const dir = tmp();
  try {
    const r = await SYNTH_DATASETS.imagenet.write(dir, { seed: 5, train: 20, test: 10, size: 32 });
    assert.deepEqual(r.counts, { train: 20, val: 10, shape_only: 10 });
    assert.equal(fs.readFileSync(path.join(dir, 'classes.txt'), 'utf8').trim().split('\n').length, 10);
    assert.deepEqual(fs.readdirSync(path.join(dir, 'train')).sort(), [...SYNTH_WNIDS]);
    const jpg = path.join(dir, 'train', SYNTH_WNIDS[3], `${SYNTH_WNIDS[3]}_4.JPEG`);
    const meta = await sharp(jpg).metadata();
    assert.deepEqual([meta.format, meta.width, meta.channels], ['jpeg', 32, 3]);
    const gen = new SynthImageNet({ seed: 5 });
    const rows = fs.readFileSync(path.join(dir, 'cues.csv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split(','));
    assert.equal(rows.length, 40);
    const row = rows.find((x) => x[1] === `train/${SYNTH_WNIDS[3]}/${SYNTH_WNIDS[3]}_4.JPEG`) as string[];
    const cues = gen.render('train', 3).cues;
    assert.deepEqual(row.slice(2), ['3', String(+cues.objectHue), String(+cues.texture), String(+cues.backgroundHue)]);
    assert.ok(rows.filter((x) => x[0] === 'shape_only').every((x) => x[3] === '0' && x[4] === '0' && x[5] === '0'));
    // The JPEG decodes close to the generated pixels (lossy, quality 95).
    const { data } = await sharp(jpg).raw().toBuffer({ resolveWithObject: true });
    const want = gen.sample('train', 3).image.data;
    const mae = Array.from(data as Uint8Array).reduce((a: number, v: number, k: number) => a + Math.abs(v - want[k]), 0) / data.length;
    assert.ok(mae < 6, `JPEG error ${mae}`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
