/**
 * Step-time measurement of a model (for `bench` and for choosing the quick-run model): median time of
 * a training step (forward + softmax cross-entropy + backward + Adam update) and of an evaluation
 * forward, after one warm-up step, on random data.
 */
import * as tf from '@tensorflow/tfjs-core';
import { buildClassifier } from './classifier';
import { countParams } from './count';
import { buildSegmenter } from './segmenter';
import type { DecoderName, EncoderName, ModelSize } from './types';

export interface StepTimeOptions {
  encoder: EncoderName;
  size: ModelSize;
  /** Segmenter when given, classifier otherwise. */
  decoder?: DecoderName;
  batch: number;
  inputSize: number;
  inChannels: number;
  numClasses: number;
  /** Timed repetitions after the warm-up (default 5). */
  repeats?: number;
}

export interface StepTimeResult {
  model: string;
  params: number;
  trainStepMs: number;
  evalForwardMs: number;
  batch: number;
  inputSize: number;
}

export function measureStepTime(o: StepTimeOptions): StepTimeResult {
  const base = { encoder: o.encoder, size: o.size, inChannels: o.inChannels, numClasses: o.numClasses, seed: 1 };
  const model = o.decoder ? buildSegmenter({ ...base, decoder: o.decoder }) : buildClassifier(base);
  const opt = tf.train.adam(1e-3);
  const x = tf.randomNormal([o.batch, o.inputSize, o.inputSize, o.inChannels], 0, 1, 'float32', 1) as tf.Tensor4D;
  const labels = tf.tidy(() => {
    const shape = o.decoder ? [o.batch, o.inputSize, o.inputSize] : [o.batch];
    return tf.oneHot(tf.randomUniform(shape as [number], 0, o.numClasses, 'int32', 2) as tf.Tensor1D, o.numClasses);
  });
  const train: number[] = [];
  const evalTimes: number[] = [];
  try {
    for (let i = 0; i <= (o.repeats ?? 5); i++) {
      let t = performance.now();
      tf.tidy(() => model.forward(x, false).dataSync());
      evalTimes.push(performance.now() - t);
      t = performance.now();
      const loss = opt.minimize(() => tf.losses.softmaxCrossEntropy(labels, model.forward(x, true)) as tf.Scalar, true, model.trainableVariables());
      loss?.dataSync();
      loss?.dispose();
      train.push(performance.now() - t);
    }
  } finally {
    tf.dispose([x, labels]);
    opt.dispose();
  }
  const median = (a: number[]): number => {
    const s = a.slice(1).sort((p, q) => p - q);
    return s[Math.floor(s.length / 2)];
  };
  const result: StepTimeResult = {
    model: `${o.encoder}-${o.size}${o.decoder ? `+${o.decoder}` : ''}`,
    params: countParams(model),
    trainStepMs: median(train),
    evalForwardMs: median(evalTimes),
    batch: o.batch,
    inputSize: o.inputSize,
  };
  model.dispose();
  return result;
}
