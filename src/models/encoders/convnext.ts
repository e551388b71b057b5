/**
 * ConvNeXt encoder: patchify stem (p×p/p conv + LayerNorm), 4 stages of ConvNeXt blocks, LayerNorm +
 * 2×2/2 conv downsampling between stages. 'tiny' = ConvNeXt-T (dims 96-192-384-768, depths 3-3-9-3,
 * patch 4: strides 4-32). 'nano'/'micro' use a 2×2 patch (strides 2-16) for 32-48 px inputs.
 */
import type * as tf from '@tensorflow/tfjs-core';
import { Conv2d } from '../layers/conv';
import { LayerNorm } from '../layers/norm';
import type { ParamScope } from '../params';
import type { Encoder, ModelSize } from '../types';
import { ConvNeXtBlock } from './convnext-block';

interface ConvNeXtSpec {
  dims: number[];
  depths: number[];
  patch: number;
}

export const CONVNEXT_SIZES: Partial<Record<ModelSize, ConvNeXtSpec>> = {
  nano: { dims: [16, 32, 64, 128], depths: [1, 1, 2, 1], patch: 2 },
  micro: { dims: [32, 64, 128, 256], depths: [1, 1, 3, 1], patch: 2 },
  tiny: { dims: [96, 192, 384, 768], depths: [3, 3, 9, 3], patch: 4 },
};

const TRUNC = { kind: 'truncNormal', std: 0.02 } as const;

class Downsample {
  private readonly norm: LayerNorm;
  private readonly conv: Conv2d;
  constructor(scope: ParamScope, inDim: number, outDim: number) {
    this.norm = new LayerNorm(scope.child('norm'), inDim);
    this.conv = new Conv2d(scope.child('conv'), inDim, outDim, { kernel: 2, stride: 2, pad: 'valid', bias: true, init: TRUNC });
  }
  apply(x: tf.Tensor4D): tf.Tensor4D {
    return this.conv.apply(this.norm.apply(x));
  }
}

export function buildConvNeXtEncoder(scope: ParamScope, size: ModelSize, inChannels: number): Encoder {
  const spec = CONVNEXT_SIZES[size];
  if (!spec) throw new Error(`convnext has no size ${size}`);
  const { dims, depths, patch } = spec;
  const stemScope = scope.child('stem');
  const stemConv = new Conv2d(stemScope.child('conv'), inChannels, dims[0], { kernel: patch, stride: patch, pad: 'valid', bias: true, init: TRUNC });
  const stemNorm = new LayerNorm(stemScope.child('norm'), dims[0]);
  const stages = depths.map((depth, i) => {
    const s = scope.child('stages').child(i);
    const down = i > 0 ? new Downsample(s.child('downsample'), dims[i - 1], dims[i]) : undefined;
    const blocks = Array.from({ length: depth }, (_, j) => new ConvNeXtBlock(s.child('blocks').child(j), dims[i]));
    return { down, blocks };
  });
  const features = dims.map((channels, i) => ({ channels, stride: patch * 2 ** i }));
  const outStride = features[3].stride;
  return {
    name: 'convnext',
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
      for (const { down, blocks } of stages) {
        if (down) h = down.apply(h);
        for (const b of blocks) h = b.apply(h);
        out.push(h);
      }
      return out;
    },
  };
}
