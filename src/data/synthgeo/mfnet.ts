import type { SegSample } from '../types';
import type { Rng } from '../../util/rng';
import { MFNET_CLASSES, MFNET_SHAPE_OF_CLASS } from './classes';
import { hsvToRgb, quantize8, rasterizeBlob, valueNoise } from './raster';
import { rasterizeShape } from './shapes';
import { STREAM, sampleRng, type Split } from './seed';
import { checkSize, scaledCount, type SegGenerator, type SegGeneratorOptions } from './seg-generator';
import { addThermalDistractors, finishThermal, objectTemperature } from './thermal';

const PRESENT_CLASSES = [...MFNET_SHAPE_OF_CLASS.keys()];
/** Fixed numbering ranges, so a sample's name never depends on how many others are written. */
const SPLIT_OFFSET: Record<Split, number> = { train: 0, val: 50000, test: 70000 };
export const SPLIT_CAPACITY: Record<Split, number> = { train: 50000, val: 20000, test: 29999 };

export interface MfnetOptions extends SegGeneratorOptions {
  /** Probability of a night scene (default 0.5). */
  nightProbability?: number;
}

/**
 * MFNet-like street scenes, bands R,G,B,T (thermal is the alpha channel of MFNet's 4-channel PNG).
 * Sky above a horizon, road below; upright objects standing on the road, larger when nearer.
 * Day: normal RGB. Night: dark, low-contrast, noisy RGB while thermal stays informative (objects hot
 * or cold by emission, distractor blobs, blur). Ids are MFNet-style: 00001D / 00002N.
 */
export class SynthMfnet implements SegGenerator {
  readonly dataset = 'mfnet' as const;
  readonly seed: number;
  readonly size: number;
  readonly nightProbability: number;
  readonly bands = ['R', 'G', 'B', 'T'] as const;
  readonly classes = MFNET_CLASSES;
  constructor(options: MfnetOptions) {
    this.seed = options.seed;
    this.size = checkSize('mfnet', options.size ?? 48);
    this.nightProbability = options.nightProbability ?? 0.5;
  }

  isNight(split: Split, index: number): boolean {
    return sampleRng(this.seed, STREAM[split], index, 203).bernoulli(this.nightProbability);
  }

  /** The MFNet-style name of a sample, e.g. 00007N (train from 00001, val from 50001, test from 70001). */
  name(split: Split, index: number): string {
    if (index >= SPLIT_CAPACITY[split]) throw new Error(`mfnet: ${split} index ${index} beyond the naming range (${SPLIT_CAPACITY[split]})`);
    return `${String(SPLIT_OFFSET[split] + index + 1).padStart(5, '0')}${this.isNight(split, index) ? 'N' : 'D'}`;
  }

  sample(split: Split, index: number): SegSample {
    const rng = sampleRng(this.seed, STREAM[split], index, 202);
    return renderMfnetScene(rng, this.size, this.name(split, index), this.isNight(split, index));
  }
}

export function renderMfnetScene(rng: Rng, size: number, id: string, night: boolean): SegSample {
  const n = size * size;
  const rgb = new Float32Array(n * 3);
  const thermal = new Float32Array(n);
  const label = new Uint8Array(n);
  const horizon = Math.round(size * rng.uniform(0.3, 0.45));

  const sky = hsvToRgb(rng.uniform(0.5, 0.7), rng.uniform(0.05, 0.5), rng.uniform(0.55, 0.95));
  const road = hsvToRgb(rng.next(), rng.uniform(0, 0.15), rng.uniform(0.25, 0.55));
  const grain = valueNoise(rng, size, size, 4);
  const warmth = valueNoise(rng, size, size, 16);
  const skyT = rng.uniform(0.1, 0.25);
  const roadT = rng.uniform(0.35, 0.55);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const i = y * size + x;
      const base = y < horizon ? sky : road;
      const g = 0.9 + 0.2 * grain[i];
      for (let c = 0; c < 3; c++) rgb[i * 3 + c] = base[c] * g;
      thermal[i] = (y < horizon ? skyT : roadT + 0.1 * (y - horizon) / size) + 0.12 * (warmth[i] - 0.5);
    }
  }
  // Buildings on the horizon: RGB and thermal structure that is background.
  const buildings = 1 + rng.int(3);
  for (let b = 0; b < buildings; b++) {
    const w = rng.uniform(0.15, 0.4) * size;
    const x0 = rng.uniform(-0.1, 0.9) * size;
    const top = horizon - rng.uniform(0.1, 0.3) * size;
    const color = hsvToRgb(rng.next(), rng.uniform(0, 0.4), rng.uniform(0.3, 0.8));
    const t = rng.uniform(0.25, 0.45);
    for (let y = Math.max(0, Math.floor(top)); y < horizon; y++) {
      for (let x = Math.max(0, Math.floor(x0)); x < Math.min(size, x0 + w); x++) {
        const i = y * size + x;
        for (let c = 0; c < 3; c++) rgb[i * 3 + c] = color[c] * (0.9 + 0.2 * grain[i]);
        thermal[i] = t;
      }
    }
  }
  addThermalDistractors(rng, thermal, size, Math.round(scaledCount(rng.uniform(1, 3), size)), roadT);
  // RGB distractors too (posters, puddles): background label.
  const rgbBlobs = rng.int(3);
  for (let b = 0; b < rgbBlobs; b++) {
    const color = hsvToRgb(rng.next(), rng.uniform(0.2, 0.9), rng.uniform(0.2, 0.95));
    rasterizeBlob(rng, rng.uniform(0, size), rng.uniform(horizon, size), rng.uniform(2, 5), size, size, (i) => {
      for (let c = 0; c < 3; c++) rgb[i * 3 + c] = color[c];
    });
  }

  // Objects: upright, standing on the road; nearer (lower) ones are bigger.
  const count = Math.max(1, Math.round(scaledCount(rng.uniform(2, 5), size)));
  const span = size - horizon;
  const spots: Array<{ cx: number; cy: number; r: number }> = [];
  for (let k = 0; k < count; k++) {
    for (let t = 0; t < 30; t++) {
      const cy = horizon + rng.uniform(0.15, 0.9) * span;
      const r = 4 + 6 * ((cy - horizon) / span);
      const cx = rng.uniform(r * 0.5, size - r * 0.5);
      if (spots.every((o) => (o.cx - cx) ** 2 + (o.cy - cy) ** 2 >= (0.8 * (o.r + r)) ** 2)) {
        spots.push({ cx, cy, r });
        break;
      }
    }
  }
  spots.sort((a, b) => a.cy - b.cy); // far first, near objects occlude
  for (const spot of spots) {
    const classId = PRESENT_CLASSES[rng.int(PRESENT_CLASSES.length)];
    const color = hsvToRgb(rng.next(), rng.uniform(0, 0.9), rng.uniform(0.1, 1));
    const t = objectTemperature(rng, roadT);
    const cy = Math.min(spot.cy, size - spot.r * 0.5);
    rasterizeShape(
      { shape: MFNET_SHAPE_OF_CLASS.get(classId) as number, cx: spot.cx, cy, radius: spot.r, angle: rng.uniform(-0.14, 0.14), mirror: rng.bernoulli(0.5) },
      size,
      size,
      (i, _u, v) => {
        label[i] = classId;
        const shade = 1.08 - 0.16 * (v + 1) / 2;
        for (let c = 0; c < 3; c++) rgb[i * 3 + c] = color[c] * shade;
        thermal[i] = t;
      },
    );
  }
  finishThermal(rng, thermal, size);

  if (night) {
    // Dark, low contrast, noisy: the RGB camera sees little; thermal is unchanged.
    const gain = rng.uniform(0.08, 0.22);
    const lift = rng.uniform(0.01, 0.04);
    for (let i = 0; i < rgb.length; i++) rgb[i] = lift + gain * (0.5 * rgb[i] + 0.25) + (rng.next() - 0.5) * 0.04;
  } else {
    for (let i = 0; i < rgb.length; i++) rgb[i] += (rng.next() - 0.5) * 0.04;
  }
  quantize8(rgb);
  quantize8(thermal);
  const data = new Float32Array(n * 4);
  for (let i = 0; i < n; i++) {
    data[i * 4] = rgb[i * 3];
    data[i * 4 + 1] = rgb[i * 3 + 1];
    data[i * 4 + 2] = rgb[i * 3 + 2];
    data[i * 4 + 3] = thermal[i];
  }
  return { id, image: { height: size, width: size, bands: ['R', 'G', 'B', 'T'], data }, label: { height: size, width: size, data: label } };
}
