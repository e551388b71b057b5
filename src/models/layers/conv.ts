/** Convolutions on NHWC tensors: dense (Conv2d) and depthwise (DepthwiseConv2d). */
import * as tf from '@tensorflow/tfjs-core';
import { zeros, type Initializer, type ParamScope } from '../params';

export interface ConvOptions {
  kernel: number;
  stride?: number;
  /** 'same' (default) or 'valid' (patchify convolutions). */
  pad?: 'same' | 'valid';
  bias?: boolean;
  /** Default: He normal over fan-out (kernel² · out), as torchvision ResNets. */
  init?: Initializer;
}

/** Dense 2-D convolution; weight [k, k, in, out] named '<scope>.weight', bias '<scope>.bias'. */
export class Conv2d {
  readonly weight: tf.Variable;
  readonly bias?: tf.Variable;
  private readonly stride: number;
  private readonly pad: 'same' | 'valid';

  constructor(scope: ParamScope, inChannels: number, outChannels: number, opts: ConvOptions) {
    const k = opts.kernel;
    this.stride = opts.stride ?? 1;
    this.pad = opts.pad ?? 'same';
    this.weight = scope.param('weight', [k, k, inChannels, outChannels], opts.init ?? { kind: 'heNormal', fan: k * k * outChannels });
    if (opts.bias) this.bias = scope.param('bias', [outChannels], zeros);
  }

  apply(x: tf.Tensor4D): tf.Tensor4D {
    const y = tf.conv2d(x, this.weight as tf.Tensor4D, this.stride, this.pad);
    return this.bias ? tf.add(y, this.bias) : y;
  }
}

/** Depthwise convolution (channel multiplier 1); weight [k, k, channels, 1], bias [channels]. */
export class DepthwiseConv2d {
  readonly weight: tf.Variable;
  readonly bias?: tf.Variable;

  constructor(scope: ParamScope, channels: number, kernel: number, opts: { bias?: boolean; init?: Initializer } = {}) {
    this.weight = scope.param('weight', [kernel, kernel, channels, 1], opts.init ?? { kind: 'heNormal', fan: kernel * kernel });
    if (opts.bias) this.bias = scope.param('bias', [channels], zeros);
  }

  apply(x: tf.Tensor4D): tf.Tensor4D {
    const y = tf.depthwiseConv2d(x, this.weight as tf.Tensor4D, 1, 'same');
    return this.bias ? tf.add(y, this.bias) : y;
  }
}
