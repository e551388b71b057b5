/**
 * Prediction figures: image | truth | prediction side by side as one PNG, labels colourised with a
 * palette (ignore pixels grey). The image is shown from three bands (or one, as grey), each stretched
 * between its 2nd and 98th percentile.
 */
import sharp from 'sharp';
import type { ImageHWC, LabelMap } from '../data/types';
import { writeFileAtomic } from '../util/atomic';
import { encodeColours } from '../eval/palette';
import type { Rgb } from '../eval/protocols';

export interface OverlayOptions {
  palette: readonly Rgb[];
  /** Band indices shown as R, G, B (default the first three, or band 0 as grey when fewer). */
  displayBands?: number[];
  /** Pixels between panels (default 4, white). */
  gap?: number;
  /** Colour of ignore / unknown ids (default grey). */
  ignoreColour?: Rgb;
}

/** One band of an HWC image as 8-bit, stretched between its 2nd and 98th percentile. */
function stretchBand(image: ImageHWC, band: number): Uint8Array {
  const C = image.bands.length;
  const n = image.height * image.width;
  const step = Math.max(1, Math.floor(n / 10000));
  const sample: number[] = [];
  for (let i = 0; i < n; i += step) sample.push(image.data[i * C + band]);
  sample.sort((a, b) => a - b);
  const lo = sample[Math.floor(0.02 * (sample.length - 1))];
  const hi = sample[Math.ceil(0.98 * (sample.length - 1))];
  const scale = hi > lo ? 255 / (hi - lo) : 0;
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = Math.max(0, Math.min(255, Math.round((image.data[i * C + band] - lo) * scale)));
  return out;
}

/** The image as 8-bit RGB for display. */
export function displayRgb(image: ImageHWC, bands?: number[]): Uint8Array {
  const C = image.bands.length;
  const chosen = bands ?? (C >= 3 ? [0, 1, 2] : [0, 0, 0]);
  if (chosen.length !== 3 || chosen.some((b) => b < 0 || b >= C)) throw new RangeError(`displayBands must be 3 indices in 0..${C - 1}`);
  const planes = chosen.map((b) => stretchBand(image, b));
  const n = image.height * image.width;
  const out = new Uint8Array(n * 3);
  for (let i = 0; i < n; i++) {
    out[i * 3] = planes[0][i];
    out[i * 3 + 1] = planes[1][i];
    out[i * 3 + 2] = planes[2][i];
  }
  return out;
}

/** PNG bytes of image | truth | prediction. */
export async function predictionOverlay(image: ImageHWC, truth: LabelMap, prediction: LabelMap, options: OverlayOptions): Promise<Buffer> {
  const { height: H, width: W } = image;
  for (const [what, m] of [['truth', truth], ['prediction', prediction]] as const) {
    if (m.height !== H || m.width !== W) throw new RangeError(`${what} is ${m.width}x${m.height}, image ${W}x${H}`);
  }
  const gap = options.gap ?? 4;
  const grey = options.ignoreColour ?? [128, 128, 128];
  const panels = [displayRgb(image, options.displayBands), encodeColours(truth.data, options.palette, grey), encodeColours(prediction.data, options.palette, grey)];
  const total = 3 * W + 2 * gap;
  const canvas = new Uint8Array(total * H * 3).fill(255);
  panels.forEach((p, k) => {
    const x0 = k * (W + gap);
    for (let y = 0; y < H; y++) canvas.set(p.subarray(y * W * 3, (y + 1) * W * 3), (y * total + x0) * 3);
  });
  return sharp(canvas, { raw: { width: total, height: H, channels: 3 } }).png().toBuffer();
}

/** Writes the overlay PNG atomically; returns its path. */
export async function writePredictionOverlay(file: string, image: ImageHWC, truth: LabelMap, prediction: LabelMap, options: OverlayOptions): Promise<string> {
  writeFileAtomic(file, await predictionOverlay(image, truth, prediction, options));
  return file;
}
