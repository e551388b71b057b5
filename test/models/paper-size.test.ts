/**
 * Paper-scale models (ConvNeXt-T / Swin-T + UperNet, ResNet-18/50) build, take one training step, and
 * have the published parameter counts: torchvision/timm totals with 1000 classes are ResNet-18
 * 11,689,512, ResNet-50 25,557,032, ConvNeXt-T 28,589,128, Swin-T 28,288,354. The encoder alone is
 * the total minus the head (C4·1000 + 1000) and the head LayerNorm (2·C4, convnext/swin), plus the
 * extra stem filters of the extra input channels.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { buildClassifier, buildSegmenter, countParams, type Model } from '../../src/models/index';
import { lossOf, randomInput, ready } from './helpers';

function oneStep(model: Model & { forward(x: tf.Tensor4D, t: boolean): tf.Tensor }, x: tf.Tensor4D): void {
  const vars = model.trainableVariables();
  const { value, grads } = tf.variableGrads(() => lossOf(model.forward(x, true)), vars);
  assert.ok(Number.isFinite(value.dataSync()[0]));
  assert.equal(Object.keys(grads).length, vars.length);
  // Finite gradients for the stem and the head (a sample: reading all 60 M values is slow).
  for (const name of [model.encoder.stemWeightName, 'head.weight']) {
    const v = model.namedWeights().get(name) as tf.Variable;
    assert.ok(grads[v.name].dataSync().every(Number.isFinite), name);
  }
  tf.dispose([value, ...Object.values(grads)]);
}

function encoderCount(total: number, c4: number, headNorm: boolean, stemKernel: number, stemOut: number, extraChannels: number): number {
  return total - (c4 * 1000 + 1000) - (headNorm ? 2 * c4 : 0) + extraChannels * stemKernel * stemKernel * stemOut;
}

const PUBLISHED = { convnext: 28_589_128, swin: 28_288_354 } as const;

for (const encoder of ['convnext', 'swin'] as const) {
  test(`${encoder}-tiny + UperNet (paper): one forward/backward at batch 1, 32×32, 4 channels`, async () => {
    await ready();
    const model = buildSegmenter({ encoder, size: 'tiny', decoder: 'upernet', inChannels: 4, numClasses: 6, seed: 1 });
    assert.equal(model.outputStride, 32);
    assert.throws(() => model.checkInputSize(48, 48), /pad the input to 64×64/);
    assert.deepEqual(model.encoder.features.map((f) => f.stride), [4, 8, 16, 32]);
    assert.deepEqual(model.encoder.features.map((f) => f.channels), [96, 192, 384, 768]);
    assert.equal(countParams(model, { prefix: 'encoder.' }), encoderCount(PUBLISHED[encoder], 768, true, 4, 96, 1));
    assert.ok(countParams(model) > 55e6 && countParams(model) < 65e6);
    const x = randomInput([1, 32, 32, 4]);
    const y = model.forward(x, false);
    assert.deepEqual(y.shape, [1, 32, 32, 6]);
    oneStep(model, x);
    tf.dispose([x, y]);
    model.dispose();
  });
}

test('resnet-18 and resnet-50 classifiers: one forward/backward at batch 1, 32×32, 5 channels', async () => {
  await ready();
  const published = { tiny: [11_689_512, 512], small: [25_557_032, 2048] } as const;
  for (const size of ['tiny', 'small'] as const) {
    const model = buildClassifier({ encoder: 'resnet', size, inChannels: 5, numClasses: 10, seed: 1 });
    const [total, c4] = published[size];
    assert.equal(countParams(model, { prefix: 'encoder.' }), encoderCount(total, c4, false, 7, 64, 2));
    assert.equal(countParams(model), countParams(model, { prefix: 'encoder.' }) + c4 * 10 + 10);
    const x = randomInput([1, 32, 32, 5]);
    oneStep(model, x);
    x.dispose();
    model.dispose();
  }
});
