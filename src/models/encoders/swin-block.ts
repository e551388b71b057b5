/**
 * Swin Transformer block: x + WindowAttention(LN(x)) then x + MLP(LN(x)) (MLP ratio 4, GELU).
 * Odd blocks of a stage shift the windows by ⌊w/2⌋ (cyclic roll + region mask). Feature maps are
 * zero-padded at the bottom/right to whole windows (as Swin's segmentation code does); a side no
 * longer than the window becomes one window, unshifted.
 */
import * as tf from '@tensorflow/tfjs-core';
import { gelu } from '../layers/activation';
import { Linear } from '../layers/linear';
import { LayerNorm } from '../layers/norm';
import type { ParamScope, ParamStore } from '../params';
import { WindowAttention } from './swin-attention';
import { roll, shiftMask, windowPartition, windowReverse } from './swin-windows';

export class SwinBlock {
  private readonly norm1: LayerNorm;
  private readonly attn: WindowAttention;
  private readonly norm2: LayerNorm;
  private readonly fc1: Linear;
  private readonly fc2: Linear;
  private readonly store: ParamStore;

  constructor(
    scope: ParamScope,
    dim: number,
    private readonly heads: number,
    private readonly window: number,
    private readonly shifted: boolean,
  ) {
    this.store = scope.store;
    this.norm1 = new LayerNorm(scope.child('norm1'), dim, 1e-5);
    this.attn = new WindowAttention(scope.child('attn'), dim, heads, window);
    this.norm2 = new LayerNorm(scope.child('norm2'), dim, 1e-5);
    this.fc1 = new Linear(scope.child('mlp').child('fc1'), dim, 4 * dim);
    this.fc2 = new Linear(scope.child('mlp').child('fc2'), 4 * dim, dim);
  }

  apply(x: tf.Tensor4D): tf.Tensor4D {
    const [b, h, w] = x.shape;
    const wh = Math.min(this.window, h);
    const ww = Math.min(this.window, w);
    const shift = this.shifted && h > this.window && w > this.window ? Math.floor(this.window / 2) : 0;
    const hp = Math.ceil(h / wh) * wh;
    const wp = Math.ceil(w / ww) * ww;
    let y = this.norm1.apply(x);
    if (hp !== h || wp !== w) y = tf.pad(y, [[0, 0], [0, hp - h], [0, wp - w], [0, 0]]);
    if (shift > 0) y = roll(roll(y, -shift, 1), -shift, 2);
    let mask: tf.Tensor3D | undefined;
    if (shift > 0) {
      const key = `swin.mask.${hp}x${wp}/${wh}x${ww}/${shift}/${this.heads}`;
      mask = this.store.constant(key, () => {
        const m = shiftMask(hp, wp, wh, ww, shift);
        const [nW, n] = m.shape;
        return tf.reshape(tf.tile(tf.reshape(m, [nW, 1, n, n]), [1, this.heads, 1, 1]), [nW, this.heads * n, n]);
      }) as tf.Tensor3D;
    }
    const attended = this.attn.apply(windowPartition(y, wh, ww), wh, ww, mask);
    y = windowReverse(attended, b, hp, wp, wh, ww);
    if (shift > 0) y = roll(roll(y, shift, 1), shift, 2);
    if (hp !== h || wp !== w) y = tf.slice(y, [0, 0, 0, 0], [b, h, w, -1]);
    const x1 = tf.add(x, y);
    return tf.add(x1, this.fc2.apply(gelu(this.fc1.apply(this.norm2.apply(x1)))));
  }
}
