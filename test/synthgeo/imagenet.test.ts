import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CLASS_BACKGROUND_HUE, CLASS_OBJECT_HUE, CLASS_STRIPE_FREQUENCY, CLASS_STRIPE_ORIENTATION, NUM_CLASSES, SynthImageNet, type ClsRender,
} from '../../src/data/synthgeo/imagenet';

/** Hue (0..1) of a mean colour, computed here independently of the generator's helpers. */
function hueOf(r: number, g: number, b: number): number {
  const max = Math.max(r, g, b);
  const min = Math.min(r, g, b);
  if (max - min < 1e-6) return 0;
  let h = max === r ? (g - b) / (max - min) : max === g ? 2 + (b - r) / (max - min) : 4 + (r - g) / (max - min);
  h /= 6;
  return h < 0 ? h + 1 : h;
}

function circular(a: number, b: number): number {
  const d = Math.abs(a - b) % 1;
  return Math.min(d, 1 - d);
}

function nearest(values: readonly number[], x: number, dist: (a: number, b: number) => number): number {
  let best = 0;
  for (let k = 1; k < values.length; k++) if (dist(values[k], x) < dist(values[best], x)) best = k;
  return best;
}

/** Mean RGB over the pixels where `select(i)` holds. */
function meanColour(r: ClsRender, select: (i: number) => boolean): [number, number, number] {
  const d = r.sample.image.data;
  const sum = [0, 0, 0];
  let n = 0;
  for (let i = 0; i < d.length / 3; i++) {
    if (!select(i)) continue;
    sum[0] += d[i * 3];
    sum[1] += d[i * 3 + 1];
    sum[2] += d[i * 3 + 2];
    n++;
  }
  return [sum[0] / n, sum[1] / n, sum[2] / n];
}

/** Which class's stripe pattern has the most power over the object's luminance (detrended). */
function textureClass(r: ClsRender): number {
  const { width: w, data } = r.sample.image;
  const pts: Array<[number, number, number]> = [];
  for (let i = 0; i < r.objectMask.length; i++) {
    if (!r.objectMask[i]) continue;
    const x = i % w;
    const y = (i - x) / w;
    // Chromaticity-free brightness: max channel (stripes and shading scale all channels alike).
    pts.push([x, y, Math.max(data[i * 3], data[i * 3 + 1], data[i * 3 + 2])]);
  }
  // Remove a plane a + bx + cy (lighting gradients) by least squares.
  const m = [[0, 0, 0], [0, 0, 0], [0, 0, 0]];
  const v = [0, 0, 0];
  for (const [x, y, l] of pts) {
    const f = [1, x, y];
    for (let a = 0; a < 3; a++) {
      v[a] += f[a] * l;
      for (let b = 0; b < 3; b++) m[a][b] += f[a] * f[b];
    }
  }
  const coef = solve3(m, v);
  let best = -1;
  let bestPower = -1;
  for (let k = 0; k < NUM_CLASSES; k++) {
    const f = (2 * Math.PI * CLASS_STRIPE_FREQUENCY[k]) / 32;
    const c = Math.cos(CLASS_STRIPE_ORIENTATION[k]);
    const s = Math.sin(CLASS_STRIPE_ORIENTATION[k]);
    let re = 0;
    let im = 0;
    for (const [x, y, l] of pts) {
      const res = l - (coef[0] + coef[1] * x + coef[2] * y);
      const ph = f * (x * c + y * s);
      re += res * Math.cos(ph);
      im += res * Math.sin(ph);
    }
    const power = re * re + im * im;
    if (power > bestPower) {
      bestPower = power;
      best = k;
    }
  }
  return best;
}

function solve3(m: number[][], v: number[]): number[] {
  const a = m.map((row, i) => [...row, v[i]]);
  for (let i = 0; i < 3; i++) {
    let p = i;
    for (let r = i + 1; r < 3; r++) if (Math.abs(a[r][i]) > Math.abs(a[p][i])) p = r;
    [a[i], a[p]] = [a[p], a[i]];
    for (let r = 0; r < 3; r++) {
      if (r === i) continue;
      const f = a[r][i] / a[i][i];
      for (let c = i; c < 4; c++) a[r][c] -= f * a[i][c];
    }
  }
  return [a[0][3] / a[0][0], a[1][3] / a[1][1], a[2][3] / a[2][2]];
}

interface CueReading {
  objectHue: boolean;
  backgroundHue: boolean;
  texture: boolean;
}

/** Reads, from the pixels alone (plus the object mask), whether each cue points at the true class. */
function readCues(r: ClsRender): CueReading {
  const k = r.sample.classId;
  const size = r.sample.image.width;
  const fg = meanColour(r, (i) => r.objectMask[i] === 1);
  const border = meanColour(r, (i) => {
    const x = i % size;
    const y = (i - x) / size;
    return (x < 2 || y < 2 || x >= size - 2 || y >= size - 2) && r.objectMask[i] === 0;
  });
  return {
    objectHue: nearest(CLASS_OBJECT_HUE, hueOf(...fg), circular) === k,
    backgroundHue: nearest(CLASS_BACKGROUND_HUE, hueOf(...border), circular) === k,
    texture: textureClass(r) === k,
  };
}

test('SynthImageNet: same seed gives identical bytes, another seed differs, classes balanced', () => {
  const a = new SynthImageNet({ seed: 7 });
  const b = new SynthImageNet({ seed: 7 });
  const c = new SynthImageNet({ seed: 8 });
  for (let i = 0; i < 20; i++) {
    assert.deepEqual(a.sample('train', i).image.data, b.sample('train', i).image.data);
    assert.equal(a.sample('train', i).classId, i % NUM_CLASSES);
  }
  let differ = 0;
  for (let i = 0; i < 20; i++) if (Buffer.compare(Buffer.from(a.sample('train', i).image.data.buffer), Buffer.from(c.sample('train', i).image.data.buffer)) !== 0) differ++;
  assert.equal(differ, 20);
  // Splits and variants never share images.
  assert.notDeepEqual(a.sample('train', 3).image.data, a.sample('test', 3).image.data);
  assert.notDeepEqual(a.sample('test', 3).image.data, a.sample('test', 3, 'shape-only').image.data);
  const s = a.sample('train', 0);
  assert.deepEqual(s.image.bands, ['R', 'G', 'B']);
  assert.equal(s.image.data.length, 32 * 32 * 3);
  for (const v of s.image.data) assert.ok(Number.isInteger(v) && v >= 0 && v <= 255);
});

test('SynthImageNet: each shortcut cue is class-specific in ~80% of images and only when flagged; absent in shape-only', () => {
  const gen = new SynthImageNet({ seed: 3 });
  const N = 400;
  const cues = ['objectHue', 'backgroundHue', 'texture'] as const;
  const flagged = { objectHue: 0, backgroundHue: 0, texture: 0 };
  const agree = { objectHue: 0, backgroundHue: 0, texture: 0 };
  const presentStd = { objectHue: 0, backgroundHue: 0, texture: 0 };
  const presentShape = { objectHue: 0, backgroundHue: 0, texture: 0 };
  for (let i = 0; i < N; i++) {
    const r = gen.render('train', i);
    const seen = readCues(r);
    for (const cue of cues) {
      if (r.cues[cue]) flagged[cue]++;
      if (seen[cue]) presentStd[cue]++;
      // When a cue is flagged, the pixels must show it.
      if (r.cues[cue] && seen[cue]) agree[cue]++;
    }
    const so = gen.render('test', i, 'shape-only');
    assert.deepEqual(so.cues, { objectHue: false, texture: false, backgroundHue: false });
    const seenSo = readCues(so);
    for (const cue of cues) if (seenSo[cue]) presentShape[cue]++;
  }
  for (const cue of cues) {
    const flagRate = flagged[cue] / N;
    assert.ok(flagRate > 0.72 && flagRate < 0.88, `${cue}: flagged in ${flagRate}`);
    assert.ok(agree[cue] / flagged[cue] > 0.95, `${cue}: visible in only ${agree[cue]}/${flagged[cue]} flagged images`);
    // Present = flagged (~0.8) + chance hits among the unflagged (~0.2 x 1/10).
    const presentRate = presentStd[cue] / N;
    assert.ok(presentRate > 0.72 && presentRate < 0.92, `${cue}: present in ${presentRate} of standard images`);
    // Shape-only: at chance level (1/10), far below the standard set.
    const chanceRate = presentShape[cue] / N;
    assert.ok(chanceRate < 0.2, `${cue}: present in ${chanceRate} of shape-only images`);
  }
});
