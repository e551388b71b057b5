import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Rng } from '../../src/util/rng';
import type { SegSample } from '../../src/data/types';
import {
  compose, flipHorizontal, flipVertical, rotate90, rotateBy, randomResizedCrop, randomCrop, scaleJitter, randomFlip, randomRotate,
  randomRotate90, photometricJitter, randomGamma, selectChannels, permuteChannels, duplicateChannels, duplicateAndShuffle, maybe,
} from '../../src/data/transforms';

/** A sample with distinct values everywhere: image band k at (y, x) = 1000k + 37y + x + 0.5, label = (3y + 7x) % 200. */
function makeSample(h: number, w: number, bands = ['R', 'G', 'B']): SegSample {
  const c = bands.length;
  const data = new Float32Array(h * w * c);
  const label = new Uint8Array(h * w);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      for (let k = 0; k < c; k++) data[(y * w + x) * c + k] = 1000 * k + 37 * y + x + 0.5;
      label[y * w + x] = (3 * y + 7 * x) % 200;
    }
  }
  return { id: 's', image: { height: h, width: w, bands, data }, label: { height: h, width: w, data: label } };
}

/** Marks one pixel in image (band 0 = -1) and label (= 254) and returns where each now is. */
function markedPositions(s: SegSample): { image: [number, number][]; label: [number, number][] } {
  const c = s.image.bands.length;
  const image: [number, number][] = [];
  const label: [number, number][] = [];
  for (let i = 0; i < s.label.data.length; i++) {
    const pos: [number, number] = [Math.floor(i / s.image.width), i % s.image.width];
    if (s.image.data[i * c] === -1) image.push(pos);
    if (s.label.data[i] === 254) label.push(pos);
  }
  return { image, label };
}

function mark(s: SegSample, y: number, x: number): SegSample {
  const c = s.image.bands.length;
  s.image.data[(y * s.image.width + x) * c] = -1;
  s.label.data[y * s.image.width + x] = 254;
  return s;
}

test('flips twice and rot90 four times are the identity; rot90 of a non-square image swaps sides', () => {
  const s = makeSample(5, 7);
  assert.deepEqual(flipHorizontal(flipHorizontal(s)), s);
  assert.deepEqual(flipVertical(flipVertical(s)), s);
  let r = s;
  for (let k = 0; k < 4; k++) r = rotate90(r, 1);
  assert.deepEqual(r, s);
  const q = rotate90(s, 1);
  assert.deepEqual([q.image.height, q.image.width, q.label!.height, q.label!.width], [7, 5, 7, 5]);
  assert.deepEqual(rotate90(rotate90(s, 1), 3), s);
  assert.deepEqual(rotate90(s, 2), flipVertical(flipHorizontal(s)));
});

test('image and label move together: a marked pixel lands at the expected place', () => {
  const h = 6;
  const w = 9;
  const y = 1;
  const x = 2;
  const cases: Array<[string, SegSample, [number, number]]> = [
    ['hflip', flipHorizontal(mark(makeSample(h, w), y, x)), [y, w - 1 - x]],
    ['vflip', flipVertical(mark(makeSample(h, w), y, x)), [h - 1 - y, x]],
    // 90 degrees counter-clockwise: the top edge becomes the left edge.
    ['rot90', rotate90(mark(makeSample(h, w), y, x), 1), [w - 1 - x, y]],
    ['rot270', rotate90(mark(makeSample(h, w), y, x), 3), [x, h - 1 - y]],
  ];
  for (const [name, out, where] of cases) {
    const m = markedPositions(out);
    assert.deepEqual(m.image, [where], name);
    assert.deepEqual(m.label, [where], name);
  }
  // Random transforms: wherever the label mark goes, the image mark goes too.
  const t = compose(randomFlip({ horizontal: 0.5, vertical: 0.5 }), randomRotate90());
  for (let seed = 0; seed < 12; seed++) {
    const m = markedPositions(t(mark(makeSample(h, w), y, x), new Rng(seed)));
    assert.equal(m.label.length, 1);
    assert.deepEqual(m.image, m.label);
  }
});

test('arbitrary rotation: 255 exactly where the source is not covered, nearest labels elsewhere; 90 degrees = rot90', () => {
  const h = 20;
  const w = 16;
  const s = makeSample(h, w);
  const degrees = 33;
  const out = rotateBy(s, degrees);
  const a = (degrees * Math.PI) / 180;
  let uncovered = 0;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      // Independent inverse mapping: rotate the output offset back by +a about the centre.
      const dx = x + 0.5 - w / 2;
      const dy = y + 0.5 - h / 2;
      const sx = w / 2 + dx * Math.cos(a) - dy * Math.sin(a);
      const sy = h / 2 + dx * Math.sin(a) + dy * Math.cos(a);
      const inside = sx >= 0 && sx < w && sy >= 0 && sy < h;
      const v = out.label!.data[y * w + x];
      if (!inside) {
        uncovered++;
        assert.equal(v, 255);
        assert.equal(out.image.data[(y * w + x) * 3], 0);
      } else {
        assert.equal(v, s.label!.data[Math.floor(sy) * w + Math.floor(sx)]);
        // Bilinear on a linear ramp reproduces the ramp (away from clamped edges).
        if (sx > 0.5 && sx < w - 0.5 && sy > 0.5 && sy < h - 0.5) {
          assert.ok(Math.abs(out.image.data[(y * w + x) * 3] - (37 * (sy - 0.5) + (sx - 0.5) + 0.5)) < 1e-3);
        }
      }
    }
  }
  assert.ok(uncovered > 0 && uncovered < h * w / 2);
  const sq = makeSample(12, 12);
  assert.deepEqual(rotateBy(sq, 90).label, rotate90(sq, 1).label);
  // Random rotation is seeded.
  const t = randomRotate({ maxDegrees: 180 });
  assert.deepEqual(t(s, new Rng(4)), t(s, new Rng(4)));
  assert.notDeepEqual(t(s, new Rng(4)).label, t(s, new Rng(5)).label);
});

test('random resized crop / scale jitter / random crop keep image and label aligned and produce the requested size', () => {
  // Image = the pixel-centre coordinates (x ramp, y ramp); label = a code of the source pixel. Bilinear
  // sampling of a ramp returns the sampled coordinate, so floor(image) names the source pixel whose
  // label nearest-neighbour sampling must have picked.
  const h = 48;
  const w = 64;
  const code = (x: number, y: number) => (x * 5 + y * 3) % 250;
  const s = makeSample(h, w, ['X', 'Y', 'DSM']);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      s.label!.data[y * w + x] = code(x, y);
      s.image.data[(y * w + x) * 3] = x + 0.5;
      s.image.data[(y * w + x) * 3 + 1] = y + 0.5;
    }
  }
  const pipelines = [
    randomResizedCrop({ size: 32, scale: [0.2, 1] }),
    compose(scaleJitter({ min: 0.5, max: 2 }), randomCrop({ size: 40 })),
    compose(randomRotate90(), randomResizedCrop({ size: [24, 40] })),
    compose(randomRotate({ maxDegrees: 180 }), randomCrop({ size: 30 })),
  ];
  const sizes = [[32, 32], [40, 40], [24, 40], [30, 30]];
  for (const [k, t] of pipelines.entries()) {
    for (let seed = 0; seed < 8; seed++) {
      const out = t(s, new Rng(seed * 31 + k));
      const [oh, ow] = sizes[k];
      assert.deepEqual([out.image.height, out.image.width, out.label!.height, out.label!.width], [oh, ow, oh, ow]);
      let agree = 0;
      let counted = 0;
      for (let i = 0; i < oh * ow; i++) {
        const l = out.label!.data[i];
        if (l === 255) continue; // padding / uncovered
        const ix = out.image.data[i * 3];
        const iy = out.image.data[i * 3 + 1];
        if (ix < 1 || iy < 1 || ix > w - 1 || iy > h - 1) continue; // edge-clamped bilinear
        counted++;
        if (code(Math.floor(ix), Math.floor(iy)) === l) agree++;
      }
      assert.ok(counted > 0);
      assert.ok(agree / counted > 0.98, `pipeline ${k} seed ${seed}: only ${agree}/${counted} pixels agree`);
    }
  }
  // Padding when the crop is larger than the image: 255 labels, 0 image.
  const small = randomCrop({ size: 60 })(makeSample(10, 10), new Rng(1));
  assert.equal(small.label!.data.filter((v) => v === 255).length, 60 * 60 - 100);
});

test('photometric jitter: seeded, per channel, label and DSM untouched, values clamped', () => {
  const s = makeSample(8, 8, ['R', 'G', 'DSM']);
  for (let i = 0; i < s.image.data.length; i++) if (i % 3 !== 2) s.image.data[i] = (i * 7) % 256;
  const t = photometricJitter();
  const a = t(s, new Rng(1));
  assert.deepEqual(a, t(s, new Rng(1)));
  assert.notDeepEqual(a.image.data, t(s, new Rng(2)).image.data);
  assert.deepEqual(a.label, s.label);
  for (let i = 0; i < s.image.data.length; i++) {
    if (i % 3 === 2) assert.equal(a.image.data[i], s.image.data[i]);
    else assert.ok(a.image.data[i] >= 0 && a.image.data[i] <= 255);
  }
  // Gamma alone: value v -> 255 (v/255)^g with one g per channel, recoverable from any pixel.
  const g = randomGamma({ range: [0.5, 2] })(s, new Rng(9));
  const gammaOf = (k: number, i: number) => Math.log(g.image.data[i * 3 + k] / 255) / Math.log(s.image.data[i * 3 + k] / 255);
  for (const k of [0, 1]) {
    const ref = gammaOf(k, 5);
    for (const i of [9, 20, 33]) assert.ok(Math.abs(gammaOf(k, i) - ref) < 1e-3);
  }
  assert.ok(Math.abs(gammaOf(0, 5) - gammaOf(1, 5)) > 1e-3, 'channels draw their own gamma');
  // maybe(): applies with its probability and keeps the stream aligned.
  let applied = 0;
  for (let seed = 0; seed < 200; seed++) if (maybe(0.3, photometricJitter())(s, new Rng(seed)) !== s) applied++;
  assert.ok(applied > 40 && applied < 80);
});

test('channel utilities: select by name, permute, duplicate to n, CSP duplicate-and-shuffle', () => {
  const s = makeSample(3, 4, ['R', 'G', 'B', 'IR', 'DSM']);
  const sel = selectChannels(s.image, ['IR', 'R', 'G', 'DSM']);
  assert.deepEqual(sel.bands, ['IR', 'R', 'G', 'DSM']);
  assert.equal(sel.data[0], s.image.data[3]);
  assert.equal(sel.data[4 + 3], s.image.data[5 + 4]);
  assert.throws(() => selectChannels(s.image, ['T']), /band T/);
  const p = permuteChannels(s.image, [4, 3, 2, 1, 0]);
  assert.deepEqual(p.bands, ['DSM', 'IR', 'B', 'G', 'R']);
  assert.deepEqual(permuteChannels(p, [4, 3, 2, 1, 0]), s.image);
  assert.throws(() => permuteChannels(s.image, [0, 0, 1, 2, 3]));
  const rgb = makeSample(3, 4).image;
  const d = duplicateChannels(rgb, 5, new Rng(2));
  assert.deepEqual(d.bands.slice(0, 3), ['R', 'G', 'B']);
  assert.equal(d.bands.length, 5);
  for (let j = 0; j < 5; j++) {
    const src = rgb.bands.indexOf(d.bands[j]);
    for (let i = 0; i < 12; i++) assert.equal(d.data[i * 5 + j], rgb.data[i * 3 + src]);
  }
  const csp = duplicateAndShuffle(4);
  const outs = new Set<string>();
  for (let seed = 0; seed < 20; seed++) {
    const o = csp({ id: 'x', image: rgb, classId: 1 }, new Rng(seed));
    assert.equal(o.image.bands.length, 4);
    assert.equal(o.classId, 1);
    assert.deepEqual([...new Set(o.image.bands)].sort(), ['B', 'G', 'R']);
    outs.add(o.image.bands.join(''));
  }
  assert.ok(outs.size > 5, 'orders vary by seed');
});
