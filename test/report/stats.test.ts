import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ResultRow } from '../../src/report/results';
import { aggregate, bootstrapMeanCI, pairedDifferences } from '../../src/report/stats';
import { Rng } from '../../src/util/rng';

function row(strategy: string, seed: number, value: number, over: Partial<ResultRow> = {}): ResultRow {
  return { experiment: 'e', dataset: 'mfnet', modality: 'RGBT', strategy, init: '', seed, metric: 'mIoU', class: '', value, steps: 1, wallSeconds: 1, backend: 'wasm', protocol: 'mfnet', codeVersion: 'x', config: '{}', ...over };
}

test('aggregate: mean, sample std and n per group; NaN values are left out', () => {
  const values = [0.51, 0.55, 0.49, 0.6];
  const rows = [...values.map((v, i) => row('baseline', i, v)), row('baseline', 9, NaN), row('generalised', 0, 0.7)];
  const aggs = aggregate(rows);
  const b = aggs.find((a) => a.strategy === 'baseline')!;
  const m = (0.51 + 0.55 + 0.49 + 0.6) / 4;
  const sd = Math.sqrt(((0.51 - m) ** 2 + (0.55 - m) ** 2 + (0.49 - m) ** 2 + (0.6 - m) ** 2) / 3);
  assert.ok(Math.abs(b.mean - m) < 1e-12);
  assert.ok(Math.abs(b.std - sd) < 1e-12);
  assert.equal(b.n, 4);
  const g = aggs.find((a) => a.strategy === 'generalised')!;
  assert.equal(g.n, 1);
  assert.ok(Number.isNaN(g.std));
});

test('bootstrap CI: contains the true mean difference and excludes zero for a clear effect', () => {
  const rng = new Rng(5);
  const rows: ResultRow[] = [];
  const trueDiff = 0.04;
  for (let seed = 0; seed < 10; seed++) {
    const base = 0.5 + 0.05 * rng.normal(); // seed effect shared by both strategies (paired)
    rows.push(row('baseline', seed, base));
    rows.push(row('generalised', seed, base + trueDiff + 0.005 * rng.normal()));
  }
  const [d] = pairedDifferences(rows, 'generalised', 'baseline', { resamples: 10000, seed: 1 });
  assert.equal(d.n, 10);
  assert.ok(d.ciLow < trueDiff && trueDiff < d.ciHigh, `[${d.ciLow}, ${d.ciHigh}] contains ${trueDiff}`);
  assert.ok(d.ciLow > 0 && d.significant);
  // Same seed, same interval.
  const [again] = pairedDifferences(rows, 'generalised', 'baseline', { resamples: 10000, seed: 1 });
  assert.equal(again.ciLow, d.ciLow);
  assert.equal(again.ciHigh, d.ciHigh);
});

test('bootstrap CI includes zero for noise without an effect; one pair gives no interval', () => {
  // Differences symmetric around zero: +-0.01, +-0.02, ... (no effect, but spread).
  const diffs = [0.01, -0.01, 0.02, -0.02, 0.015, -0.015, 0.005, -0.005];
  const rows = diffs.flatMap((d, seed) => [row('baseline', seed, 0.5), row('generalised', seed, 0.5 + d)]);
  const [d] = pairedDifferences(rows, 'generalised', 'baseline', { resamples: 5000, seed: 2 });
  assert.ok(d.ciLow < 0 && d.ciHigh > 0);
  assert.equal(d.significant, false);
  const single = pairedDifferences([row('baseline', 0, 0.5), row('generalised', 0, 0.9)], 'generalised', 'baseline');
  assert.equal(single[0].n, 1);
  assert.equal(single[0].significant, false);
  assert.ok(Number.isNaN(single[0].ciLow));
});

test('pairing is by seed: unpaired seeds are dropped, groups are separate, the percentile CI matches a direct quantile', () => {
  const rows = [
    row('baseline', 1, 0.5), row('generalised', 1, 0.6), row('baseline', 2, 0.4), row('generalised', 2, 0.45), row('generalised', 3, 0.99),
    row('baseline', 1, 0.7, { dataset: 'pst900' }), row('generalised', 1, 0.6, { dataset: 'pst900' }),
  ];
  const diffs = pairedDifferences(rows, 'generalised', 'baseline');
  const mf = diffs.find((d) => d.dataset === 'mfnet')!;
  assert.deepEqual(mf.seeds, [1, 2]);
  assert.ok(Math.abs(mf.meanDifference - (0.1 + 0.05) / 2) < 1e-12);
  assert.equal(diffs.find((d) => d.dataset === 'pst900')!.n, 1);
  // With two values the bootstrap means take only 3 values: a, (a+b)/2, b; the 95% interval spans [min, max].
  const ci = bootstrapMeanCI([0.1, 0.05], { resamples: 4000, seed: 3 });
  assert.ok(Math.abs(ci.low - 0.05) < 1e-12 && Math.abs(ci.high - 0.1) < 1e-12);
});

test('with few seeds a bootstrap interval that excludes zero is not enough: the t interval must too', () => {
  // Differences +0.01, +0.05, +0.002: all positive, so every bootstrap resample mean is > 0, but the
  // t interval (mean 0.0207, sd 0.0257, n 3, t = 4.303) reaches well below zero.
  const rows = [row('baseline', 0, 0.5), row('generalised', 0, 0.51), row('baseline', 1, 0.5), row('generalised', 1, 0.55), row('baseline', 2, 0.5), row('generalised', 2, 0.502)];
  const [d] = pairedDifferences(rows, 'generalised', 'baseline', { seed: 1, resamples: 2000 });
  assert.ok(d.ciLow > 0, `bootstrap low ${d.ciLow}`);
  const diffs = [0.01, 0.05, 0.002];
  const m = diffs.reduce((a, b) => a + b) / 3;
  const sd = Math.sqrt(diffs.reduce((a, v) => a + (v - m) ** 2, 0) / 2);
  assert.ok(Math.abs(d.tLow - (m - (4.303 * sd) / Math.sqrt(3))) < 1e-4);
  assert.ok(d.tLow < 0);
  assert.equal(d.significant, false);
});
