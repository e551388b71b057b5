import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Rng } from '../../src/util/rng';
import { applyCsp, batchStats, buildStrategy, emptyBatch, normaliseInPlace, type ImageBatch } from '../../src/pretrain/strategies';
import { PretrainInput } from '../../src/pretrain/input';

/** A batch whose 3 channels are distinguishable everywhere: channel values never coincide. */
function rgbBatch(size: number, h: number, w: number, seed: number): ImageBatch {
  const b = emptyBatch(size, h, w, 3);
  const rng = new Rng(seed);
  for (let i = 0; i < b.data.length; i++) b.data[i] = (i % 3) + rng.uniform(0.01, 0.99); // R in (0,1), G in (1,2), B in (2,3)
  return b;
}

/** Which source channel each output channel of sample i copies, read from the pixel values alone. */
function sourcesFromPixels(src: ImageBatch, out: ImageBatch, i: number): number[] {
  const pixels = src.height * src.width;
  const map: number[] = [];
  for (let j = 0; j < out.channels; j++) {
    const matches = [0, 1, 2].filter((k) => {
      for (let p = 0; p < pixels; p++) {
        if (out.data[(i * pixels + p) * out.channels + j] !== src.data[(i * pixels + p) * 3 + k]) return false;
      }
      return true;
    });
    assert.equal(matches.length, 1, `sample ${i} output channel ${j} copies exactly one source channel`);
    map.push(matches[0]);
  }
  return map;
}

for (const n of [3, 4, 5]) {
  test(`CSP with N=${n}: every output channel is an exact copy of a source channel, all sources present`, () => {
    const src = rgbBatch(16, 6, 5, 1);
    const { batch, maps } = applyCsp(src, n, new Rng(7));
    assert.equal(batch.channels, n);
    assert.equal(batch.data.length, 16 * 6 * 5 * n);
    for (let i = 0; i < src.size; i++) {
      const fromPixels = sourcesFromPixels(src, batch, i);
      assert.deepEqual(fromPixels, maps[i]);
      for (const k of [0, 1, 2]) assert.ok(fromPixels.includes(k), `sample ${i}: source ${k} present in ${fromPixels}`);
    }
  });
}

test('CSP draws the map anew per sample, and the same seed gives the same batch', () => {
  const src = rgbBatch(24, 4, 4, 2);
  const a = applyCsp(src, 4, new Rng(11));
  const b = applyCsp(src, 4, new Rng(11));
  const c = applyCsp(src, 4, new Rng(12));
  assert.deepEqual(a.batch.data, b.batch.data);
  assert.notDeepEqual(a.batch.data, c.batch.data);
  const distinct = new Set(a.maps.map((m) => m.join(',')));
  assert.ok(distinct.size >= 8, `24 samples gave only ${distinct.size} distinct channel maps`);
  // Which channel is duplicated varies too.
  const duplicated = new Set(a.maps.map((m) => [0, 1, 2].find((k) => m.filter((x) => x === k).length === 2)));
  assert.equal(duplicated.size, 3);
  // The source batch is untouched.
  assert.deepEqual(src.data, rgbBatch(24, 4, 4, 2).data);
});

test('CSP with N=3 is a per-sample permutation, with the identity not always drawn', () => {
  const src = rgbBatch(20, 3, 3, 3);
  const { maps } = applyCsp(src, 3, new Rng(5));
  for (const m of maps) assert.deepEqual([...m].sort(), [0, 1, 2]);
  assert.ok(maps.some((m) => m.join() !== '0,1,2'));
});

test('baseline (IM-RGB) leaves RGB untouched and refuses other channel counts', () => {
  const src = rgbBatch(5, 4, 4, 4);
  const s = buildStrategy('baseline', 3);
  const out = s.apply(src, new Rng(1));
  assert.deepEqual(out.data, src.data);
  assert.notEqual(out.data, src.data, 'a copy, not the same array');
  assert.throws(() => buildStrategy('baseline', 4), /3 channels/);
  assert.throws(() => buildStrategy('nope', 3), /unknown strategy/);
});

test('source normalisation happens before shuffling: each output channel has its source statistics', () => {
  const src = rgbBatch(8, 8, 8, 6);
  const stats = batchStats(src);
  const input = new PretrainInput('generalised', 5, [], stats, 'source');
  const norm = input.normalise(src);
  const after = batchStats(norm);
  for (let k = 0; k < 3; k++) {
    assert.ok(Math.abs(after.mean[k]) < 1e-5);
    assert.ok(Math.abs(after.std[k] - 1) < 1e-4);
  }
  const view = input.view(norm, new Rng(1));
  assert.equal(view.channels, 5);
  // shared: one statistic for all channels, so channel means differ after normalisation.
  const shared = normaliseInPlace({ ...src, data: Float32Array.from(src.data) }, stats, 'shared');
  const s2 = batchStats(shared);
  assert.ok(s2.mean[0] < -0.5 && s2.mean[2] > 0.5);
  assert.equal(input.record.normalisation, 'source');
  assert.equal(input.record.label, 'CSP');
  assert.throws(() => new PretrainInput('baseline', 3, ['X1'], stats), /generalised strategy only/);
});
