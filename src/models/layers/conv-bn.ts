/** Convolution without bias + BatchNorm + optional ReLU: the unit of the CNN, ResNet and UperNet. */
import * as tf from '@tensorflow/tfjs-core';
import type { ParamScope } from '../params';
import { Conv2d } from './conv';
import { BatchNorm } from './norm';

export class ConvBn {
  readonly conv: Conv2d;
  readonly bn: BatchNorm;

  /** Weights '<scope>.conv.weight' and '<scope>.bn.{weight,bias,running_mean,running_var}'. */
  constructor(
    scope: ParamScope,
    inChannels: number,
    outChannels: number,
    kernel: number,
    stride = 1,
    private readonly relu = true,
  ) {
    this.conv = new Conv2d(scope.child('conv'), inChannels, outChannels, { kernel, stride });
    this.bn = new BatchNorm(scope.child('bn'), outChannels);
  }

  apply(x: tf.Tensor4D, training: boolean): tf.Tensor4D {
    const y = this.bn.apply(this.conv.apply(x), training);
    return this.relu ? tf.relu(y) : y;
  }
}
