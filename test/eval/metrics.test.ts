import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfusionMatrix } from '../../src/eval/confusion';
import { computeMetrics, type MetricProtocol } from '../../src/eval/metrics';
import { ISAID, MFNET, PST900, getProtocol, potsdamProtocol, protocolFromClasses } from '../../src/eval/protocols';
import { Rng } from '../../src/util/rng';

/** Random labels: class ids with some ignore pixels; `absent` never appears in truth or prediction. */
function randomLabels(n: number, K: number, seed: number, absent: number[] = [], ignoreRate = 0.1): { truth: Uint8Array; pred: Uint8Array } {
  const rng = new Rng(seed);
  const allowed = Array.from({ length: K }, (_, i) => i).filter((c) => !absent.includes(c));
  const truth = new Uint8Array(n);
  const pred = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    truth[i] = rng.next() < ignoreRate ? 255 : allowed[rng.int(allowed.length)];
    // Mostly right, sometimes wrong: so scores are neither 0 nor 1.
    pred[i] = truth[i] !== 255 && rng.next() < 0.6 ? truth[i] : allowed[rng.int(allowed.length)];
  }
  return { truth, pred };
}

/**
 * The naive reference: per class, loop over pixels with boolean tests. `dropTruth` classes are
 * removed like ignore pixels; means over `meanOver`; OA over pixels whose truth is in `oaOver`.
 */
function naive(truth: ArrayLike<number>, pred: ArrayLike<number>, K: number, meanOver: number[], oaOver: number[], dropTruth: number[] = []) {
  const keep = (i: number) => truth[i] !== 255 && !dropTruth.includes(truth[i]);
  const iou: number[] = [];
  const f1: number[] = [];
  for (let c = 0; c < K; c++) {
    let inter = 0;
    let union = 0;
    let gtCount = 0;
    let predCount = 0;
    for (let i = 0; i < truth.length; i++) {
      if (!keep(i)) continue;
      const g = truth[i] === c;
      const p = pred[i] === c;
      if (g && p) inter++;
      if (g || p) union++;
      if (g) gtCount++;
      if (p) predCount++;
    }
    iou.push(union === 0 ? NaN : inter / union);
    f1.push(gtCount + predCount === 0 ? NaN : (2 * inter) / (gtCount + predCount));
  }
  const nanmean = (xs: number[]) => {
    const f = xs.filter((x) => !Number.isNaN(x));
    return f.length ? f.reduce((a, b) => a + b, 0) / f.length : NaN;
  };
  let right = 0;
  let all = 0;
  for (let i = 0; i < truth.length; i++) {
    if (!keep(i) || !oaOver.includes(truth[i])) continue;
    all++;
    if (truth[i] === pred[i]) right++;
  }
  return { iou, f1, mIoU: nanmean(meanOver.map((c) => iou[c])), mF1: nanmean(meanOver.map((c) => f1[c])), OA: right / all };
}

const close = (a: number, b: number, what: string) => {
  if (Number.isNaN(b)) assert.ok(Number.isNaN(a), `${what}: expected NaN, got ${a}`);
  else assert.ok(Math.abs(a - b) < 1e-12, `${what}: ${a} vs ${b}`);
};

const all = (K: number) => Array.from({ length: K }, (_, i) => i);

test('confusion metrics equal a naive per-class computation (uint8 and int32, ignore pixels, odd length)', () => {
  const K = 7;
  const { truth, pred } = randomLabels(10_007, K, 1);
  const p: MetricProtocol = { classNames: all(K).map(String), meanClasses: all(K), oaClasses: all(K), ignoredTruthClasses: [] };
  const ref = naive(truth, pred, K, all(K), all(K));
  const m8 = computeMetrics(new ConfusionMatrix(K).update(truth, pred), p);
  const m32 = computeMetrics(new ConfusionMatrix(K).update(Int32Array.from(truth), Int32Array.from(pred)), p);
  for (const m of [m8, m32]) {
    close(m.mIoU, ref.mIoU, 'mIoU');
    close(m.mF1, ref.mF1, 'mF1');
    close(m.OA, ref.OA, 'OA');
    for (let c = 0; c < K; c++) {
      close(m.perClass[c].iou, ref.iou[c], `IoU ${c}`);
      close(m.perClass[c].f1, ref.f1[c], `F1 ${c}`);
    }
  }
  const cm = new ConfusionMatrix(K).update(truth, pred);
  assert.equal(cm.ignoredPixels, truth.filter((v) => v === 255).length);
  assert.equal(cm.total() + cm.ignoredPixels, truth.length);
  // Precision and recall against a direct count for one class.
  const c = 3;
  let tp = 0;
  let predC = 0;
  let gtC = 0;
  for (let i = 0; i < truth.length; i++) {
    if (truth[i] === 255) continue;
    if (truth[i] === c && pred[i] === c) tp++;
    if (pred[i] === c) predC++;
    if (truth[i] === c) gtC++;
  }
  close(m8.perClass[c].precision, tp / predC, 'precision');
  close(m8.perClass[c].recall, tp / gtC, 'recall');
});

test('updates in chunks and merged matrices equal one update', () => {
  const K = 5;
  const { truth, pred } = randomLabels(5000, K, 2);
  const whole = new ConfusionMatrix(K).update(truth, pred);
  const chunks = new ConfusionMatrix(K);
  for (let s = 0; s < 5000; s += 1237) chunks.update(truth.subarray(s, s + 1237), pred.subarray(s, s + 1237));
  const a = new ConfusionMatrix(K).update(truth.subarray(0, 2500), pred.subarray(0, 2500));
  const b = new ConfusionMatrix(K).update(truth.subarray(2500), pred.subarray(2500));
  assert.deepEqual(Array.from(chunks.counts), Array.from(whole.counts));
  assert.deepEqual(Array.from(a.merge(b).counts), Array.from(whole.counts));
});

test('absent classes: no truth and no prediction -> NaN and excluded; predicted only -> IoU 0', () => {
  const K = 5;
  const { truth, pred } = randomLabels(4000, K, 3, [2, 4]);
  // Class 4 is predicted on a few pixels but never in the truth.
  for (let i = 0; i < 40; i++) if (truth[i * 50] !== 255) pred[i * 50] = 4;
  const p: MetricProtocol = { classNames: all(K).map(String), meanClasses: all(K), oaClasses: all(K), ignoredTruthClasses: [] };
  const m = computeMetrics(new ConfusionMatrix(K).update(truth, pred), p);
  assert.ok(Number.isNaN(m.perClass[2].iou) && Number.isNaN(m.perClass[2].f1) && !m.perClass[2].present);
  assert.equal(m.perClass[4].iou, 0);
  assert.equal(m.perClass[4].f1, 0);
  assert.equal(m.perClass[4].precision, 0);
  assert.ok(Number.isNaN(m.perClass[4].recall));
  const ref = naive(truth, pred, K, all(K), all(K));
  close(m.mIoU, ref.mIoU, 'mIoU');
  // nanmean: the mean is over the 4 present classes.
  close(m.mIoU, [0, 1, 3, 4].reduce((a, c) => a + m.perClass[c].iou, 0) / 4, 'mIoU over present classes');
  // A mean over only absent classes is NaN.
  const none = computeMetrics(new ConfusionMatrix(K).update(truth, pred), { ...p, meanClasses: [2] });
  assert.ok(Number.isNaN(none.mIoU));
});

test('out-of-range values are errors naming the index, and nothing is added', () => {
  const cm = new ConfusionMatrix(3);
  const truth = Uint8Array.from([0, 1, 2, 255, 1, 7, 0, 0]);
  const pred = Uint8Array.from([0, 1, 2, 9, 1, 1, 0, 0]);
  assert.throws(() => cm.update(truth, pred), /index 5: truth 7/);
  assert.equal(cm.total(), 0);
  assert.throws(() => cm.update(Uint8Array.from([0, 1, 2, 1]), Uint8Array.from([0, 1, 3, 1])), /index 2: truth 2, prediction 3/);
  assert.throws(() => cm.update(Int32Array.from([0, 1, 2, 1]), Int32Array.from([0, -1, 2, 1])), /index 1/);
  assert.equal(cm.total(), 0);
  // A prediction on an ignored pixel is never looked at.
  cm.update(Uint8Array.from([255, 0]), Uint8Array.from([200, 0]));
  assert.equal(cm.total(), 1);
  assert.equal(cm.ignoredPixels, 1);
});

test('Potsdam variants: mmseg (6 in means), rsp (clutter dropped), geoseg (5 in means, OA over 6)', () => {
  const { truth, pred } = randomLabels(20_000, 6, 4);
  const cm = new ConfusionMatrix(6).update(truth, pred);
  const five = [0, 1, 2, 3, 4];
  const six = all(6);
  const cases = [
    ['mmseg', naive(truth, pred, 6, six, six)],
    ['rsp', naive(truth, pred, 6, five, five, [5])],
    ['geoseg', naive(truth, pred, 6, five, six)],
  ] as const;
  const seen = new Set<number>();
  for (const [variant, ref] of cases) {
    const m = computeMetrics(cm, potsdamProtocol(variant));
    close(m.mIoU, ref.mIoU, `${variant} mIoU`);
    close(m.mF1, ref.mF1, `${variant} mF1`);
    close(m.OA, ref.OA, `${variant} OA`);
    seen.add(m.mF1);
    seen.add(m.OA);
  }
  assert.ok(seen.size >= 4, 'the variants give different numbers');
  // rsp: clutter truth pixels count nowhere; clutter predictions on other pixels still count.
  const rsp = computeMetrics(cm, potsdamProtocol('rsp'));
  assert.equal(rsp.perClass[5].truthPixels, 0);
  assert.ok(rsp.perClass[5].predictedPixels > 0);
  assert.equal(potsdamProtocol('geoseg', 'full').id, 'potsdam/geoseg-full');
  assert.deepEqual(potsdamProtocol('mmseg', 'eroded').ignoreColours, [[0, 0, 0]]);
  assert.deepEqual(potsdamProtocol('mmseg', 'full').ignoreColours, []);
  assert.equal(getProtocol('potsdam', 'rsp-full').id, 'potsdam/rsp-full');
  assert.equal(getProtocol('potsdam').id, 'potsdam/rsp-eroded');
});

test('dataset tables: class counts and means as datasets.md says; generic protocol from a class list', () => {
  assert.equal(ISAID.classNames.length, 16);
  assert.equal(ISAID.meanClasses.length, 16);
  assert.deepEqual(ISAID.palette[15], [0, 100, 155]);
  assert.equal(MFNET.classNames.length, 9);
  assert.equal(MFNET.classNames[0], 'unlabeled');
  assert.equal(PST900.meanClasses.length, 5);
  assert.equal(getProtocol('synthgeo-potsdam').id, 'synthgeo-potsdam/rsp-full');
  assert.throws(() => getProtocol('mfnet', 'rsp'), /one protocol/);
  assert.throws(() => getProtocol('nope'), /no evaluation protocol/);
  const g = protocolFromClasses({ dataset: 'toy', classes: [{ name: 'bg', inMean: false }, { name: 'a', color: [1, 2, 3] }, { name: 'b' }, { name: 'junk', ignoreInMetrics: true }] });
  assert.deepEqual(g.meanClasses, [1, 2]);
  assert.deepEqual(g.ignoredTruthClasses, [3]);
  assert.deepEqual(g.oaClasses, [0, 1, 2]);
  const { truth, pred } = randomLabels(3000, 4, 5);
  const m = computeMetrics(new ConfusionMatrix(4).update(truth, pred), g);
  const ref = naive(truth, pred, 4, [1, 2], [0, 1, 2], [3]);
  close(m.mIoU, ref.mIoU, 'generic mIoU');
  close(m.OA, ref.OA, 'generic OA');
  assert.throws(() => protocolFromClasses({ dataset: 'x', classes: [{ id: 1, name: 'a' }] }), /expected 0/);
});
