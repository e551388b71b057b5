import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../../src/backend/select';
import { BatchLoader, generatorSource, refSource, type RawBatch } from '../../src/data/loader';
import { SynthImageNet } from '../../src/data/synthgeo/imagenet';
import { SynthIsaid } from '../../src/data/synthgeo/isaid';
import { compose, randomFlip, randomResizedCrop } from '../../src/data/transforms';
import type { SegSample } from '../../src/data/types';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A tiny segmentation sample whose pixels encode its index. */
function tiny(i: number): SegSample {
  const data = new Float32Array(4 * 4 * 2).fill(i);
  return { id: `s${i}`, image: { height: 4, width: 4, bands: ['A', 'B'], data }, label: { height: 4, width: 4, data: new Uint8Array(16).fill(i % 7) } };
}

async function collect(loader: BatchLoader<SegSample>): Promise<RawBatch[]> {
  const out: RawBatch[] = [];
  for await (const b of loader.rawBatches()) out.push(b);
  return out;
}

test('loader: every sample once per epoch, order reproducible by seed and different across seeds/epochs', async () => {
  const source = generatorSource(23, tiny);
  const a = await collect(new BatchLoader({ source, batchSize: 5, seed: 1, epochs: 2 }));
  assert.equal(a.length, 10); // ceil(23/5) per epoch
  for (const epoch of [0, 1]) {
    const idx = a.filter((b) => b.epoch === epoch).flatMap((b) => b.indices);
    assert.deepEqual([...idx].sort((x, y) => x - y), Array.from({ length: 23 }, (_, i) => i));
    // The pixels are the samples named by the indices, in order.
    const firstPixels = a.filter((b) => b.epoch === epoch).flatMap((b) => b.indices.map((_, k) => b.images[k * 32]));
    assert.deepEqual(firstPixels, idx);
  }
  const again = await collect(new BatchLoader({ source, batchSize: 5, seed: 1, epochs: 2 }));
  assert.deepEqual(again.map((b) => b.indices), a.map((b) => b.indices));
  const other = await collect(new BatchLoader({ source, batchSize: 5, seed: 2, epochs: 1 }));
  assert.notDeepEqual(other.flatMap((b) => b.indices), a.slice(0, 5).flatMap((b) => b.indices));
  assert.notDeepEqual(a.slice(0, 5).flatMap((b) => b.indices), a.slice(5).flatMap((b) => b.indices));
  const dropped = await collect(new BatchLoader({ source, batchSize: 5, seed: 1, dropLast: true }));
  assert.deepEqual(dropped.map((b) => b.indices.length), [5, 5, 5, 5]);
  const ordered = await collect(new BatchLoader({ source, batchSize: 10, seed: 1, shuffle: false }));
  assert.deepEqual(ordered[0].indices, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
});

test('loader: resuming at a saved position reproduces the rest exactly, transforms included', async () => {
  const gen = new SynthIsaid({ seed: 3, size: 32 });
  const source = generatorSource(20, (i) => gen.sample('train', i));
  const transform = compose(randomFlip({ horizontal: 0.5, vertical: 0.5 }), randomResizedCrop({ size: 24, scale: [0.3, 1] }));
  const full = await collect(new BatchLoader({ source, batchSize: 6, seed: 9, transform, epochs: 2 }));
  const cut = 4; // resume after the 4th batch (crosses the epoch boundary: 4 batches per epoch)
  const resumed = await collect(new BatchLoader({ source, batchSize: 6, seed: 9, transform, epochs: 2, start: full[cut - 1].next }));
  assert.deepEqual(full[cut - 1].next, { epoch: 1, position: 0 });
  assert.equal(resumed.length, full.length - cut);
  resumed.forEach((b, k) => {
    assert.deepEqual(b.indices, full[cut + k].indices);
    assert.deepEqual(b.images, full[cut + k].images);
    assert.deepEqual(b.labels, full[cut + k].labels);
  });
  const mid = await collect(new BatchLoader({ source, batchSize: 6, seed: 9, transform, start: full[1].next }));
  assert.deepEqual(mid[0].images, full[2].images);
  assert.deepEqual(full[0].shape, [6, 24, 24, 3]);
});

test('loader: prefetch overlaps a slow reader with a slow consumer', async () => {
  const readMs = 25;
  const workMs = 25;
  const batches = 8;
  const source = refSource(Array.from({ length: batches * 2 }, (_, i) => i), async (i) => {
    await sleep(readMs); // each batch of 2 reads concurrently: ~readMs per batch
    return tiny(i);
  });
  const run = async (prefetch: number) => {
    const loader = new BatchLoader({ source, batchSize: 2, seed: 0, prefetch });
    const t0 = performance.now();
    for await (const b of loader.rawBatches()) {
      assert.equal(b.ids.length, 2);
      await sleep(workMs); // the consumer's work
    }
    return { ms: performance.now() - t0, stats: loader.stats() };
  };
  const serial = await run(0);
  const overlapped = await run(2);
  const sum = batches * (readMs + workMs);
  assert.ok(serial.ms >= sum * 0.95, `without prefetch ${serial.ms.toFixed(0)} ms should be about the sum ${sum}`);
  assert.ok(overlapped.ms < sum * 0.75, `with prefetch ${overlapped.ms.toFixed(0)} ms should beat the sum ${sum}`);
  assert.ok(overlapped.stats.waitSeconds < serial.stats.waitSeconds);
  assert.equal(overlapped.stats.samples, batches * 2);
  assert.ok(overlapped.stats.samplesPerSecond > 0);
});

test('loader: tensors NHWC float32 + int32 labels (segmentation NHW, classification N); disposing leaves no tensors', async () => {
  await initBackend();
  const before = tf.memory().numTensors;
  const gen = new SynthIsaid({ seed: 1, size: 32 });
  const seg = new BatchLoader({ source: generatorSource(10, (i) => gen.sample('train', i)), batchSize: 4, seed: 1 });
  let n = 0;
  for await (const b of seg) {
    assert.deepEqual(b.images.shape.slice(1), [32, 32, 3]);
    assert.equal(b.images.dtype, 'float32');
    assert.equal(b.labels.dtype, 'int32');
    assert.deepEqual(b.labels.shape, [b.ids.length, 32, 32]);
    const want = gen.sample('train', b.indices[0]);
    assert.deepEqual(Array.from(await b.labels.data()).slice(0, 1024), Array.from(want.label.data));
    n += b.ids.length;
    b.dispose();
  }
  assert.equal(n, 10);
  const inet = new SynthImageNet({ seed: 1 });
  const cls = new BatchLoader({ source: generatorSource(12, (i) => inet.sample('train', i)), batchSize: 5, seed: 2, prefetch: 3 });
  for await (const b of cls) {
    assert.deepEqual(b.labels.shape, [b.ids.length]);
    assert.deepEqual(Array.from(await b.labels.data()), b.indices.map((i) => i % 10));
    b.dispose();
  }
  // A consumer that stops early leaves nothing behind either.
  for await (const b of new BatchLoader({ source: generatorSource(12, (i) => inet.sample('train', i)), batchSize: 3, seed: 2 })) {
    b.dispose();
    break;
  }
  assert.equal(tf.memory().numTensors, before);
});

test('loader: mismatched sample sizes fail with the sample ids; a failing read surfaces', async () => {
  const source = generatorSource(4, (i) => (i === 2 ? { ...tiny(i), image: { ...tiny(i).image, height: 2, data: new Float32Array(16) } } : tiny(i)));
  await assert.rejects(collect(new BatchLoader({ source, batchSize: 4, seed: 0, shuffle: false })), /cannot stack s2/);
  const failing = refSource([0, 1, 2], async (i) => {
    if (i === 1) throw new Error('disk on fire');
    return tiny(i);
  });
  await assert.rejects(collect(new BatchLoader({ source: failing, batchSize: 1, seed: 0, shuffle: false })), /disk on fire/);
});
