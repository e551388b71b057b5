/**
 * FPN-lite decoder: 1×1 lateral conv (with bias) per level to a common width, top-down pathway
 * (coarser level upsampled bilinearly and added), all levels upsampled to C1 and summed, one 3×3
 * conv-BN-ReLU smoothing. Width 32 at nano (the 0.13 M-parameter CNN of synthgeo-notes.md).
 */
import * as tf from '@tensorflow/tfjs-core';
import { Conv2d } from '../layers/conv';
import { ConvBn } from '../layers/conv-bn';
import { resizeBilinear } from '../layers/resize';
import type { ParamScope } from '../params';
import type { FeatureInfo, ModelSize } from '../types';
import type { Decoder } from './types';

export const FPN_WIDTH: Record<ModelSize, number> = { nano: 32, micro: 64, small: 128, tiny: 128 };

export function buildFpnDecoder(scope: ParamScope, features: readonly FeatureInfo[], size: ModelSize): Decoder {
  const width = FPN_WIDTH[size];
  const laterals = features.map((f, i) => new Conv2d(scope.child('lateral').child(i), f.channels, width, { kernel: 1, bias: true }));
  const smooth = new ConvBn(scope.child('smooth'), width, width, 3);
  return {
    channels: width,
    stride: features[0].stride,
    forward(feats: tf.Tensor4D[], training: boolean): tf.Tensor4D {
      const lat = feats.map((f, i) => laterals[i].apply(f));
      for (let i = lat.length - 1; i > 0; i--) {
        const [, h, w] = lat[i - 1].shape;
        lat[i - 1] = tf.add(lat[i - 1], resizeBilinear(lat[i], h, w));
      }
      const [, h0, w0] = lat[0].shape;
      const sum = tf.addN(lat.map((l) => resizeBilinear(l, h0, w0)));
      return smooth.apply(sum, training);
    },
  };
}
