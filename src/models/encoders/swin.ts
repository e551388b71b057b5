/**
 * Swin Transformer encoder: patch embedding (p×p/p conv + LayerNorm), 4 stages of Swin blocks
 * (regular and shifted windows alternating), patch merging between stages. 'tiny' = Swin-T (embed 96,
 * depths 2-2-6-2, heads 3-6-12-24, window 7, patch 4: strides 4-32). 'nano'/'micro': patch 2,
 * window 4 (strides 2-16). No absolute position embedding, no stochastic depth.
 */
import type * as tf from '@tensorflow/tfjs-core';
import { Conv2d } from '../layers/conv';
import { LayerNorm } from '../layers/norm';
import type { ParamScope } from '../params';
import type { Encoder, ModelSize } from '../types';
import { SwinBlock } from './swin-block';
import { PatchMerging } from './swin-merge';

interface SwinSpec {
  embed: number;
  depths: number[];
  heads: number[];
  window: number;
  patch: number;
}

export const SWIN_SIZES: Partial<Record<ModelSize, SwinSpec>> = {
  nano: { embed: 16, depths: [1, 1, 2, 1], heads: [1, 2, 4, 8], window: 4, patch: 2 },
  micro: { embed: 32, depths: [2, 2, 2, 2], heads: [1, 2, 4, 8], window: 4, patch: 2 },
  tiny: { embed: 96, depths: [2, 2, 6, 2], heads: [3, 6, 12, 24], window: 7, patch: 4 },
};

export function buildSwinEncoder(scope: ParamScope, size: ModelSize, inChannels: number): Encoder {
  const spec = SWIN_SIZES[size];
  if (!spec) throw new Error(`swin has no size ${size}`);
  const dims = spec.depths.map((_, i) => spec.embed * 2 ** i);
  const stemScope = scope.child('stem');
  const stemConv = new Conv2d(stemScope.child('conv'), inChannels, dims[0], {
    kernel: spec.patch,
    stride: spec.patch,
    pad: 'valid',
    bias: true,
    init: { kind: 'truncNormal', std: 0.02 },
  });
  const stemNorm = new LayerNorm(stemScope.child('norm'), dims[0], 1e-5);
  const stages = spec.depths.map((depth, i) => {
    const s = scope.child('stages').child(i);
    const merge = i > 0 ? new PatchMerging(s.child('downsample'), dims[i - 1]) : undefined;
    const blocks = Array.from({ length: depth }, (_, j) => new SwinBlock(s.child('blocks').child(j), dims[i], spec.heads[i], spec.window, j % 2 === 1));
    return { merge, blocks };
  });
  const features = dims.map((channels, i) => ({ channels, stride: spec.patch * 2 ** i }));
  const outStride = features[3].stride;
  return {
    name: 'swin',
    size,
    inChannels,
    features,
    stemWeightName: stemScope.child('conv').name('weight'),
    headNorm: true,
    minInputSize: outStride,
    sizeMultiple: outStride,
    forward(x: tf.Tensor4D): tf.Tensor4D[] {
      let h = stemNorm.apply(stemConv.apply(x));
      const out: tf.Tensor4D[] = [];
      for (const { merge, blocks } of stages) {
        if (merge) h = merge.apply(h);
        for (const b of blocks) h = b.apply(h);
        out.push(h);
      }
      return out;
    },
  };
}
