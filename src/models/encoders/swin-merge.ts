/**
 * Swin patch merging: each 2×2 neighbourhood concatenated (order: rows (0,0),(0,1),(1,0),(1,1)) to 4C,
 * LayerNorm, Linear 4C→2C without bias. Odd sides are zero-padded first.
 */
import * as tf from '@tensorflow/tfjs-core';
import { Linear } from '../layers/linear';
import { LayerNorm } from '../layers/norm';
import type { ParamScope } from '../params';

export class PatchMerging {
  private readonly norm: LayerNorm;
  private readonly reduction: Linear;

  constructor(scope: ParamScope, dim: number) {
    this.norm = new LayerNorm(scope.child('norm'), 4 * dim, 1e-5);
    this.reduction = new Linear(scope.child('reduction'), 4 * dim, 2 * dim, { bias: false });
  }

  apply(x: tf.Tensor4D): tf.Tensor4D {
    const [b, , , c] = x.shape;
    let [, h, w] = x.shape;
    if (h % 2 === 1 || w % 2 === 1) {
      x = tf.pad(x, [[0, 0], [0, h % 2], [0, w % 2], [0, 0]]) as tf.Tensor4D;
      h += h % 2;
      w += w % 2;
    }
    const t = tf.transpose(tf.reshape(x, [b * (h / 2), 2, w / 2, 2 * c]), [0, 2, 1, 3]);
    const merged = tf.reshape(t, [b, h / 2, w / 2, 4 * c]) as tf.Tensor4D;
    return this.reduction.apply(this.norm.apply(merged));
  }
}
