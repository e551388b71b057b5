/**
 * The form the pre-training strategies work on: a batch of images as one typed array, NHWC
 * (sample, row, column, channel), float32. Strategies and extensions are pure functions of a batch
 * and an Rng, run on the CPU before the batch becomes a tensor: this keeps every random choice
 * per sample, exact, testable from pixel values, and reproducible from the Rng state alone.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { ImageHWC } from '../../data/types';

export interface ImageBatch {
  size: number;
  height: number;
  width: number;
  channels: number;
  /** size·height·width·channels values, NHWC. */
  data: Float32Array;
}

export function emptyBatch(size: number, height: number, width: number, channels: number): ImageBatch {
  return { size, height, width, channels, data: new Float32Array(size * height * width * channels) };
}

/** Stacks same-sized HWC images into a batch (copies). */
export function batchFromImages(images: readonly ImageHWC[]): ImageBatch {
  if (images.length === 0) throw new Error('batchFromImages: no images');
  const { height, width } = images[0];
  const channels = images[0].bands.length;
  const out = emptyBatch(images.length, height, width, channels);
  const per = height * width * channels;
  images.forEach((im, i) => {
    if (im.height !== height || im.width !== width || im.bands.length !== channels) {
      throw new Error(`batchFromImages: image ${i} is ${im.height}x${im.width}x${im.bands.length}, expected ${height}x${width}x${channels}`);
    }
    out.data.set(im.data, i * per);
  });
  return out;
}

/** Values per sample. */
export function sampleLength(b: ImageBatch): number {
  return b.height * b.width * b.channels;
}

/** A view (no copy) of sample i's HWC values. */
export function sampleOf(b: ImageBatch, i: number): Float32Array {
  const n = sampleLength(b);
  return b.data.subarray(i * n, (i + 1) * n);
}

export function cloneBatch(b: ImageBatch): ImageBatch {
  return { ...b, data: Float32Array.from(b.data) };
}

/** The batch as a float32 NHWC tensor (the caller disposes it). */
export function batchToTensor(b: ImageBatch): tf.Tensor4D {
  return tf.tensor4d(b.data, [b.size, b.height, b.width, b.channels], 'float32');
}
