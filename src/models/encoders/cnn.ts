/**
 * The plain CNN of synthgeo-notes.md: a 3×3 conv-BN-ReLU stem, then 4 stages of conv-BN-ReLU,
 * stage 0 at stride 1 and each later stage opening with a stride-2 conv. Channels 16-32-48-64 at
 * 'nano' (≈0.13 M parameters with the FPN-lite decoder); features at strides 1, 2, 4, 8.
 */
import type * as tf from '@tensorflow/tfjs-core';
import { ConvBn } from '../layers/conv-bn';
import type { ParamScope } from '../params';
import type { Encoder, FeatureInfo, ModelSize } from '../types';

export const CNN_SIZES: Partial<Record<ModelSize, { widths: number[] }>> = {
  nano: { widths: [16, 32, 48, 64] },
  micro: { widths: [32, 64, 96, 128] },
};

export function buildCnnEncoder(scope: ParamScope, size: ModelSize, inChannels: number): Encoder {
  const spec = CNN_SIZES[size];
  if (!spec) throw new Error(`cnn has no size ${size}`);
  const widths = spec.widths;
  const stem = new ConvBn(scope.child('stem'), inChannels, widths[0], 3);
  // Stage 0 has one conv after the stem; later stages a stride-2 conv then a stride-1 conv.
  const stages: ConvBn[][] = widths.map((w, i) => {
    const s = scope.child('stages').child(i).child('convs');
    if (i === 0) return [new ConvBn(s.child(0), w, w, 3)];
    return [new ConvBn(s.child(0), widths[i - 1], w, 3, 2), new ConvBn(s.child(1), w, w, 3)];
  });
  const features: FeatureInfo[] = widths.map((channels, i) => ({ channels, stride: 2 ** i }));
  return {
    name: 'cnn',
    size,
    inChannels,
    features,
    stemWeightName: scope.child('stem').child('conv').name('weight'),
    headNorm: false,
    minInputSize: 8,
    sizeMultiple: 8,
    forward(x: tf.Tensor4D, training: boolean): tf.Tensor4D[] {
      let h = stem.apply(x, training);
      const out: tf.Tensor4D[] = [];
      for (const stage of stages) {
        for (const unit of stage) h = unit.apply(h, training);
        out.push(h);
      }
      return out;
    },
  };
}
