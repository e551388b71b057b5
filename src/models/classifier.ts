/**
 * Classification model for pre-training: encoder → global average pool of C4 → (LayerNorm for
 * convnext/swin) → Linear. Weights: 'encoder.*', 'head_norm.*' (if any), 'head.weight' [C4, classes],
 * 'head.bias'.
 */
import * as tf from '@tensorflow/tfjs-core';
import { buildEncoder } from './encoders/registry';
import { checkInputTensor } from './input-size';
import { Linear } from './layers/linear';
import { LayerNorm } from './layers/norm';
import { ParamStore } from './params';
import type { BuildOptions, ClassifierConfig, ClassifierModel } from './types';

export function buildClassifier(opts: BuildOptions): ClassifierModel {
  if (!Number.isInteger(opts.numClasses) || opts.numClasses < 1) throw new Error(`numClasses must be a positive integer, got ${opts.numClasses}`);
  const config: ClassifierConfig = { kind: 'classifier', encoder: opts.encoder, size: opts.size, inChannels: opts.inChannels, numClasses: opts.numClasses, seed: opts.seed };
  const store = new ParamStore(opts.seed);
  try {
    const encoder = buildEncoder(store.scope('encoder'), opts.encoder, opts.size, opts.inChannels);
    const top = encoder.features[encoder.features.length - 1].channels;
    const headNorm = encoder.headNorm ? new LayerNorm(store.scope('head_norm'), top) : undefined;
    const head = new Linear(store.scope('head'), top, opts.numClasses, { init: { kind: 'truncNormal', std: 0.02 } });
    const what = `${opts.encoder}-${opts.size} classifier`;
    return {
      config,
      encoder,
      forward(x: tf.Tensor4D, training: boolean): tf.Tensor2D {
        checkInputTensor(x, opts.inChannels, encoder.sizeMultiple, encoder.minInputSize, what);
        return tf.tidy(() => {
          const feats = encoder.forward(x, training);
          let pooled = tf.mean(feats[feats.length - 1], [1, 2]) as tf.Tensor2D;
          if (headNorm) pooled = headNorm.apply(pooled);
          return head.apply(pooled);
        });
      },
      trainableVariables: () => store.trainableVariables(),
      namedWeights: () => store.namedWeights(),
      dispose: () => store.dispose(),
    };
  } catch (err) {
    store.dispose();
    throw err;
  }
}
