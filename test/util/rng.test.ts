import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Rng } from '../../src/util/rng';

test('same seed gives the same stream, different seeds differ', () => {
  const a = new Rng(42);
  const b = new Rng(42);
  const c = new Rng(43);
  const sa = Array.from({ length: 100 }, () => a.nextU32());
  const sb = Array.from({ length: 100 }, () => b.nextU32());
  const sc = Array.from({ length: 100 }, () => c.nextU32());
  assert.deepEqual(sa, sb);
  assert.notDeepEqual(sa, sc);
});

test('saved state resumes the exact stream', () => {
  const a = new Rng(7);
  for (let i = 0; i < 13; i++) a.next();
  const state = a.getState();
  const expected = Array.from({ length: 20 }, () => a.next());
  const b = new Rng(0);
  b.setState(state);
  assert.deepEqual(Array.from({ length: 20 }, () => b.next()), expected);
});

test('uniform values are in [0,1) with mean near 1/2 and int() covers its range evenly', () => {
  const r = new Rng(1);
  const n = 200_000;
  let sum = 0;
  const counts = new Array<number>(10).fill(0);
  for (let i = 0; i < n; i++) {
    const u = r.next();
    assert.ok(u >= 0 && u < 1);
    sum += u;
    counts[r.int(10)] += 1;
  }
  assert.ok(Math.abs(sum / n - 0.5) < 0.005, `mean ${sum / n}`);
  // Chi-square with 9 degrees of freedom: 99.9th percentile is 27.9.
  const expected = n / 10;
  const chi2 = counts.reduce((acc, c) => acc + (c - expected) ** 2 / expected, 0);
  assert.ok(chi2 < 27.9, `chi2 ${chi2}`);
});

test('normal() has mean 0 and variance 1', () => {
  const r = new Rng(3);
  const n = 100_000;
  let s = 0;
  let s2 = 0;
  for (let i = 0; i < n; i++) {
    const z = r.normal();
    s += z;
    s2 += z * z;
  }
  const mean = s / n;
  assert.ok(Math.abs(mean) < 0.02, `mean ${mean}`);
  assert.ok(Math.abs(s2 / n - mean * mean - 1) < 0.03);
});

test('permutation is a permutation and all orders of 3 appear', () => {
  const r = new Rng(5);
  const seen = new Set<string>();
  for (let i = 0; i < 600; i++) {
    const p = r.permutation(3);
    assert.deepEqual([...p].sort(), [0, 1, 2]);
    seen.add(p.join(''));
  }
  assert.equal(seen.size, 6);
});
