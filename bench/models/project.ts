import * as tf from '@tensorflow/tfjs-core';
import { buildSegmenter } from '../../src/models';
import type { DecoderName, EncoderName, ModelSize } from '../../src/models';
import type { BenchModelSpec, BenchNet } from './types';

/** Wraps one of the project's segmenters (src/models) as a bench network. */
function segmenterNet(encoder: EncoderName, size: ModelSize, decoder: DecoderName, inChannels: number, numClasses: number, seed: number): BenchNet {
  const model = buildSegmenter({ encoder, size, decoder, inChannels, numClasses, seed });
  const trainable = model.trainableVariables();
  const trainableSet = new Set(trainable);
  const state = [...model.namedWeights().values()].filter((v) => !trainableSet.has(v));
  return {
    trainable,
    state,
    forward: (x: tf.Tensor4D, training: boolean) => model.forward(x, training),
    dispose: () => model.dispose(),
  };
}

/**
 * The CNN-nano encoder (16-32-48-64) + FPN-lite decoder of synthgeo-notes.md at the fine-tuning
 * size (batch 16, 48×48): the model `reproduce --quick` trains. Twin: `cnn_fpn` in reference.py.
 */
export function cnnFpnNanoSpec(batch = 16, size = 48, channels = 4, classes = 6): BenchModelSpec {
  return {
    name: batch === 16 && size === 48 ? 'cnn-fpn-nano' : `cnn-fpn-nano-b${batch}-s${size}`,
    description: `project model: cnn nano encoder (16-32-48-64 conv-BN-ReLU) + FPN-lite (width 32), segmentation, ${channels} bands`,
    input: [batch, size, size, channels],
    classes,
    create: (seed) => segmenterNet('cnn', 'nano', 'fpn', channels, classes, seed),
    torchName: 'cnn_fpn',
    torchArgs: { widths: [16, 32, 48, 64], fpn_width: 32 },
  };
}
