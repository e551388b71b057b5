/** ResNet residual blocks (v1.5: the stride sits on the 3×3 conv). */
import * as tf from '@tensorflow/tfjs-core';
import { ConvBn } from '../layers/conv-bn';
import type { ParamScope } from '../params';

export interface ResidualBlock {
  apply(x: tf.Tensor4D, training: boolean): tf.Tensor4D;
}

/** Two 3×3 conv-BN; 1×1 conv-BN projection shortcut when stride or width changes. Expansion 1. */
export class BasicBlock implements ResidualBlock {
  static readonly expansion = 1;
  private readonly conv1: ConvBn;
  private readonly conv2: ConvBn;
  private readonly downsample?: ConvBn;

  constructor(scope: ParamScope, inChannels: number, width: number, stride: number) {
    this.conv1 = new ConvBn(scope.child('conv1'), inChannels, width, 3, stride);
    this.conv2 = new ConvBn(scope.child('conv2'), width, width, 3, 1, false);
    if (stride !== 1 || inChannels !== width) this.downsample = new ConvBn(scope.child('downsample'), inChannels, width, 1, stride, false);
  }

  apply(x: tf.Tensor4D, training: boolean): tf.Tensor4D {
    const y = this.conv2.apply(this.conv1.apply(x, training), training);
    const shortcut = this.downsample ? this.downsample.apply(x, training) : x;
    return tf.relu(tf.add(y, shortcut)) as tf.Tensor4D;
  }
}

/** 1×1 reduce, 3×3 (strided), 1×1 expand ×4, each conv-BN; projection shortcut when needed. */
export class BottleneckBlock implements ResidualBlock {
  static readonly expansion = 4;
  private readonly conv1: ConvBn;
  private readonly conv2: ConvBn;
  private readonly conv3: ConvBn;
  private readonly downsample?: ConvBn;

  constructor(scope: ParamScope, inChannels: number, width: number, stride: number) {
    const out = width * BottleneckBlock.expansion;
    this.conv1 = new ConvBn(scope.child('conv1'), inChannels, width, 1);
    this.conv2 = new ConvBn(scope.child('conv2'), width, width, 3, stride);
    this.conv3 = new ConvBn(scope.child('conv3'), width, out, 1, 1, false);
    if (stride !== 1 || inChannels !== out) this.downsample = new ConvBn(scope.child('downsample'), inChannels, out, 1, stride, false);
  }

  apply(x: tf.Tensor4D, training: boolean): tf.Tensor4D {
    const y = this.conv3.apply(this.conv2.apply(this.conv1.apply(x, training), training), training);
    const shortcut = this.downsample ? this.downsample.apply(x, training) : x;
    return tf.relu(tf.add(y, shortcut)) as tf.Tensor4D;
  }
}
