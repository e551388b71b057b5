/**
 * Window multi-head self-attention with a learned relative position bias ((2w−1)² × heads table,
 * looked up by a constant one-hot matmul) and an optional shifted-window mask.
 */
import * as tf from '@tensorflow/tfjs-core';
import { Linear } from '../layers/linear';
import { matMul } from '../layers/matmul';
import type { ParamScope, ParamStore } from '../params';
import { relativePositionOneHot } from './swin-windows';

export class WindowAttention {
  private readonly qkv: Linear;
  private readonly proj: Linear;
  private readonly table: tf.Variable;
  private readonly store: ParamStore;
  private readonly scale: number;

  constructor(
    scope: ParamScope,
    private readonly dim: number,
    private readonly heads: number,
    private readonly window: number,
  ) {
    if (dim % heads !== 0) throw new Error(`swin: dim ${dim} is not divisible by ${heads} heads`);
    this.store = scope.store;
    this.scale = (dim / heads) ** -0.5;
    this.qkv = new Linear(scope.child('qkv'), dim, 3 * dim);
    this.proj = new Linear(scope.child('proj'), dim, dim);
    this.table = scope.param('relative_position_bias_table', [(2 * window - 1) ** 2, heads], { kind: 'truncNormal', std: 0.02 });
  }

  /** x: [M = B·nW, N = wh·ww, C]; mask: [nW, heads·N, N] constant or undefined. */
  apply(x: tf.Tensor3D, wh: number, ww: number, mask?: tf.Tensor3D): tf.Tensor3D {
    const [m, n, c] = x.shape;
    const hd = c / this.heads;
    const qkv = this.qkv.apply(x);
    const split = (i: number): tf.Tensor4D =>
      tf.transpose(tf.reshape(tf.slice(qkv, [0, 0, i * c], [m, n, c]), [m, n, this.heads, hd]), [0, 2, 1, 3]);
    const q = tf.mul(split(0), this.scale);
    const k = split(1);
    const v = split(2);
    let attn = matMul(q as tf.Tensor4D, k, true);
    const oneHot = this.store.constant(`swin.relpos.${wh}x${ww}/${this.window}`, () => relativePositionOneHot(wh, ww, this.window)) as tf.Tensor2D;
    const bias = tf.transpose(tf.reshape(matMul(oneHot, this.table), [n, n, this.heads]), [2, 0, 1]);
    attn = tf.add(attn, bias);
    if (mask) {
      const nW = mask.shape[0];
      attn = tf.reshape(tf.add(tf.reshape(attn, [m / nW, nW, this.heads * n, n]), mask), [m, this.heads, n, n]);
    }
    const out = matMul(tf.softmax(attn), v);
    return this.proj.apply(tf.reshape(tf.transpose(out, [0, 2, 1, 3]), [m, n, this.dim]));
  }
}
