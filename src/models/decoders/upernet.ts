/**
 * UperNet decoder (as mmsegmentation's UPerHead): PPM on C4 + 3×3 bottleneck; 1×1 lateral
 * conv-BN-ReLU on C1..C3; top-down additions with bilinear upsampling; 3×3 conv-BN-ReLU per level;
 * all levels upsampled to C1, concatenated and fused by a 3×3 conv-BN-ReLU. Width 512 at paper scale.
 */
import * as tf from '@tensorflow/tfjs-core';
import { ConvBn } from '../layers/conv-bn';
import { resizeBilinear } from '../layers/resize';
import type { ParamScope } from '../params';
import type { FeatureInfo, ModelSize } from '../types';
import { PPM_BINS, PyramidPooling } from './ppm';
import type { Decoder } from './types';

export const UPERNET_WIDTH: Record<ModelSize, number> = { nano: 32, micro: 64, small: 512, tiny: 512 };

export function buildUperNetDecoder(scope: ParamScope, features: readonly FeatureInfo[], size: ModelSize): Decoder {
  const ch = UPERNET_WIDTH[size];
  const top = features[features.length - 1].channels;
  const ppm = new PyramidPooling(scope.child('ppm'), top, ch);
  const bottleneck = new ConvBn(scope.child('bottleneck'), top + PPM_BINS.length * ch, ch, 3);
  const lower = features.slice(0, -1);
  const laterals = lower.map((f, i) => new ConvBn(scope.child('lateral').child(i), f.channels, ch, 1));
  const fpnConvs = lower.map((_, i) => new ConvBn(scope.child('fpn').child(i), ch, ch, 3));
  const fuse = new ConvBn(scope.child('fuse'), features.length * ch, ch, 3);
  return {
    channels: ch,
    stride: features[0].stride,
    forward(feats: tf.Tensor4D[], training: boolean): tf.Tensor4D {
      const lat = lower.map((_, i) => laterals[i].apply(feats[i], training));
      lat.push(bottleneck.apply(ppm.apply(feats[feats.length - 1], training), training));
      for (let i = lat.length - 1; i > 0; i--) {
        const [, h, w] = lat[i - 1].shape;
        lat[i - 1] = tf.add(lat[i - 1], resizeBilinear(lat[i], h, w));
      }
      const outs = lat.map((l, i) => (i < fpnConvs.length ? fpnConvs[i].apply(l, training) : l));
      const [, h0, w0] = outs[0].shape;
      return fuse.apply(tf.concat(outs.map((o) => resizeBilinear(o, h0, w0)), 3), training);
    },
  };
}
