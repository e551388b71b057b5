/**
 * The shared model test, run for every encoder × decoder at nano size: forward shape, backward
 * (a finite, non-zero gradient for every trainable variable), channel counts, input-size refusal,
 * training vs evaluation mode, and no tensor leaks.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { buildClassifier, buildSegmenter, decoderNames, encoderNames, type EncoderName } from '../../src/models/index';
import { lossOf, randomInput, ready } from './helpers';

const SIZE = 32;

for (const encoder of encoderNames()) {
  for (const decoder of decoderNames()) {
    test(`${encoder}-nano + ${decoder}: forward shape, gradients for all trainable variables, no leaks`, async () => {
      await ready();
      const model = buildSegmenter({ encoder, size: 'nano', decoder, inChannels: 4, numClasses: 5, seed: 3 });
      const x = randomInput([2, SIZE, SIZE, 4]);
      const step = (): number => {
        const vars = model.trainableVariables();
        const { value, grads } = tf.variableGrads(() => lossOf(model.forward(x, true)), vars);
        let nonZero = 0;
        for (const v of vars) {
          const g = grads[v.name];
          assert.ok(g, `no gradient for ${v.name}`);
          assert.deepEqual(g.shape, v.shape);
          const d = g.dataSync();
          assert.ok(d.every(Number.isFinite), `non-finite gradient for ${v.name}`);
          if (d.some((e) => e !== 0)) nonZero += 1;
        }
        const loss = value.dataSync()[0];
        tf.dispose([value, ...Object.values(grads)]);
        assert.ok(Number.isFinite(loss));
        return nonZero;
      };
      const y = model.forward(x, false);
      assert.deepEqual(y.shape, [2, SIZE, SIZE, 5]);
      y.dispose();
      const nonZero = step(); // first step builds cached constants (masks, pooling matrices)
      // Every variable influences the loss; allow none to be exactly zero.
      assert.equal(nonZero, model.trainableVariables().length);
      const before = tf.memory().numTensors;
      step();
      tf.dispose(model.forward(x, false));
      assert.equal(tf.memory().numTensors, before, 'tensor count grew across forward/backward');
      x.dispose();
      const held = tf.memory().numTensors;
      const nWeights = model.namedWeights().size;
      model.dispose();
      assert.ok(tf.memory().numTensors <= held - nWeights, 'dispose() must free every variable');
    });
  }
}

test('every encoder accepts 1, 3, 4 and 5 input channels (segmenter and classifier)', async () => {
  await ready();
  for (const encoder of encoderNames()) {
    for (const c of [1, 3, 4, 5]) {
      const seg = buildSegmenter({ encoder, size: 'nano', decoder: 'fpn', inChannels: c, numClasses: 3, seed: 1 });
      const y = seg.forward(randomInput([1, 16, 16, c]), false);
      assert.deepEqual(y.shape, [1, 16, 16, 3]);
      assert.deepEqual(seg.namedWeights().get(seg.encoder.stemWeightName)?.shape[2], c);
      y.dispose();
      seg.dispose();
      const cls = buildClassifier({ encoder, size: 'nano', inChannels: c, numClasses: 7, seed: 1 });
      const z = cls.forward(randomInput([2, 16, 16, c]), true);
      assert.deepEqual(z.shape, [2, 7]);
      z.dispose();
      cls.dispose();
    }
  }
});

test('input sizes not divisible by the output stride are refused with the padded size', async () => {
  await ready();
  const expected: Record<EncoderName, number> = { cnn: 8, resnet: 16, convnext: 16, swin: 16 };
  for (const encoder of encoderNames()) {
    const seg = buildSegmenter({ encoder, size: 'nano', decoder: 'fpn', inChannels: 3, numClasses: 2, seed: 1 });
    assert.equal(seg.outputStride, expected[encoder]);
    const s = seg.outputStride;
    assert.doesNotThrow(() => seg.checkInputSize(3 * s, 2 * s));
    const padded = `${4 * s}×${2 * s}`;
    assert.throws(() => seg.checkInputSize(3 * s + 1, 2 * s), (e: Error) => e.message.includes(padded));
    const x = randomInput([1, s + 2, s, 3]);
    assert.throws(() => seg.forward(x, false), (e: Error) => e.message.includes(`pad the input to ${2 * s}×${s}`));
    assert.throws(() => seg.forward(randomInput([1, s, s, 4]), false), /4 channels, the model expects 3/);
    x.dispose();
    seg.dispose();
  }
});

test('training mode updates batch-norm running statistics, evaluation mode changes nothing', async () => {
  await ready();
  const model = buildSegmenter({ encoder: 'cnn', size: 'nano', decoder: 'fpn', inChannels: 3, numClasses: 2, seed: 2 });
  const x = tf.add(tf.mul(randomInput([2, 16, 16, 3]), 3), 1) as tf.Tensor4D;
  const rm = model.namedWeights().get('encoder.stem.bn.running_mean') as tf.Variable;
  const before = rm.dataSync().slice();
  tf.dispose(model.forward(x, false));
  assert.deepEqual(rm.dataSync(), before);
  // Independent check of the update: 0.9·old + 0.1·batch mean of the stem conv output.
  const conv = model.namedWeights().get('encoder.stem.conv.weight') as tf.Variable;
  const batchMean = tf.tidy(() => tf.mean(tf.conv2d(x, conv as tf.Tensor4D, 1, 'same'), [0, 1, 2]).dataSync());
  tf.dispose(model.forward(x, true));
  const after = rm.dataSync();
  for (let i = 0; i < after.length; i++) assert.ok(Math.abs(after[i] - (0.9 * before[i] + 0.1 * batchMean[i])) < 1e-5);
  assert.ok(!model.trainableVariables().includes(rm), 'running mean must not be trainable');
  x.dispose();
  model.dispose();
});

test('same seed gives identical weights, another seed different ones; names are hierarchical and unique', async () => {
  await ready();
  const a = buildSegmenter({ encoder: 'convnext', size: 'nano', decoder: 'upernet', inChannels: 3, numClasses: 4, seed: 5 });
  const b = buildSegmenter({ encoder: 'convnext', size: 'nano', decoder: 'upernet', inChannels: 3, numClasses: 4, seed: 5 });
  const c = buildSegmenter({ encoder: 'convnext', size: 'nano', decoder: 'upernet', inChannels: 3, numClasses: 4, seed: 6 });
  const wa = a.namedWeights();
  const wb = b.namedWeights();
  assert.deepEqual([...wa.keys()], [...wb.keys()]);
  for (const [name, v] of wa) assert.deepEqual(v.dataSync(), (wb.get(name) as tf.Variable).dataSync(), name);
  const stem = a.encoder.stemWeightName;
  assert.equal(stem, 'encoder.stem.conv.weight');
  assert.notDeepEqual(wa.get(stem)?.dataSync(), c.namedWeights().get(stem)?.dataSync());
  for (const name of wa.keys()) assert.match(name, /^(encoder|decoder|head)\.[a-z0-9_.]+$/);
  assert.ok(wa.has('encoder.stages.0.blocks.0.dwconv.weight'));
  assert.ok(wa.has('decoder.fpn.0.conv.weight'));
  [a, b, c].forEach((m) => m.dispose());
});
