/**
 * Sliding-window inference over an image of any size (mmseg "slide" mode): windows of a fixed size
 * with a stride, the last row/column of windows shifted back inside the image, logits summed into an
 * accumulator and divided by a count map, optional horizontal-flip averaging, windows run in batches.
 *
 * Memory is bounded for huge rasters: windows are processed one row-band (all windows sharing a top
 * row) at a time, and the accumulator covers only the rows of one band. Rows above the next band's
 * top are final once a band is done, so they are turned into labels (and logits if asked), handed to
 * `onRows`, and the accumulator is shifted up. Peak memory, in bytes:
 *     accumulator  windowH x W x (K + 1) x 4         (e.g. 512 x 6000 x 7 x 4 = 86 MB)
 *   + in flight    batchSize x windowH x windowW x (C + K) x 4 x (2 with flip) + the model's activations
 *   + output       H x W bytes of labels (keepLabels, default), H x W x K x 4 of logits (keepLogits, small images only)
 * With keepLabels false and an `onRows` callback nothing grows with H.
 *
 * Windows smaller than the window size (an image smaller than a window) are zero-padded at the
 * bottom/right to the window size so every batch has one shape; the padded logits are dropped.
 * The stride must not exceed the window size (every pixel is covered at least once).
 */
import * as tf from '@tensorflow/tfjs-core';
import type { ImageHWC, LabelMap } from '../data/types';

/** A segmentation model: NHWC input -> NHWC logits of the same height and width. */
export type SegModel = (batch: tf.Tensor4D) => tf.Tensor4D;

/** Reads a window (HWC float32, `channels` per pixel) of a raster too large to hold. */
export type WindowReader = (y0: number, x0: number, height: number, width: number) => Promise<Float32Array> | Float32Array;

export interface RasterSource {
  height: number;
  width: number;
  channels: number;
  read: WindowReader;
}

export interface SlidingWindowOptions {
  /** Window size (square, or [height, width]). */
  window: number | [number, number];
  /** Step between windows (or [y, x]); <= window. */
  stride: number | [number, number];
  /** Windows per model call (default 4). */
  batchSize?: number;
  /** Average with the horizontally flipped prediction (default false). */
  flip?: boolean;
  /** Keep the whole label map (default true). */
  keepLabels?: boolean;
  /** Keep the averaged logits H x W x K (default false; small images only). */
  keepLogits?: boolean;
  /** Called with each run of finished rows, top to bottom: labels of rows y0..y0+rows-1 (a copy). */
  onRows?: (y0: number, rows: number, labels: Uint8Array) => void | Promise<void>;
}

export interface SlidingWindowResult {
  height: number;
  width: number;
  numClasses: number;
  windows: number;
  labels?: LabelMap;
  logits?: Float32Array;
}

/** Window origins along one axis (mmseg): ceil-style grid, last window shifted back inside. */
export function windowStarts(size: number, window: number, stride: number): number[] {
  const n = Math.floor(Math.max(size - window + stride - 1, 0) / stride) + 1;
  const starts: number[] = [];
  for (let i = 0; i < n; i++) {
    const s = Math.max(Math.min(i * stride + window, size) - window, 0);
    if (starts.length === 0 || starts[starts.length - 1] !== s) starts.push(s);
  }
  return starts;
}

/** A RasterSource over an in-memory image. */
export function imageSource(image: ImageHWC): RasterSource {
  const C = image.bands.length;
  return {
    height: image.height,
    width: image.width,
    channels: C,
    read(y0, x0, h, w) {
      const out = new Float32Array(h * w * C);
      for (let r = 0; r < h; r++) {
        const from = ((y0 + r) * image.width + x0) * C;
        out.set(image.data.subarray(from, from + w * C), r * w * C);
      }
      return out;
    },
  };
}

const pair = (v: number | [number, number]): [number, number] => (typeof v === 'number' ? [v, v] : v);

export async function slidingWindowPredict(model: SegModel, input: ImageHWC | RasterSource, options: SlidingWindowOptions): Promise<SlidingWindowResult> {
  const source = 'read' in input ? input : imageSource(input);
  const { height: H, width: W, channels: C } = source;
  const [winH, winW] = pair(options.window);
  const [strideH, strideW] = pair(options.stride);
  if (!(strideH >= 1 && strideW >= 1 && strideH <= winH && strideW <= winW)) {
    throw new RangeError(`sliding window: stride ${strideH}x${strideW} must be in 1..window ${winH}x${winW}`);
  }
  const batchSize = Math.max(1, options.batchSize ?? 4);
  const keepLabels = options.keepLabels ?? true;
  const ys = windowStarts(H, winH, strideH);
  const xs = windowStarts(W, winW, strideW);
  const h = Math.min(winH, H); // effective window size inside the image
  const w = Math.min(winW, W);

  let K = 0;
  let acc = new Float32Array(0);
  const count = new Float32Array(h * W);
  let accY0 = ys[0];
  const labels = keepLabels ? new Uint8Array(H * W) : undefined;
  let logits: Float32Array | undefined;

  const finish = async (y0: number, rows: number): Promise<void> => {
    const out = new Uint8Array(rows * W);
    const base = y0 - accY0;
    for (let p = 0; p < rows * W; p++) {
      const a = (base * W + p) * K;
      const n = count[base * W + p];
      let best = 0;
      let bestV = acc[a];
      for (let k = 1; k < K; k++) {
        if (acc[a + k] > bestV) {
          bestV = acc[a + k];
          best = k;
        }
      }
      out[p] = best;
      if (logits) for (let k = 0; k < K; k++) logits[(y0 * W + p) * K + k] = acc[a + k] / n;
    }
    if (labels) labels.set(out, y0 * W);
    if (options.onRows) await options.onRows(y0, rows, out);
  };

  for (let bi = 0; bi < ys.length; bi++) {
    const y0 = ys[bi];
    for (let start = 0; start < xs.length; start += batchSize) {
      const batchXs = xs.slice(start, start + batchSize);
      const input = new Float32Array(batchXs.length * winH * winW * C);
      for (let b = 0; b < batchXs.length; b++) {
        const win = await source.read(y0, batchXs[b], h, w);
        if (win.length !== h * w * C) throw new RangeError(`window reader returned ${win.length} values for a ${h}x${w}x${C} window`);
        for (let r = 0; r < h; r++) input.set(win.subarray(r * w * C, (r + 1) * w * C), ((b * winH + r) * winW) * C);
      }
      const out = await runModel(model, input, [batchXs.length, winH, winW, C], options.flip ?? false);
      if (K === 0) {
        K = out.classes;
        if (K > 256) throw new RangeError(`model returned ${K} classes; labels are 8-bit`);
        acc = new Float32Array(h * W * K);
        if (options.keepLogits) logits = new Float32Array(H * W * K);
      } else if (out.classes !== K) {
        throw new RangeError(`model returned ${out.classes} classes, earlier ${K}`);
      }
      for (let b = 0; b < batchXs.length; b++) {
        const x0 = batchXs[b];
        for (let r = 0; r < h; r++) {
          const accRow = (y0 - accY0 + r) * W + x0;
          const src = ((b * winH + r) * winW) * K;
          const dst = accRow * K;
          const d = out.data;
          for (let j = 0; j < w * K; j++) acc[dst + j] += d[src + j];
          for (let j = 0; j < w; j++) count[accRow + j] += 1;
        }
      }
    }
    const next = bi + 1 < ys.length ? ys[bi + 1] : y0 + h;
    await finish(accY0, next - accY0);
    // Shift the rows still open (next .. y0 + h) to the top of the accumulator.
    const shift = next - accY0;
    acc.copyWithin(0, shift * W * K);
    acc.fill(0, (h - shift) * W * K);
    count.copyWithin(0, shift * W);
    count.fill(0, (h - shift) * W);
    accY0 = next;
  }
  return {
    height: H,
    width: W,
    numClasses: K,
    windows: ys.length * xs.length,
    labels: labels ? { height: H, width: W, data: labels } : undefined,
    logits,
  };
}

async function runModel(model: SegModel, input: Float32Array, shape: [number, number, number, number], flip: boolean): Promise<{ data: Float32Array; classes: number }> {
  const y = tf.tidy(() => {
    const x = tf.tensor4d(input, shape);
    const direct = model(x);
    if (direct.shape[0] !== shape[0] || direct.shape[1] !== shape[1] || direct.shape[2] !== shape[2]) {
      throw new RangeError(`model output ${direct.shape.join('x')} does not match input ${shape.join('x')} (NHWC logits of the same size expected)`);
    }
    if (!flip) return direct;
    const flipped = tf.reverse(model(tf.reverse(x, 2)), 2);
    return tf.mul(tf.add(direct, flipped), 0.5) as tf.Tensor4D;
  });
  try {
    const data = (await y.data()) as Float32Array;
    return { data, classes: y.shape[3] };
  } finally {
    y.dispose();
  }
}
