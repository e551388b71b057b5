/**
 * Pyramid pooling module (PSPNet, as in UperNet): adaptive average pooling of the last feature map
 * to s × s bins (PyTorch's bin edges: floor(i·n/s) to ceil((i+1)·n/s)) for s in 1, 2, 3, 6, a 1×1
 * conv-BN-ReLU each, upsampled back and concatenated with the input. Pooling is a matmul with a
 * constant averaging matrix (cached per input size).
 */
import * as tf from '@tensorflow/tfjs-core';
import { ConvBn } from '../layers/conv-bn';
import { matMul } from '../layers/matmul';
import { resizeBilinear } from '../layers/resize';
import type { ParamScope, ParamStore } from '../params';

export const PPM_BINS = [1, 2, 3, 6];

/** [s·s, h·w] matrix averaging each adaptive bin. */
export function adaptivePoolMatrix(h: number, w: number, s: number): tf.Tensor2D {
  const m = new Float32Array(s * s * h * w);
  for (let bi = 0; bi < s; bi++) {
    const h0 = Math.floor((bi * h) / s);
    const h1 = Math.ceil(((bi + 1) * h) / s);
    for (let bj = 0; bj < s; bj++) {
      const w0 = Math.floor((bj * w) / s);
      const w1 = Math.ceil(((bj + 1) * w) / s);
      const inv = 1 / ((h1 - h0) * (w1 - w0));
      for (let i = h0; i < h1; i++) for (let j = w0; j < w1; j++) m[(bi * s + bj) * h * w + i * w + j] = inv;
    }
  }
  return tf.tensor2d(m, [s * s, h * w]);
}

/** Adaptive average pooling of x [B, H, W, C] to [B, s, s, C]. */
export function adaptiveAvgPool(store: ParamStore, x: tf.Tensor4D, s: number): tf.Tensor4D {
  const [b, h, w, c] = x.shape;
  const p = store.constant(`ppm.pool.${h}x${w}/${s}`, () => adaptivePoolMatrix(h, w, s)) as tf.Tensor2D;
  const cols = tf.reshape(tf.transpose(tf.reshape(x, [b, h * w, c]), [1, 0, 2]), [h * w, b * c]);
  const pooled = matMul(p, cols);
  return tf.reshape(tf.transpose(tf.reshape(pooled, [s * s, b, c]), [1, 0, 2]), [b, s, s, c]);
}

export class PyramidPooling {
  private readonly branches: ConvBn[];
  private readonly store: ParamStore;

  constructor(scope: ParamScope, inChannels: number, channels: number) {
    this.store = scope.store;
    this.branches = PPM_BINS.map((_, i) => new ConvBn(scope.child(i), inChannels, channels, 1));
  }

  /** [x, branch outputs…] concatenated: inChannels + 4·channels. */
  apply(x: tf.Tensor4D, training: boolean): tf.Tensor4D {
    const [, h, w] = x.shape;
    const outs = PPM_BINS.map((s, i) => resizeBilinear(this.branches[i].apply(adaptiveAvgPool(this.store, x, s), training), h, w));
    return tf.concat([x, ...outs], 3);
  }
}
