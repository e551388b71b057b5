import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BoundaryF1 } from '../../src/eval/boundary';
import { Rng } from '../../src/util/rng';

/** Blobby random label map: a few random rectangles painted over a background. */
function blobs(h: number, w: number, K: number, rng: Rng): Uint8Array {
  const out = new Uint8Array(h * w);
  for (let k = 0; k < 6; k++) {
    const c = rng.int(K);
    const y0 = rng.int(h);
    const x0 = rng.int(w);
    const y1 = Math.min(h, y0 + 2 + rng.int(h / 2));
    const x1 = Math.min(w, x0 + 2 + rng.int(w / 2));
    for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) out[y * w + x] = c;
  }
  return out;
}

/** Brute force: boundary sets as coordinate lists, nearest distances by trying every pair. */
function bruteForce(truth: Uint8Array, pred: Uint8Array, h: number, w: number, K: number, tol: number) {
  const edge = (m: Uint8Array, c: number): [number, number][] => {
    const pts: [number, number][] = [];
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        if (m[y * w + x] !== c) continue;
        const nbrs = [[y - 1, x], [y + 1, x], [y, x - 1], [y, x + 1]].filter(([yy, xx]) => yy >= 0 && yy < h && xx >= 0 && xx < w);
        if (nbrs.some(([yy, xx]) => m[yy * w + xx] !== c)) pts.push([y, x]);
      }
    }
    return pts;
  };
  const matched = (a: [number, number][], b: [number, number][]) => a.filter(([y, x]) => b.some(([v, u]) => Math.hypot(y - v, x - u) <= tol + 1e-9)).length;
  const res: { bf: number; np: number; nt: number }[] = [];
  for (let c = 0; c < K; c++) {
    const t = edge(truth, c);
    const p = edge(pred, c);
    let bf: number;
    if (t.length === 0 && p.length === 0) bf = NaN;
    else if (t.length === 0 || p.length === 0) bf = 0;
    else {
      const P = matched(p, t) / p.length;
      const R = matched(t, p) / t.length;
      bf = P + R > 0 ? (2 * P * R) / (P + R) : 0;
    }
    res.push({ bf, np: p.length, nt: t.length });
  }
  return res;
}

test('boundary F1 equals a brute-force computation on random label maps', () => {
  const rng = new Rng(7);
  const h = 23;
  const w = 29;
  const K = 4;
  for (let trial = 0; trial < 3; trial++) {
    const truth = blobs(h, w, K, rng);
    const pred = blobs(h, w, K, rng);
    for (const tol of [0, 1, 2, 3]) {
      const ref = bruteForce(truth, pred, h, w, K, tol);
      const got = new BoundaryF1(K, tol).update(truth, pred, h, w).result();
      for (let c = 0; c < K; c++) {
        const r = ref[c];
        const g = got.perClass[c];
        assert.equal(g.predictedBoundaryPixels, r.np);
        assert.equal(g.truthBoundaryPixels, r.nt);
        if (Number.isNaN(r.bf)) assert.ok(Number.isNaN(g.bf));
        else assert.ok(Math.abs(g.bf - r.bf) < 1e-12, `trial ${trial} tol ${tol} class ${c}: ${g.bf} vs ${r.bf}`);
      }
    }
  }
});

test('a prediction shifted by one pixel is perfect within 1 px and imperfect at 0 px; blur lowers BF', () => {
  const h = 40;
  const w = 40;
  const truth = new Uint8Array(h * w);
  const shifted = new Uint8Array(h * w);
  for (let y = 10; y < 30; y++) for (let x = 10; x < 30; x++) truth[y * w + x] = 1;
  for (let y = 10; y < 30; y++) for (let x = 11; x < 31; x++) shifted[y * w + x] = 1;
  assert.equal(new BoundaryF1(2, 1).update(truth, shifted, h, w).result().perClass[1].bf, 1);
  assert.ok(new BoundaryF1(2, 0).update(truth, shifted, h, w).result().perClass[1].bf < 1);
  assert.equal(new BoundaryF1(2, 0).update(truth, truth, h, w).result().mBF, 1);
  // A class only in the prediction scores 0; a class nowhere is NaN and left out of mBF.
  const withExtra = truth.slice();
  withExtra[0] = 2;
  const r = new BoundaryF1(4, 2).update(truth, withExtra, h, w).result([1, 2, 3]);
  assert.equal(r.perClass[2].bf, 0);
  assert.ok(Number.isNaN(r.perClass[3].bf));
  assert.equal(r.mBF, (r.perClass[1].bf + 0) / 2);
});
