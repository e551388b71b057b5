/** Checkpoints: exact round trip, extra state, strict loading that leaves the model unchanged on failure. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { buildClassifier, buildSegmenter, checkpointTensors, loadCheckpoint, readCheckpoint, saveCheckpoint, type Model } from '../../src/models/index';
import { UserError } from '../../src/util/errors';
import { lossOf, randomInput, ready } from './helpers';

function tmpDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'geopretrain-ckpt-'));
}

function snapshot(model: Model): Map<string, Float32Array> {
  return new Map([...model.namedWeights()].map(([n, v]) => [n, v.dataSync() as Float32Array]));
}

/** A few SGD steps so weights and running statistics are no longer their initial values. */
function perturb(model: Model & { forward(x: tf.Tensor4D, t: boolean): tf.Tensor }, x: tf.Tensor4D): void {
  const opt = tf.train.sgd(0.1);
  for (let i = 0; i < 2; i++) opt.minimize(() => lossOf(model.forward(x, true)), false, model.trainableVariables());
  opt.dispose();
}

test('save → load round trip is exact for every encoder × decoder (weights and outputs)', async () => {
  await ready();
  const root = tmpDir();
  for (const encoder of ['cnn', 'resnet', 'convnext', 'swin'] as const) {
    for (const decoder of ['fpn', 'upernet'] as const) {
      const opts = { encoder, size: 'nano' as const, decoder, inChannels: 3, numClasses: 4 };
      const a = buildSegmenter({ ...opts, seed: 1 });
      const x = randomInput([2, 16, 16, 3]);
      perturb(a, x);
      const dir = path.join(root, `${encoder}-${decoder}`);
      await saveCheckpoint(dir, a);
      const b = buildSegmenter({ ...opts, seed: 2 });
      loadCheckpoint(dir, b);
      const wa = snapshot(a);
      const wb = snapshot(b);
      for (const [name, values] of wa) assert.deepEqual(wb.get(name), values, `${encoder}-${decoder} ${name}`);
      const ya = a.forward(x, false);
      const yb = b.forward(x, false);
      assert.deepEqual(yb.dataSync(), ya.dataSync());
      tf.dispose([x, ya, yb]);
      a.dispose();
      b.dispose();
    }
  }
  fs.rmSync(root, { recursive: true, force: true });
});

test('extra tensors (optimizer state) and JSON state come back; files are what the index says', async () => {
  await ready();
  const dir = path.join(tmpDir(), 'ck');
  const model = buildClassifier({ encoder: 'cnn', size: 'nano', inChannels: 4, numClasses: 3, seed: 1 });
  const x = randomInput([2, 16, 16, 4]);
  const opt = tf.train.adam(0.01);
  opt.minimize(() => lossOf(model.forward(x, true)), false, model.trainableVariables());
  const optWeights = await opt.getWeights();
  const state = { step: 7, rng: [1, 2, 3, 4], config: { lr: 0.01 } };
  await saveCheckpoint(dir, model, { state, extraTensors: [...optWeights, { name: 'counts', tensor: tf.tensor1d([3, -1], 'int32') }] });
  assert.deepEqual(fs.readdirSync(path.dirname(dir)), ['ck'], 'no temporary folder left behind');
  const ck = readCheckpoint(dir);
  assert.deepEqual(ck.state, state);
  assert.equal(ck.config.kind, 'classifier');
  assert.equal(ck.extra.size, optWeights.length + 1);
  for (const { name, tensor } of optWeights) assert.deepEqual(ck.extra.get(name)?.data, tensor.dataSync());
  assert.deepEqual(Array.from(ck.extra.get('counts')?.data ?? []), [3, -1]);
  assert.equal(ck.extra.get('counts')?.dtype, 'int32');
  // weights.bin holds exactly the listed tensors, in order, float32 little-endian.
  const index = JSON.parse(fs.readFileSync(path.join(dir, 'weights.json'), 'utf8')) as { tensors: { name: string; offset: number; shape: number[] }[] };
  const bin = fs.readFileSync(path.join(dir, 'weights.bin'));
  const total = index.tensors.reduce((a, t) => a + 4 * t.shape.reduce((p, d) => p * d, 1), 0);
  assert.equal(bin.byteLength, total);
  const stem = index.tensors.find((t) => t.name === 'encoder.stem.conv.weight');
  assert.ok(stem);
  const w = model.namedWeights().get('encoder.stem.conv.weight')?.dataSync() as Float32Array;
  assert.equal(bin.readFloatLE(stem.offset + 4 * 5), w[5]);
  const restored = checkpointTensors(ck, 'extra');
  const opt2 = tf.train.adam(0.01);
  await opt2.setWeights(restored.filter((t) => t.name !== 'counts'));
  tf.dispose([x, ...optWeights.map((t) => t.tensor), ...restored.map((t) => t.tensor)]);
  opt.dispose();
  opt2.dispose();
  model.dispose();
});

test('a mismatching checkpoint is refused with every difference listed and the model unchanged', async () => {
  await ready();
  const dir = path.join(tmpDir(), 'ck');
  const saved = buildSegmenter({ encoder: 'cnn', size: 'nano', decoder: 'fpn', inChannels: 3, numClasses: 4, seed: 1 });
  await saveCheckpoint(dir, saved);
  saved.dispose();
  const other = buildSegmenter({ encoder: 'cnn', size: 'nano', decoder: 'upernet', inChannels: 4, numClasses: 4, seed: 2 });
  const before = snapshot(other);
  assert.throws(
    () => loadCheckpoint(dir, other),
    (e: Error) =>
      e instanceof UserError &&
      e.message.includes('weights.json') &&
      /missing \d+ \[decoder\.ppm/.test(e.message) &&
      /unexpected \d+ \[decoder\.lateral\.0\.weight/.test(e.message) &&
      e.message.includes('encoder.stem.conv.weight: saved [3,3,3,16] vs model [3,3,4,16]'),
  );
  for (const [name, values] of snapshot(other)) assert.deepEqual(values, before.get(name), name);
  other.dispose();
});

test('corrupt or incomplete checkpoint folders give a UserError naming the file; failed saves write nothing', async () => {
  await ready();
  const dir = path.join(tmpDir(), 'ck');
  const model = buildClassifier({ encoder: 'cnn', size: 'nano', inChannels: 3, numClasses: 2, seed: 1 });
  await saveCheckpoint(dir, model);
  const bin = path.join(dir, 'weights.bin');
  fs.truncateSync(bin, 100);
  assert.throws(() => readCheckpoint(dir), (e: Error) => e instanceof UserError && e.message.includes('weights.json') && e.message.includes('outside weights.bin'));
  fs.writeFileSync(path.join(dir, 'weights.json'), '{ not json');
  assert.throws(() => readCheckpoint(dir), (e: Error) => e instanceof UserError && e.message.includes('weights.json: not valid JSON'));
  fs.rmSync(bin);
  assert.throws(() => readCheckpoint(dir), (e: Error) => e instanceof UserError && e.message.includes('weights.bin: missing'));
  const target = path.join(path.dirname(dir), 'never');
  const bad = tf.tensor1d([true, false] as unknown as number[], 'bool');
  await assert.rejects(saveCheckpoint(target, model, { extraTensors: [{ name: 'flag', tensor: bad }] }), /dtype bool/);
  assert.equal(fs.existsSync(target), false);
  bad.dispose();
  model.dispose();
});
