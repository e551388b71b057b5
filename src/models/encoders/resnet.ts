/**
 * ResNet encoder. 'tiny' = ResNet-18 (basic blocks 2-2-2-2), 'small' = ResNet-50 (bottlenecks
 * 3-4-6-3): 7×7/2 conv-BN-ReLU stem + 3×3/2 max pool, features at strides 4, 8, 16, 32.
 * 'nano': basic blocks 1-1-1-1, widths 16-32-64-128, a 3×3/2 stem without pooling, strides 2-16.
 */
import * as tf from '@tensorflow/tfjs-core';
import { ConvBn } from '../layers/conv-bn';
import type { ParamScope } from '../params';
import type { Encoder, ModelSize } from '../types';
import { BasicBlock, BottleneckBlock, type ResidualBlock } from './resnet-blocks';

interface ResNetSpec {
  block: 'basic' | 'bottleneck';
  depths: number[];
  widths: number[];
  stemWidth: number;
  /** 7×7/2 conv + max pool (ImageNet stem) or one 3×3/2 conv (small inputs). */
  deepStem: boolean;
}

export const RESNET_SIZES: Partial<Record<ModelSize, ResNetSpec>> = {
  nano: { block: 'basic', depths: [1, 1, 1, 1], widths: [16, 32, 64, 128], stemWidth: 16, deepStem: false },
  tiny: { block: 'basic', depths: [2, 2, 2, 2], widths: [64, 128, 256, 512], stemWidth: 64, deepStem: true },
  small: { block: 'bottleneck', depths: [3, 4, 6, 3], widths: [64, 128, 256, 512], stemWidth: 64, deepStem: true },
};

export function buildResNetEncoder(scope: ParamScope, size: ModelSize, inChannels: number): Encoder {
  const spec = RESNET_SIZES[size];
  if (!spec) throw new Error(`resnet has no size ${size}`);
  const Block = spec.block === 'basic' ? BasicBlock : BottleneckBlock;
  const stem = new ConvBn(scope.child('stem'), inChannels, spec.stemWidth, spec.deepStem ? 7 : 3, 2);
  const stemStride = spec.deepStem ? 4 : 2;
  let channels = spec.stemWidth;
  const stages: ResidualBlock[][] = spec.depths.map((depth, i) => {
    const blocks: ResidualBlock[] = [];
    for (let j = 0; j < depth; j++) {
      const stride = i > 0 && j === 0 ? 2 : 1;
      blocks.push(new Block(scope.child('stages').child(i).child('blocks').child(j), channels, spec.widths[i], stride));
      channels = spec.widths[i] * Block.expansion;
    }
    return blocks;
  });
  const features = spec.widths.map((w, i) => ({ channels: w * Block.expansion, stride: stemStride * 2 ** i }));
  const outStride = features[3].stride;
  return {
    name: 'resnet',
    size,
    inChannels,
    features,
    stemWeightName: scope.child('stem').child('conv').name('weight'),
    headNorm: false,
    minInputSize: outStride,
    sizeMultiple: outStride,
    forward(x: tf.Tensor4D, training: boolean): tf.Tensor4D[] {
      let h = stem.apply(x, training);
      if (spec.deepStem) h = tf.maxPool(h, 3, 2, 'same');
      const out: tf.Tensor4D[] = [];
      for (const blocks of stages) {
        for (const b of blocks) h = b.apply(h, training);
        out.push(h);
      }
      return out;
    },
  };
}
