/**
 * X1 spectral randomisation beyond permutation. Per sample, on the N (normalised) channels after
 * CSP, each with its own probability:
 * - random convex channel mixing: out_j = Σ_k W_jk in_k with W_jk ≥ 0, Σ_k W_jk = 1, each row a blend
 *   (1 − s)·e_j + s·Dirichlet(1) with s ~ U(0, maxMix);
 * - grayscale: every channel set to the channel mean;
 * - intensity inversion per channel (thermal polarity): x → −x, which in normalised units is the
 *   inversion 1 − x about the channel's mean;
 * - per-channel gamma (on the channel's own min–max range of the image), contrast (×c) and bias (+b).
 * Operations act in normalised units, so no statistics need tracking after mixing.
 */
import type { Rng } from '../../util/rng';
import { cloneBatch, type ImageBatch } from '../strategies/batch';
import type { Extension } from './types';

export interface SpectralOptions {
  pMix: number;
  maxMix: number;
  pGray: number;
  pInvert: number;
  pJitter: number;
  /** Gamma in [1/maxGamma, maxGamma], log-uniform. */
  maxGamma: number;
  /** Contrast factor in [1 − c, 1 + c]. */
  contrast: number;
  /** Bias in [−b, b] (normalised units). */
  bias: number;
}

export const SPECTRAL_DEFAULTS: SpectralOptions = { pMix: 0.5, maxMix: 0.5, pGray: 0.1, pInvert: 0.2, pJitter: 0.8, maxGamma: 1.5, contrast: 0.3, bias: 0.3 };

/** An N×N row-stochastic matrix (row-major): each row convex weights over the input channels. */
export function drawMixingMatrix(rng: Rng, n: number, maxMix: number): Float32Array {
  const w = new Float32Array(n * n);
  for (let j = 0; j < n; j++) {
    const s = rng.uniform(0, maxMix);
    let total = 0;
    const d = new Float64Array(n);
    for (let k = 0; k < n; k++) {
      d[k] = -Math.log(1 - rng.next()); // Exp(1): normalised, a Dirichlet(1, …, 1) draw
      total += d[k];
    }
    for (let k = 0; k < n; k++) w[j * n + k] = s * (d[k] / total) + (k === j ? 1 - s : 0);
  }
  return w;
}

/** out = W·in per pixel for one HWC sample (in place). */
export function mixChannels(sample: Float32Array, channels: number, w: Float32Array): void {
  const tmp = new Float32Array(channels);
  for (let p = 0; p < sample.length; p += channels) {
    for (let j = 0; j < channels; j++) {
      let acc = 0;
      for (let k = 0; k < channels; k++) acc += w[j * channels + k] * sample[p + k];
      tmp[j] = acc;
    }
    sample.set(tmp, p);
  }
}

function grayscale(sample: Float32Array, channels: number): void {
  for (let p = 0; p < sample.length; p += channels) {
    let acc = 0;
    for (let k = 0; k < channels; k++) acc += sample[p + k];
    acc /= channels;
    for (let k = 0; k < channels; k++) sample[p + k] = acc;
  }
}

function jitterChannel(sample: Float32Array, channels: number, c: number, gamma: number, contrast: number, bias: number): void {
  let lo = Infinity;
  let hi = -Infinity;
  for (let p = c; p < sample.length; p += channels) {
    lo = Math.min(lo, sample[p]);
    hi = Math.max(hi, sample[p]);
  }
  const range = hi - lo;
  for (let p = c; p < sample.length; p += channels) {
    let v = sample[p];
    if (range > 1e-12 && gamma !== 1) v = lo + range * Math.pow((v - lo) / range, gamma);
    sample[p] = v * contrast + bias;
  }
}

/** Applies X1 to every sample of a copy of the batch. */
export function spectralRandomise(batch: ImageBatch, rng: Rng, o: SpectralOptions = SPECTRAL_DEFAULTS): ImageBatch {
  const out = cloneBatch(batch);
  const c = batch.channels;
  const per = batch.height * batch.width * c;
  for (let i = 0; i < batch.size; i++) {
    const sample = out.data.subarray(i * per, (i + 1) * per);
    if (rng.bernoulli(o.pMix)) mixChannels(sample, c, drawMixingMatrix(rng, c, o.maxMix));
    if (rng.bernoulli(o.pGray)) grayscale(sample, c);
    for (let k = 0; k < c; k++) {
      if (rng.bernoulli(o.pInvert)) for (let p = k; p < per; p += c) sample[p] = -sample[p];
      if (rng.bernoulli(o.pJitter)) {
        const gamma = Math.exp(rng.uniform(-Math.log(o.maxGamma), Math.log(o.maxGamma)));
        jitterChannel(sample, c, k, gamma, rng.uniform(1 - o.contrast, 1 + o.contrast), rng.uniform(-o.bias, o.bias));
      }
    }
  }
  return out;
}

export const x1Spectral: Extension = {
  id: 'X1',
  name: 'spectral randomisation',
  summary: 'random convex channel mixing, grayscale, intensity inversion, per-channel gamma/contrast/bias (after CSP)',
  stages: ['pretrain'],
  afterStrategy: (batch, rng) => spectralRandomise(batch, rng),
};
