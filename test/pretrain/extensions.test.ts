import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../../src/backend/select';
import { Rng } from '../../src/util/rng';
import { emptyBatch, type ImageBatch } from '../../src/pretrain/strategies';
import { drawMixingMatrix, mixChannels, spectralRandomise } from '../../src/pretrain/extensions/x1-spectral';
import { perImageNormaliseInPlace, x2ModalityAgnostic } from '../../src/pretrain/extensions/x2-modality-agnostic';
import { viewpointRandomise, warpImage, warpLabel } from '../../src/pretrain/extensions/x3-viewpoint';
import { channelSpectrum, fft1d, fft2d } from '../../src/pretrain/extensions/fft';
import { fourierAmplitudeSwap } from '../../src/pretrain/extensions/x4-fourier';
import { symmetricKl } from '../../src/pretrain/extensions/x5-consistency';
import { boundaryWeights } from '../../src/pretrain/extensions/x6-boundary';
import { parseExtensions, runLabel } from '../../src/pretrain/extensions/registry';

function randomBatch(size: number, h: number, w: number, c: number, seed: number): ImageBatch {
  const b = emptyBatch(size, h, w, c);
  const rng = new Rng(seed);
  for (let i = 0; i < b.data.length; i++) b.data[i] = rng.normal();
  return b;
}

test('registry: extensions parse by id, sort, refuse unknown ids and the wrong stage', () => {
  assert.deepEqual(parseExtensions('x3, X1,X3', 'pretrain'), ['X1', 'X3']);
  assert.deepEqual(parseExtensions(undefined, 'pretrain'), []);
  assert.throws(() => parseExtensions('X9', 'pretrain'), /unknown extension/);
  assert.throws(() => parseExtensions('X6', 'pretrain'), /does not act at pretrain/);
  assert.throws(() => parseExtensions('X1', 'finetune'), /does not act at finetune/);
  assert.equal(runLabel('CSP', ['X1', 'X3']), 'CSP+X1+X3');
});

test('X1: mixing weights are convex, so each mixed value lies between the channel extremes of its pixel', () => {
  const rng = new Rng(3);
  for (let t = 0; t < 20; t++) {
    const n = 3 + (t % 3);
    const w = drawMixingMatrix(rng, n, 0.9);
    for (let j = 0; j < n; j++) {
      let sum = 0;
      for (let k = 0; k < n; k++) {
        assert.ok(w[j * n + k] >= 0);
        sum += w[j * n + k];
      }
      assert.ok(Math.abs(sum - 1) < 1e-6, `row ${j} sums to ${sum}`);
    }
    const sample = randomBatch(1, 4, 4, n, t).data;
    const before = Float32Array.from(sample);
    mixChannels(sample, n, w);
    for (let p = 0; p < 16; p++) {
      const px = before.subarray(p * n, (p + 1) * n);
      const lo = Math.min(...px);
      const hi = Math.max(...px);
      for (let j = 0; j < n; j++) assert.ok(sample[p * n + j] >= lo - 1e-5 && sample[p * n + j] <= hi + 1e-5);
    }
  }
  // The whole transform is reproducible by seed and leaves its input alone.
  const b = randomBatch(4, 5, 5, 4, 9);
  const copy = Float32Array.from(b.data);
  const a1 = spectralRandomise(b, new Rng(1));
  const a2 = spectralRandomise(b, new Rng(1));
  assert.deepEqual(a1.data, a2.data);
  assert.notDeepEqual(a1.data, b.data);
  assert.deepEqual(b.data, copy);
});

test('X2: per-image per-channel normalisation gives mean 0 and std 1; random channel count zeroes the rest', () => {
  const b = randomBatch(6, 7, 5, 4, 2);
  for (let i = 0; i < b.data.length; i++) b.data[i] = b.data[i] * (1 + (i % 4)) + 10 * (i % 4);
  const n = perImageNormaliseInPlace({ ...b, data: Float32Array.from(b.data) });
  const per = 7 * 5 * 4;
  for (let i = 0; i < 6; i++) {
    for (let c = 0; c < 4; c++) {
      const v: number[] = [];
      for (let p = c; p < per; p += 4) v.push(n.data[i * per + p]);
      const mean = v.reduce((a, x) => a + x, 0) / v.length;
      const std = Math.sqrt(v.reduce((a, x) => a + (x - mean) ** 2, 0) / v.length);
      assert.ok(Math.abs(mean) < 1e-5 && Math.abs(std - 1) < 1e-4, `sample ${i} channel ${c}: mean ${mean}, std ${std}`);
    }
  }
  const out = x2ModalityAgnostic.afterStrategy!(b, new Rng(4));
  let counts = new Set<number>();
  for (let i = 0; i < 6; i++) {
    let kept = 0;
    for (let c = 0; c < 4; c++) {
      let allZero = true;
      for (let p = c; p < per; p += 4) if (out.data[i * per + p] !== 0) allZero = false;
      if (!allZero) kept++;
    }
    assert.ok(kept >= 1);
    counts.add(kept);
  }
  assert.ok(counts.size >= 2, 'the channel count varies between samples');
  counts = new Set();
});

test('X3: image and label are rotated together (exact at 90°, aligned at any angle)', () => {
  const h = 6;
  const w = 6;
  const label = new Uint8Array(h * w);
  for (let i = 0; i < label.length; i++) label[i] = (i * 7) % 5;
  const image = Float32Array.from(label);
  const outImg = new Float32Array(h * w);
  const outLab = new Uint8Array(h * w);
  const quarter = { angle: Math.PI / 2, flip: false, scale: 1 };
  warpImage(image, outImg, h, w, 1, quarter);
  warpLabel(label, outLab, h, w, quarter);
  // A quarter turn of the source, in one of the two directions.
  const rot = (cw: boolean) => Array.from({ length: h * w }, (_, i) => {
    const y = Math.floor(i / w);
    const x = i % w;
    return cw ? label[(w - 1 - x) * w + y] : label[x * w + (h - 1 - y)];
  });
  const labs = Array.from(outLab);
  assert.ok(JSON.stringify(labs) === JSON.stringify(rot(true)) || JSON.stringify(labs) === JSON.stringify(rot(false)));
  for (let i = 0; i < h * w; i++) assert.ok(Math.abs(outImg[i] - outLab[i]) < 1e-5);

  // Any angle: a batch whose image encodes its label in constant 2x2 blocks.
  const size = 4;
  const H = 16;
  const imgs = emptyBatch(size, H, H, 2);
  const labels = new Uint8Array(size * H * H);
  for (let i = 0; i < size; i++) {
    for (let y = 0; y < H; y++) {
      for (let x = 0; x < H; x++) {
        const v = (Math.floor(y / 4) * 4 + Math.floor(x / 4) + i) % 6;
        labels[i * H * H + y * H + x] = v;
        imgs.data[(i * H * H + y * H + x) * 2] = v;
        imgs.data[(i * H * H + y * H + x) * 2 + 1] = -v;
      }
    }
  }
  const r = viewpointRandomise(imgs, new Rng(8), labels);
  let changed = 0;
  let checked = 0;
  for (let i = 0; i < size * H * H; i++) {
    const l = r.labels![i];
    if (l !== labels[i]) changed++;
    if (l === 255) {
      assert.equal(r.batch.data[i * 2], 0, 'outside the source: image fill and ignore label together');
      continue;
    }
    // Where the image is not on a block edge, its bilinear value equals the nearest label exactly.
    const v = r.batch.data[i * 2];
    if (Math.abs(v - Math.round(v)) < 1e-4) {
      checked++;
      assert.equal(Math.round(v), l);
      assert.ok(Math.abs(r.batch.data[i * 2 + 1] + v) < 1e-4);
    }
  }
  assert.ok(changed > size * H * H * 0.3, 'the warp moved the labels');
  assert.ok(checked > size * H * H * 0.3);
});

test('FFT: radix-2 and direct transforms match the DFT definition; 2-D inverse restores the input', () => {
  for (const n of [8, 6]) {
    const rng = new Rng(n);
    const x = Array.from({ length: n }, () => rng.normal());
    const re = Float64Array.from(x);
    const im = new Float64Array(n);
    fft1d(re, im);
    for (let k = 0; k < n; k++) {
      let sr = 0;
      let si = 0;
      for (let t = 0; t < n; t++) {
        sr += x[t] * Math.cos((-2 * Math.PI * k * t) / n);
        si += x[t] * Math.sin((-2 * Math.PI * k * t) / n);
      }
      assert.ok(Math.abs(re[k] - sr) < 1e-9 && Math.abs(im[k] - si) < 1e-9);
    }
  }
  const rng = new Rng(2);
  const orig = Array.from({ length: 8 * 12 }, () => rng.normal());
  const re = Float64Array.from(orig);
  const im = new Float64Array(orig.length);
  fft2d(re, im, 8, 12);
  fft2d(re, im, 8, 12, true);
  for (let i = 0; i < orig.length; i++) assert.ok(Math.abs(re[i] - orig[i]) < 1e-9 && Math.abs(im[i]) < 1e-9);
});

test('X4: the output keeps its own phase and takes the partner\'s amplitude', () => {
  const H = 8;
  const W = 8;
  const b = randomBatch(3, H, W, 2, 5);
  const { batch: out, partners, lambdas } = fourierAmplitudeSwap(b, new Rng(1), { p: 1, minLambda: 1, maxLambda: 1 });
  const per = H * W * 2;
  for (let i = 0; i < 3; i++) {
    const j = partners[i];
    assert.ok(j >= 0 && j !== i);
    assert.equal(lambdas[i], 1);
    for (let c = 0; c < 2; c++) {
      const so = channelSpectrum(out.data.subarray(i * per, (i + 1) * per), H, W, 2, c);
      const si = channelSpectrum(b.data.subarray(i * per, (i + 1) * per), H, W, 2, c);
      const sj = channelSpectrum(b.data.subarray(j * per, (j + 1) * per), H, W, 2, c);
      for (let k = 0; k < H * W; k++) {
        const ao = Math.hypot(so.re[k], so.im[k]);
        const aj = Math.hypot(sj.re[k], sj.im[k]);
        const ai = Math.hypot(si.re[k], si.im[k]);
        assert.ok(Math.abs(ao - aj) < 1e-4 * (1 + aj), `amplitude at ${k}: ${ao} vs partner ${aj}`);
        if (ai > 1e-3 && ao > 1e-3) {
          const d = Math.atan2(so.im[k], so.re[k]) - Math.atan2(si.im[k], si.re[k]);
          const wrapped = Math.atan2(Math.sin(d), Math.cos(d));
          assert.ok(Math.abs(wrapped) < 1e-3, `phase at ${k} moved by ${wrapped}`);
        }
      }
    }
  }
  assert.notDeepEqual(out.data, b.data);
});

test('X5: the consistency term is zero for identical views and positive otherwise', async () => {
  await initBackend();
  const a = tf.tensor2d([[1, 2, 3], [0.5, -1, 2]]);
  const b = tf.tensor2d([[3, 2, 1], [0.5, -1, 2]]);
  const same = symmetricKl(a, a);
  const diff = symmetricKl(a, b);
  assert.ok(Math.abs(same.dataSync()[0]) < 1e-7);
  // Hand-computed: only row 0 differs; ½(KL(p‖q)+KL(q‖p)) = ½ Σ (p − q)(log p − log q), averaged over 2 rows.
  const sm = (v: number[]) => {
    const e = v.map(Math.exp);
    const s = e.reduce((x, y) => x + y, 0);
    return e.map((x) => x / s);
  };
  const p = sm([1, 2, 3]);
  const q = sm([3, 2, 1]);
  const expected = (0.5 * p.reduce((acc, pi, k) => acc + (pi - q[k]) * (Math.log(pi) - Math.log(q[k])), 0)) / 2;
  assert.ok(Math.abs(diff.dataSync()[0] - expected) < 1e-5);
  tf.dispose([a, b, same, diff]);
});

test('X6: pixels at label boundaries weigh more than interior pixels; ignore makes no boundary', () => {
  const H = 6;
  const W = 8;
  const labels = new Uint8Array(H * W);
  for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) labels[y * W + x] = x < 4 ? 0 : 1;
  labels[0] = 255;
  const w = boundaryWeights(labels, 1, H, W, 255, { radius: 1, boundaryWeight: 3 });
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      const expected = x === 3 || x === 4 ? 3 : 1;
      assert.equal(w[y * W + x], expected, `(${y},${x})`);
    }
  }
});
