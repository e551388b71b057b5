/**
 * Window helpers for Swin: cyclic shift (roll via slice + concat), window partition and reverse
 * (reshape/transpose of rank ≤ 4, which every backend supports), and the constant tensors of shifted
 * window attention: the region mask and the one-hot map from token pairs to relative-position-bias
 * table rows.
 */
import * as tf from '@tensorflow/tfjs-core';

/** torch.roll along one axis: out[i] = x[(i - shift) mod n]. */
export function roll(x: tf.Tensor4D, shift: number, axis: 1 | 2): tf.Tensor4D {
  const n = x.shape[axis];
  const s = ((shift % n) + n) % n;
  if (s === 0) return x;
  const begin = [0, 0, 0, 0];
  const size = [-1, -1, -1, -1];
  begin[axis] = n - s;
  const tail = tf.slice(x, begin, size);
  const headSize = [-1, -1, -1, -1];
  headSize[axis] = n - s;
  const head = tf.slice(x, [0, 0, 0, 0], headSize);
  return tf.concat([tail, head], axis);
}

/** [B, Hp, Wp, C] → [B·nH·nW, wh·ww, C], windows in row-major order per image. */
export function windowPartition(x: tf.Tensor4D, wh: number, ww: number): tf.Tensor3D {
  const [b, hp, wp, c] = x.shape;
  const nh = hp / wh;
  const nw = wp / ww;
  const t = tf.transpose(tf.reshape(x, [b * nh, wh, nw, ww * c]), [0, 2, 1, 3]);
  return tf.reshape(t, [b * nh * nw, wh * ww, c]);
}

/** Inverse of windowPartition. */
export function windowReverse(w: tf.Tensor3D, batch: number, hp: number, wp: number, wh: number, ww: number): tf.Tensor4D {
  const c = w.shape[2];
  const nh = hp / wh;
  const nw = wp / ww;
  const t = tf.transpose(tf.reshape(w, [batch * nh, nw, wh, ww * c]), [0, 2, 1, 3]);
  return tf.reshape(t, [batch, hp, wp, c]);
}

/**
 * Attention mask of shifted windows on a padded grid hp × wp: [nWindows, N, N] with 0 where two
 * tokens come from the same region before the cyclic shift and -100 otherwise (Swin's convention).
 */
export function shiftMask(hp: number, wp: number, wh: number, ww: number, shift: number): tf.Tensor3D {
  const region = new Int32Array(hp * wp);
  const bands = (n: number, w: number): number[][] => [
    [0, n - w],
    [n - w, n - shift],
    [n - shift, n],
  ];
  let id = 0;
  for (const [h0, h1] of bands(hp, wh)) {
    for (const [w0, w1] of bands(wp, ww)) {
      for (let i = h0; i < h1; i++) for (let j = w0; j < w1; j++) region[i * wp + j] = id;
      id++;
    }
  }
  const nh = hp / wh;
  const nw = wp / ww;
  const n = wh * ww;
  const mask = new Float32Array(nh * nw * n * n);
  for (let a = 0; a < nh; a++) {
    for (let b = 0; b < nw; b++) {
      const base = (a * nw + b) * n * n;
      const ids: number[] = [];
      for (let i = 0; i < wh; i++) for (let j = 0; j < ww; j++) ids.push(region[(a * wh + i) * wp + b * ww + j]);
      for (let p = 0; p < n; p++) for (let q = 0; q < n; q++) mask[base + p * n + q] = ids[p] === ids[q] ? 0 : -100;
    }
  }
  return tf.tensor3d(mask, [nh * nw, n, n]);
}

/**
 * [N·N, (2·window−1)²] one-hot: row p·N+q selects the table entry of the offset between tokens p and
 * q of a wh × ww window (wh, ww ≤ window). bias = oneHot · table is a gather written as a matmul,
 * whose gradient needs no scatter kernel.
 */
export function relativePositionOneHot(wh: number, ww: number, window: number): tf.Tensor2D {
  const n = wh * ww;
  const span = 2 * window - 1;
  const out = new Float32Array(n * n * span * span);
  for (let p = 0; p < n; p++) {
    const pi = Math.floor(p / ww);
    const pj = p % ww;
    for (let q = 0; q < n; q++) {
      const qi = Math.floor(q / ww);
      const qj = q % ww;
      const index = (pi - qi + window - 1) * span + (pj - qj + window - 1);
      out[(p * n + q) * span * span + index] = 1;
    }
  }
  return tf.tensor2d(out, [n * n, span * span]);
}
