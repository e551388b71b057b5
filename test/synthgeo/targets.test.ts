import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SynthIsaid } from '../../src/data/synthgeo/isaid';
import { SynthMfnet } from '../../src/data/synthgeo/mfnet';
import { PST900_HOLE_FRACTION, SynthPst900 } from '../../src/data/synthgeo/pst900';
import { SynthPotsdam, erodeBoundaries, POTSDAM_ID } from '../../src/data/synthgeo/potsdam';
import { ISAID_SHAPE_OF_CLASS } from '../../src/data/synthgeo/classes';
import type { SegGenerator } from '../../src/data/synthgeo/seg-generator';
import type { SegSample } from '../../src/data/types';

const generators: Array<{ gen: SegGenerator; ids: number[]; bands: string[] }> = [
  { gen: new SynthIsaid({ seed: 5 }), ids: [0, ...ISAID_SHAPE_OF_CLASS.keys()], bands: ['R', 'G', 'B'] },
  { gen: new SynthMfnet({ seed: 5 }), ids: [0, 1, 2, 3, 4, 5, 6, 7, 8], bands: ['R', 'G', 'B', 'T'] },
  { gen: new SynthPst900({ seed: 5 }), ids: [0, 1, 2, 3, 4], bands: ['R', 'G', 'B', 'T'] },
  { gen: new SynthPotsdam({ seed: 5 }), ids: [0, 1, 2, 3, 4, 5], bands: ['R', 'G', 'B', 'IR', 'DSM'] },
];

function samples(gen: SegGenerator, n: number, split: 'train' | 'test' = 'train'): SegSample[] {
  return Array.from({ length: n }, (_, i) => gen.sample(split, i));
}

test('targets: label ids stay in each class set, every present class occurs, bands and sizes as declared', () => {
  for (const { gen, ids, bands } of generators) {
    const seen = new Set<number>();
    for (const s of samples(gen, 60)) {
      assert.deepEqual(s.image.bands, bands, gen.dataset);
      assert.equal(s.image.data.length, 48 * 48 * bands.length);
      assert.equal(s.label.data.length, 48 * 48);
      for (const v of s.label.data) seen.add(v);
      for (let i = 0; i < s.image.data.length; i++) {
        const band = bands[i % bands.length];
        const v = s.image.data[i];
        if (band !== 'DSM') assert.ok(Number.isInteger(v) && v >= 0 && v <= 255, `${gen.dataset} ${band} value ${v}`);
      }
    }
    assert.deepEqual([...seen].sort((a, b) => a - b), [...ids].sort((a, b) => a - b), `${gen.dataset} classes seen`);
  }
});

test('targets: deterministic by seed, different across seeds and splits', () => {
  for (const { gen } of generators) {
    const Ctor = gen.constructor as new (o: { seed: number }) => SegGenerator;
    const again = new Ctor({ seed: 5 }).sample('train', 4);
    const first = gen.sample('train', 4);
    assert.deepEqual(again.image.data, first.image.data, gen.dataset);
    assert.deepEqual(again.label.data, first.label.data, gen.dataset);
    assert.notDeepEqual(new Ctor({ seed: 6 }).sample('train', 4).image.data, first.image.data, gen.dataset);
    assert.notDeepEqual(gen.sample('test', 4).image.data, first.image.data, gen.dataset);
  }
});

/** Accuracy of the best single threshold on a per-object feature separating two classes. */
function bestThresholdAccuracy(a: number[], b: number[]): number {
  const all = [...a.map((v) => [v, 0]), ...b.map((v) => [v, 1])].sort((x, y) => x[0] - y[0]);
  let best = 0;
  let leftB = 0;
  let leftA = 0;
  for (let i = 0; i <= all.length; i++) {
    // Split after i items: left predicted one class, right the other (both orientations).
    const acc1 = (leftA + (b.length - leftB)) / all.length;
    const acc2 = (leftB + (a.length - leftA)) / all.length;
    best = Math.max(best, acc1, acc2);
    if (i < all.length) {
      if (all[i][1] === 0) leftA++;
      else leftB++;
    }
  }
  return best;
}

/** Mean of band k over the pixels of each class, one value per (sample, class present). */
function perSampleClassMeans(list: SegSample[], classId: number, band: number): number[] {
  const out: number[] = [];
  for (const s of list) {
    const c = s.image.bands.length;
    let sum = 0;
    let n = 0;
    for (let i = 0; i < s.label.data.length; i++) {
      if (s.label.data[i] === classId) {
        sum += s.image.data[i * c + band];
        n++;
      }
    }
    if (n > 0) out.push(sum / n);
  }
  return out;
}

test('potsdam: paired classes share spectra and height (no single band separates them); height separates the pairs', () => {
  const gen = new SynthPotsdam({ seed: 9 });
  const list = samples(gen, 120);
  // Relative height: DSM minus the sample's median ground level.
  const rel = list.map((s) => {
    const dsm = Array.from({ length: s.label.data.length }, (_, i) => s.image.data[i * 5 + 4]).sort((a, b) => a - b);
    const ground = dsm[Math.floor(dsm.length * 0.3)];
    const data = new Float32Array(s.image.data);
    for (let i = 0; i < s.label.data.length; i++) data[i * 5 + 4] -= ground;
    return { ...s, image: { ...s.image, data } };
  });
  const pairs: Array<[number, number]> = [
    [POTSDAM_ID.building, POTSDAM_ID.tree],
    [POTSDAM_ID.car, POTSDAM_ID.clutter],
    [POTSDAM_ID.impervious, POTSDAM_ID.lowVegetation],
  ];
  for (const [a, b] of pairs) {
    for (const band of [0, 1, 2, 3, 4]) {
      const acc = bestThresholdAccuracy(perSampleClassMeans(rel, a, band), perSampleClassMeans(rel, b, band));
      assert.ok(acc < 0.72, `classes ${a} vs ${b}: band ${band} alone separates them with accuracy ${acc.toFixed(2)}`);
    }
  }
  // Height does separate raised from ground classes.
  const acc = bestThresholdAccuracy(perSampleClassMeans(rel, POTSDAM_ID.building, 4), perSampleClassMeans(rel, POTSDAM_ID.impervious, 4));
  assert.ok(acc > 0.95, `height should separate building from impervious, got ${acc}`);
  // Eroded boundary marks exactly the pixels whose right or lower neighbour differs.
  const s = list[0];
  const eroded = erodeBoundaries(s.label);
  const w = 48;
  let marked = 0;
  for (let y = 0; y < 48; y++) {
    for (let x = 0; x < 48; x++) {
      const here = s.label.data[y * w + x];
      const edge = (x < 47 && s.label.data[y * w + x + 1] !== here) || (y < 47 && s.label.data[(y + 1) * w + x] !== here);
      if (edge) marked++;
      assert.equal(eroded.data[y * w + x], edge ? 255 : here);
    }
  }
  assert.ok(marked > 0);
});

test('isaid: object colours are class-independent (nearest-centroid colour classifier at chance level)', () => {
  const list = samples(new SynthIsaid({ seed: 11 }), 200);
  const classes = [...ISAID_SHAPE_OF_CLASS.keys()];
  // Mean colour per object-class occurrence in each image.
  const rows: Array<{ k: number; rgb: number[] }> = [];
  for (const s of list) {
    for (const k of classes) {
      const m = [0, 1, 2].map((band) => perSampleClassMeans([s], k, band)[0]);
      if (m[0] !== undefined) rows.push({ k, rgb: m });
    }
  }
  const half = Math.floor(rows.length / 2);
  const centroids = new Map<number, number[]>();
  for (const k of classes) {
    const own = rows.slice(0, half).filter((r) => r.k === k);
    centroids.set(k, [0, 1, 2].map((c) => own.reduce((a, r) => a + r.rgb[c], 0) / Math.max(1, own.length)));
  }
  let correct = 0;
  const test = rows.slice(half);
  for (const r of test) {
    let best = classes[0];
    let bestD = Infinity;
    for (const k of classes) {
      const c = centroids.get(k) as number[];
      const d = (c[0] - r.rgb[0]) ** 2 + (c[1] - r.rgb[1]) ** 2 + (c[2] - r.rgb[2]) ** 2;
      if (d < bestD) {
        bestD = d;
        best = k;
      }
    }
    if (best === r.k) correct++;
  }
  assert.ok(rows.length > 400);
  assert.ok(correct / test.length < 0.2, `colour predicts class with accuracy ${correct / test.length}`);
});

test('mfnet: night RGB is dark and low-contrast while thermal contrast is kept; names carry D/N', () => {
  const gen = new SynthMfnet({ seed: 2 });
  const stats = { D: { rgb: [] as number[], rgbStd: [] as number[], tStd: [] as number[] }, N: { rgb: [] as number[], rgbStd: [] as number[], tStd: [] as number[] } };
  for (let i = 0; i < 80; i++) {
    const s = gen.sample('train', i);
    assert.match(s.id, /^\d{5}[DN]$/);
    assert.equal(s.id, gen.name('train', i));
    assert.equal(Number(s.id.slice(0, 5)), i + 1);
    const key = s.id.endsWith('N') ? 'N' : 'D';
    const n = s.label.data.length;
    const lum = Array.from({ length: n }, (_, p) => (s.image.data[p * 4] + s.image.data[p * 4 + 1] + s.image.data[p * 4 + 2]) / 3);
    const th = Array.from({ length: n }, (_, p) => s.image.data[p * 4 + 3]);
    const mean = (a: number[]) => a.reduce((x, y) => x + y, 0) / a.length;
    const std = (a: number[]) => {
      const m = mean(a);
      return Math.sqrt(mean(a.map((v) => (v - m) ** 2)));
    };
    stats[key].rgb.push(mean(lum));
    stats[key].rgbStd.push(std(lum));
    stats[key].tStd.push(std(th));
  }
  const avg = (a: number[]) => a.reduce((x, y) => x + y, 0) / a.length;
  assert.ok(stats.D.rgb.length > 20 && stats.N.rgb.length > 20, 'both day and night present');
  assert.ok(avg(stats.N.rgb) < 0.35 * avg(stats.D.rgb), 'night is dark');
  assert.ok(avg(stats.N.rgbStd) < 0.35 * avg(stats.D.rgbStd), 'night is low-contrast');
  assert.ok(avg(stats.N.tStd) > 0.7 * avg(stats.D.tStd), 'thermal stays informative at night');
  assert.equal(gen.name('test', 0), `70001${gen.isNight('test', 0) ? 'N' : 'D'}`);
});

test('pst900: about 2% zero-valued thermal holes, only in thermal, raw thermal 0 exactly there', () => {
  const gen = new SynthPst900({ seed: 4 });
  let holes = 0;
  let total = 0;
  for (let i = 0; i < 30; i++) {
    const s = gen.sample('train', i);
    for (let p = 0; p < s.label.data.length; p++) {
      const t = s.image.data[p * 4 + 3];
      if (t === 0) holes++;
      assert.equal(s.thermalRaw[p] === 0, t === 0);
      if (t !== 0) assert.ok(s.thermalRaw[p] > 7000);
    }
    total += s.label.data.length;
  }
  assert.ok(Math.abs(holes / total - PST900_HOLE_FRACTION) < 0.003, `hole fraction ${holes / total}`);
});
