/**
 * Stem adaptation for a different number of input channels (weights [kh, kw, s, out] → [kh, kw, n, out]).
 *
 * 'mean' (the IM-RGB baseline of method.md): the s source filters are kept, each of the n − s extra
 * filters is the mean of the source filters, and all are multiplied by s/n (for n < s every filter is
 * the mean, times s/n). Property (tested): an input whose n channels are all equal to g gets exactly
 * the response the source stem gives to s channels equal to g (Σ filters is preserved). More
 * generally, when the extra channels carry the mean of the source channels, the response is the
 * convex combination (s/n)·source(x) + ((n−s)/n)·source(gray(x)) — not source(x) itself.
 *
 * 'repeat' (timm style): filter c = source filter c mod s, all times s/n (n = 1: the sum of the source
 * filters, as timm). Preserves the all-channels-equal response only when n is a multiple of s.
 */
import type { StemAdaptation } from './types';

export interface AdaptedStem {
  data: Float32Array;
  shape: number[];
  scale: number;
}

export function adaptStemWeight(data: Float32Array, shape: readonly number[], n: number, method: Exclude<StemAdaptation, 'none'>): AdaptedStem {
  const [kh, kw, s, out] = shape;
  const scale = s / n;
  const result = new Float32Array(kh * kw * n * out);
  for (let p = 0; p < kh * kw; p++) {
    const src = p * s * out;
    const dst = p * n * out;
    for (let o = 0; o < out; o++) {
      let sum = 0;
      for (let c = 0; c < s; c++) sum += data[src + c * out + o];
      const mean = sum / s;
      for (let c = 0; c < n; c++) {
        let w: number;
        if (method === 'mean') w = n >= s && c < s ? data[src + c * out + o] : mean;
        else w = n === 1 ? mean : data[src + (c % s) * out + o];
        result[dst + c * out + o] = w * scale;
      }
    }
  }
  return { data: result, shape: [kh, kw, n, out], scale };
}
