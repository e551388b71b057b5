/** Transfer of a pre-trained encoder into a segmenter, and the stem adaptations. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { adaptStemWeight, buildClassifier, buildSegmenter, readCheckpoint, saveCheckpoint, snapshotWeights, transferEncoder, type Model } from '../../src/models/index';
import { UserError } from '../../src/util/errors';
import { lossOf, maxAbsDiff, randomInput, ready } from './helpers';

function snapshot(model: Model): Map<string, Float32Array> {
  return new Map([...model.namedWeights()].map(([n, v]) => [n, v.dataSync() as Float32Array]));
}

for (const encoder of ['cnn', 'resnet', 'convnext', 'swin'] as const) {
  test(`${encoder}: transfer copies exactly the encoder tensors (from a saved classifier) and nothing else`, async () => {
    await ready();
    const cls = buildClassifier({ encoder, size: 'nano', inChannels: 4, numClasses: 10, seed: 11 });
    const x = randomInput([2, 16, 16, 4]);
    const opt = tf.train.sgd(0.05);
    opt.minimize(() => lossOf(cls.forward(x, true)), false, cls.trainableVariables());
    opt.dispose();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'geopretrain-transfer-'));
    await saveCheckpoint(dir, cls);
    const seg = buildSegmenter({ encoder, size: 'nano', decoder: 'upernet', inChannels: 4, numClasses: 5, seed: 12 });
    const before = snapshot(seg);
    const report = transferEncoder(readCheckpoint(dir), seg);
    const source = snapshot(cls);
    const after = snapshot(seg);
    const encoderNames = [...after.keys()].filter((n) => n.startsWith('encoder.'));
    assert.deepEqual([...report.copied].sort(), [...encoderNames].sort());
    assert.deepEqual(report.missing, []);
    assert.deepEqual(report.adapted, []);
    assert.deepEqual([...report.unexpected].sort(), [...source.keys()].filter((n) => !n.startsWith('encoder.')).sort());
    for (const [name, values] of after) {
      if (name.startsWith('encoder.')) assert.deepEqual(values, source.get(name), `${name} not copied`);
      else assert.deepEqual(values, before.get(name), `${name} must not change`);
    }
    // Running statistics travel too (they were updated by the training step).
    assert.ok(encoderNames.some((n) => n.endsWith('running_mean')) === (encoder === 'cnn' || encoder === 'resnet'));
    x.dispose();
    cls.dispose();
    seg.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  });
}

test('transfer refuses other encoders/sizes and channel changes without adaptation; target unchanged', async () => {
  await ready();
  const cls = buildClassifier({ encoder: 'convnext', size: 'nano', inChannels: 3, numClasses: 10, seed: 1 });
  const ck = snapshotWeights(cls);
  const seg = buildSegmenter({ encoder: 'convnext', size: 'micro', decoder: 'fpn', inChannels: 3, numClasses: 5, seed: 2 });
  const before = snapshot(seg);
  assert.throws(() => transferEncoder(ck, seg), (e: Error) => e instanceof UserError && /shape mismatch/.test(e.message) && /missing \d+ \[encoder\.stages\.2\.blocks\.2/.test(e.message) && !e.message.includes('choose a stem adaptation'));
  for (const [name, values] of snapshot(seg)) assert.deepEqual(values, before.get(name));
  const seg4 = buildSegmenter({ encoder: 'convnext', size: 'nano', decoder: 'fpn', inChannels: 4, numClasses: 5, seed: 2 });
  assert.throws(() => transferEncoder(ck, seg4), /encoder\.stem\.conv\.weight: saved \[2,2,3,16\] vs model \[2,2,4,16\].*choose a stem adaptation/);
  const swin = buildSegmenter({ encoder: 'swin', size: 'nano', decoder: 'fpn', inChannels: 3, numClasses: 5, seed: 2 });
  assert.throws(() => transferEncoder(ck, swin), /unexpected \d+ \[encoder\.stages\.0\.blocks\.0\.dwconv/);
  [cls, seg, seg4, swin].forEach((m) => m.dispose());
});

test("'mean' stem adaptation (IM-RGB): RGB filters kept, extras = mean, all × 3/n; recorded in the report", async () => {
  await ready();
  const cls = buildClassifier({ encoder: 'cnn', size: 'nano', inChannels: 3, numClasses: 10, seed: 1 });
  const ck = snapshotWeights(cls);
  const src = ck.model.get('encoder.stem.conv.weight');
  assert.ok(src);
  for (const n of [1, 2, 4, 5]) {
    const seg = buildSegmenter({ encoder: 'cnn', size: 'nano', decoder: 'fpn', inChannels: n, numClasses: 5, seed: 2 });
    const report = transferEncoder(ck, seg, { stem: 'mean' });
    assert.deepEqual(report.adapted, [{ name: 'encoder.stem.conv.weight', method: 'mean', fromShape: [3, 3, 3, 16], toShape: [3, 3, n, 16], scale: 3 / n }]);
    assert.ok(!report.copied.includes('encoder.stem.conv.weight'));
    const w = seg.namedWeights().get('encoder.stem.conv.weight') as tf.Variable;
    const src4 = tf.tensor4d(src.data as Float32Array, [3, 3, 3, 16]);
    // Property 1: an input whose channels are all equal (gray g) gets the source stem's response to gray RGB.
    const g = randomInput([1, 8, 8, 1], 5);
    const got = tf.tidy(() => tf.conv2d(tf.tile(g, [1, 1, 1, n]), w as tf.Tensor4D, 1, 'same').dataSync());
    const want = tf.tidy(() => tf.conv2d(tf.tile(g, [1, 1, 1, 3]), src4, 1, 'same').dataSync());
    assert.ok(maxAbsDiff(got, want) < 1e-4, `gray response differs for n=${n}`);
    if (n > 3) {
      // Property 2: with the extra channels = mean of RGB, the response is (3/n)·source(x) + ((n−3)/n)·source(gray(x)).
      const rgb = randomInput([1, 8, 8, 3], 6);
      const mean = tf.mean(rgb, 3, true) as tf.Tensor4D;
      const xn = tf.concat([rgb, tf.tile(mean, [1, 1, 1, n - 3])], 3) as tf.Tensor4D;
      const adapted = tf.tidy(() => tf.conv2d(xn, w as tf.Tensor4D, 1, 'same').dataSync());
      const combo = tf.tidy(() =>
        tf.add(tf.mul(tf.conv2d(rgb, src4, 1, 'same'), 3 / n), tf.mul(tf.conv2d(tf.tile(mean, [1, 1, 1, 3]), src4, 1, 'same'), (n - 3) / n)).dataSync(),
      );
      assert.ok(maxAbsDiff(adapted, combo) < 1e-4);
      // …and not the source response itself (the adaptation does not preserve colour images).
      const plain = tf.tidy(() => tf.conv2d(rgb, src4, 1, 'same').dataSync());
      assert.ok(maxAbsDiff(adapted, plain) > 1e-3);
      tf.dispose([rgb, mean, xn]);
    }
    tf.dispose([src4, g]);
    seg.dispose();
  }
  cls.dispose();
});

test("'repeat' stem adaptation (timm): filter c = source c mod 3, × 3/n; gray-preserving when n is a multiple of 3", async () => {
  await ready();
  const shape = [1, 1, 3, 2];
  const data = Float32Array.from([1, 10, 2, 20, 4, 40]); // [k, k, c, out]: c0 = (1, 10), c1 = (2, 20), c2 = (4, 40)
  const four = adaptStemWeight(data, shape, 4, 'repeat');
  assert.deepEqual(Array.from(four.data), [1, 10, 2, 20, 4, 40, 1, 10].map((v) => (v * 3) / 4));
  const one = adaptStemWeight(data, shape, 1, 'repeat');
  assert.deepEqual(Array.from(one.data), [7, 70]);
  const six = adaptStemWeight(data, shape, 6, 'repeat');
  const sumOut0 = [0, 1, 2, 3, 4, 5].reduce((a, c) => a + six.data[c * 2], 0);
  assert.ok(Math.abs(sumOut0 - 7) < 1e-6);
  const mean4 = adaptStemWeight(data, shape, 4, 'mean');
  assert.deepEqual(Array.from(mean4.data), [1, 10, 2, 20, 4, 40, 7 / 3, 70 / 3].map((v) => (v * 3) / 4));
  // Through the model API.
  const cls = buildClassifier({ encoder: 'swin', size: 'nano', inChannels: 3, numClasses: 10, seed: 1 });
  const seg = buildSegmenter({ encoder: 'swin', size: 'nano', decoder: 'fpn', inChannels: 5, numClasses: 5, seed: 2 });
  const report = transferEncoder(snapshotWeights(cls), seg, { stem: 'repeat' });
  assert.equal(report.adapted[0].method, 'repeat');
  assert.ok(report.copied.includes('encoder.stem.conv.bias'));
  cls.dispose();
  seg.dispose();
});
