/**
 * X4 texture/style randomisation: swap Fourier amplitude spectra between images, keeping phase.
 * Per sample, with probability p, a partner image of the same batch is drawn and every channel's
 * amplitude becomes A' = (1 − λ)·A_self + λ·A_partner (λ ~ U(minLambda, maxLambda); λ = 1 is a full
 * swap), with the sample's own phase: out = IFFT(A'·e^{iφ_self}). Amplitude carries texture and
 * colour statistics, phase carries structure (shape), which is what CSP wants the network to use.
 * Acts on the normalised RGB batch before the strategy; partners come from the input batch (not
 * from already-swapped samples).
 */
import type { Rng } from '../../util/rng';
import { cloneBatch, type ImageBatch } from '../strategies/batch';
import { channelSpectrum, fft2d } from './fft';
import type { Extension } from './types';

export interface FourierOptions {
  p: number;
  minLambda: number;
  maxLambda: number;
}

export const FOURIER_DEFAULTS: FourierOptions = { p: 0.5, minLambda: 0.5, maxLambda: 1 };

/** Amplitude of `amp` source, phase of `phase` source, mixed by λ, for one channel; writes into dst. */
export function swapAmplitude(
  phaseImage: Float32Array,
  ampImage: Float32Array,
  dst: Float32Array,
  height: number,
  width: number,
  channels: number,
  lambda: number,
): void {
  for (let c = 0; c < channels; c++) {
    const a = channelSpectrum(phaseImage, height, width, channels, c);
    const b = channelSpectrum(ampImage, height, width, channels, c);
    const re = a.re;
    const im = a.im;
    for (let k = 0; k < re.length; k++) {
      const ampA = Math.hypot(a.re[k], a.im[k]);
      const ampB = Math.hypot(b.re[k], b.im[k]);
      const amp = (1 - lambda) * ampA + lambda * ampB;
      const phase = Math.atan2(a.im[k], a.re[k]);
      re[k] = amp * Math.cos(phase);
      im[k] = amp * Math.sin(phase);
    }
    fft2d(re, im, height, width, true);
    for (let p = 0; p < height * width; p++) dst[p * channels + c] = re[p];
  }
}

/** Applies X4 to a copy of the batch; returns the partner (or −1) and λ per sample. */
export function fourierAmplitudeSwap(batch: ImageBatch, rng: Rng, o: FourierOptions = FOURIER_DEFAULTS): { batch: ImageBatch; partners: number[]; lambdas: number[] } {
  const out = cloneBatch(batch);
  const per = batch.height * batch.width * batch.channels;
  const partners: number[] = [];
  const lambdas: number[] = [];
  for (let i = 0; i < batch.size; i++) {
    if (batch.size < 2 || !rng.bernoulli(o.p)) {
      partners.push(-1);
      lambdas.push(0);
      continue;
    }
    const j = (i + 1 + rng.int(batch.size - 1)) % batch.size;
    const lambda = rng.uniform(o.minLambda, o.maxLambda);
    partners.push(j);
    lambdas.push(lambda);
    swapAmplitude(
      batch.data.subarray(i * per, (i + 1) * per),
      batch.data.subarray(j * per, (j + 1) * per),
      out.data.subarray(i * per, (i + 1) * per),
      batch.height,
      batch.width,
      batch.channels,
      lambda,
    );
  }
  return { batch: out, partners, lambdas };
}

export const x4Fourier: Extension = {
  id: 'X4',
  name: 'Fourier amplitude swap',
  summary: 'swap Fourier amplitude spectra between images of a batch, keeping each image\'s phase',
  stages: ['pretrain'],
  beforeStrategy: (batch, rng) => fourierAmplitudeSwap(batch, rng).batch,
};
