/**
 * X3 viewpoint randomisation (nadir images have no "up"): per sample an arbitrary rotation angle, a
 * vertical flip with probability ½ and a scale jitter, as one affine warp about the image centre.
 * Images are resampled bilinearly (outside the source: 0, the normalised mean); labels with nearest
 * neighbour (outside: the ignore id), both with the SAME warp, so image and label stay aligned.
 * Acts at pre-training (on RGB before CSP) and at fine-tuning (image and label together).
 */
import { IGNORE_INDEX } from '../../data/types';
import type { Rng } from '../../util/rng';
import { emptyBatch, type ImageBatch } from '../strategies/batch';
import type { Extension } from './types';

export interface ViewpointOptions {
  pFlip: number;
  minScale: number;
  maxScale: number;
}

export const VIEWPOINT_DEFAULTS: ViewpointOptions = { pFlip: 0.5, minScale: 0.8, maxScale: 1.25 };

/** One draw: angle (radians), vertical flip, scale (>1 zooms in). */
export interface Viewpoint {
  angle: number;
  flip: boolean;
  scale: number;
}

export function drawViewpoint(rng: Rng, o: ViewpointOptions = VIEWPOINT_DEFAULTS): Viewpoint {
  const angle = rng.uniform(0, 2 * Math.PI);
  const flip = rng.bernoulli(o.pFlip);
  const scale = Math.exp(rng.uniform(Math.log(o.minScale), Math.log(o.maxScale)));
  return { angle, flip, scale };
}

/**
 * The source position (sy, sx) of output pixel (y, x): the inverse of "flip vertically, then rotate
 * by angle, then scale", about the centre ((H−1)/2, (W−1)/2).
 */
export function sourceOf(v: Viewpoint, height: number, width: number, y: number, x: number): [number, number] {
  const cy = (height - 1) / 2;
  const cx = (width - 1) / 2;
  const dy = (y - cy) / v.scale;
  const dx = (x - cx) / v.scale;
  const cos = Math.cos(v.angle);
  const sin = Math.sin(v.angle);
  // Inverse rotation.
  const ry = cos * dy - sin * dx;
  const rx = sin * dy + cos * dx;
  return [cy + (v.flip ? -ry : ry), cx + rx];
}

/** Warps one HWC image (bilinear; outside → fill). */
export function warpImage(src: Float32Array, dst: Float32Array, height: number, width: number, channels: number, v: Viewpoint, fill = 0): void {
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const [sy, sx] = sourceOf(v, height, width, y, x);
      const o = (y * width + x) * channels;
      // Outside exactly where warpLabel says outside (nearest source pixel off the image).
      const ny = Math.round(sy);
      const nx = Math.round(sx);
      if (ny < 0 || ny >= height || nx < 0 || nx >= width) {
        for (let k = 0; k < channels; k++) dst[o + k] = fill;
        continue;
      }
      const cy = Math.min(Math.max(sy, 0), height - 1);
      const cx = Math.min(Math.max(sx, 0), width - 1);
      const y0 = Math.floor(cy);
      const x0 = Math.floor(cx);
      const y1 = Math.min(y0 + 1, height - 1);
      const x1 = Math.min(x0 + 1, width - 1);
      const fy = cy - y0;
      const fx = cx - x0;
      for (let k = 0; k < channels; k++) {
        const a = src[(y0 * width + x0) * channels + k];
        const b = src[(y0 * width + x1) * channels + k];
        const c = src[(y1 * width + x0) * channels + k];
        const d = src[(y1 * width + x1) * channels + k];
        dst[o + k] = (1 - fy) * ((1 - fx) * a + fx * b) + fy * ((1 - fx) * c + fx * d);
      }
    }
  }
}

/** Warps one label map (nearest; outside → ignore). */
export function warpLabel(src: Uint8Array, dst: Uint8Array, height: number, width: number, v: Viewpoint, ignore = IGNORE_INDEX): void {
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const [sy, sx] = sourceOf(v, height, width, y, x);
      const ny = Math.round(sy);
      const nx = Math.round(sx);
      dst[y * width + x] = ny < 0 || ny >= height || nx < 0 || nx >= width ? ignore : src[ny * width + nx];
    }
  }
}

/** Warps every sample of a batch (and its labels, when given) with one draw per sample. */
export function viewpointRandomise(batch: ImageBatch, rng: Rng, labels?: Uint8Array, o: ViewpointOptions = VIEWPOINT_DEFAULTS): { batch: ImageBatch; labels?: Uint8Array; views: Viewpoint[] } {
  const { size, height, width, channels } = batch;
  const out = emptyBatch(size, height, width, channels);
  const outLabels = labels ? new Uint8Array(labels.length) : undefined;
  const per = height * width * channels;
  const views: Viewpoint[] = [];
  for (let i = 0; i < size; i++) {
    const v = drawViewpoint(rng, o);
    views.push(v);
    warpImage(batch.data.subarray(i * per, (i + 1) * per), out.data.subarray(i * per, (i + 1) * per), height, width, channels, v);
    if (labels && outLabels) {
      const hw = height * width;
      warpLabel(labels.subarray(i * hw, (i + 1) * hw), outLabels.subarray(i * hw, (i + 1) * hw), height, width, v);
    }
  }
  return { batch: out, labels: outLabels, views };
}

export const x3Viewpoint: Extension = {
  id: 'X3',
  name: 'viewpoint randomisation',
  summary: 'arbitrary rotation, vertical flip, scale jitter (image and label together)',
  stages: ['pretrain', 'finetune'],
  beforeStrategy: (batch, rng) => viewpointRandomise(batch, rng).batch,
  segAugment(images, labels, rng) {
    const r = viewpointRandomise(images, rng, labels);
    images.data.set(r.batch.data);
    labels.set(r.labels!);
  },
};
