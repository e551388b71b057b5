/** Fully connected layer over the last axis of a tensor of any rank: weight [in, out], bias [out]. */
import * as tf from '@tensorflow/tfjs-core';
import { zeros, type Initializer, type ParamScope } from '../params';
import { matMul } from './matmul';

export class Linear {
  readonly weight: tf.Variable;
  readonly bias?: tf.Variable;

  constructor(
    scope: ParamScope,
    readonly inFeatures: number,
    readonly outFeatures: number,
    opts: { bias?: boolean; init?: Initializer } = {},
  ) {
    this.weight = scope.param('weight', [inFeatures, outFeatures], opts.init ?? { kind: 'truncNormal', std: 0.02 });
    if (opts.bias ?? true) this.bias = scope.param('bias', [outFeatures], zeros);
  }

  apply<T extends tf.Tensor>(x: T): T {
    const shape = x.shape;
    const flat = tf.reshape(x, [-1, this.inFeatures]) as tf.Tensor2D;
    let y: tf.Tensor2D = matMul(flat, this.weight);
    if (this.bias) y = tf.add(y, this.bias);
    return tf.reshape(y, [...shape.slice(0, -1), this.outFeatures]) as T;
  }
}
