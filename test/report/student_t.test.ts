import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tCdf, tInterval, tQuantile } from '../../src/report/student_t';

test('t quantiles match published table values', () => {
  // Two-sided 95% critical values (t_{0.975}) from any statistics table.
  const table: [number, number][] = [[1, 12.706], [2, 4.303], [3, 3.182], [4, 2.776], [9, 2.262], [29, 2.045]];
  for (const [df, t] of table) assert.ok(Math.abs(tQuantile(0.975, df) - t) < 1e-3, `df ${df}: ${tQuantile(0.975, df)}`);
  assert.ok(Math.abs(tQuantile(0.995, 4) - 4.604) < 1e-3);
  assert.ok(Math.abs(tQuantile(0.025, 3) + 3.182) < 1e-3);
});

test('the t CDF is symmetric and tends to the normal for large df', () => {
  assert.ok(Math.abs(tCdf(1.3, 5) + tCdf(-1.3, 5) - 1) < 1e-9);
  assert.ok(Math.abs(tCdf(1.959964, 1e6) - 0.975) < 1e-4);
});

test('t interval of identical differences has zero width only when the spread is zero', () => {
  const same = tInterval([0.02, 0.02, 0.02]);
  assert.equal(same.low, 0.02);
  const spread = tInterval([0.01, 0.03, 0.02]);
  // mean 0.02, sd 0.01, n 3: half-width = 4.303 * 0.01 / sqrt(3)
  assert.ok(Math.abs(spread.high - spread.mean - (4.303 * 0.01) / Math.sqrt(3)) < 1e-5);
  assert.ok(Number.isNaN(tInterval([0.5]).low));
});
