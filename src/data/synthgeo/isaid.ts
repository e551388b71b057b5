import type { SegSample } from '../types';
import type { Rng } from '../../util/rng';
import { ISAID_CLASSES, ISAID_SHAPE_OF_CLASS } from './classes';
import { hsvToRgb, placeApart, quantize8, rasterizeBlob, valueNoise } from './raster';
import { rasterizeShape } from './shapes';
import { STREAM, sampleRng, type Split } from './seed';
import { checkSize, scaledCount, type SegGenerator, type SegGeneratorOptions } from './seg-generator';

const PRESENT_CLASSES = [...ISAID_SHAPE_OF_CLASS.keys()];
const SPLIT_OFFSET: Record<Split, number> = { train: 0, val: 6000, test: 8000 };
export const ISAID_SPLIT_CAPACITY: Record<Split, number> = { train: 6000, val: 2000, test: 2000 };

/** iSAID-style image id: P0000.. for train, P6000.. for val, P8000.. for test. */
export function isaidName(split: Split, index: number): string {
  if (index >= ISAID_SPLIT_CAPACITY[split]) throw new Error(`isaid: ${split} index ${index} beyond the naming range (${ISAID_SPLIT_CAPACITY[split]})`);
  return `P${String(SPLIT_OFFSET[split] + index).padStart(4, '0')}`;
}

/**
 * iSAID-like scenes: nadir aerial RGB, textured ground, several small objects per image at any
 * rotation, with colours drawn independently of the class (so only shape identifies a class), plus
 * background-labelled distractor blobs of object-like colours.
 */
export class SynthIsaid implements SegGenerator {
  readonly dataset = 'isaid' as const;
  readonly seed: number;
  readonly size: number;
  readonly bands = ['R', 'G', 'B'] as const;
  readonly classes = ISAID_CLASSES;

  constructor(options: SegGeneratorOptions) {
    this.seed = options.seed;
    this.size = checkSize('isaid', options.size ?? 48);
  }

  sample(split: Split, index: number): SegSample {
    const rng = sampleRng(this.seed, STREAM[split], index, 101);
    return renderIsaidScene(rng, this.size, isaidName(split, index));
  }
}

export function renderIsaidScene(rng: Rng, size: number, id: string): SegSample {
  const n = size * size;
  const rgb = new Float32Array(n * 3);
  const label = new Uint8Array(n);

  // Ground: two random materials mixed by a smooth field, plus fine grain.
  const groundA = hsvToRgb(rng.next(), rng.uniform(0.05, 0.45), rng.uniform(0.3, 0.7));
  const groundB = hsvToRgb(rng.next(), rng.uniform(0.05, 0.45), rng.uniform(0.3, 0.7));
  const mix = valueNoise(rng, size, size, 14);
  const grain = valueNoise(rng, size, size, 3);
  for (let i = 0; i < n; i++) {
    const m = mix[i];
    const g = 0.9 + 0.2 * grain[i];
    for (let c = 0; c < 3; c++) rgb[i * 3 + c] = (groundA[c] * (1 - m) + groundB[c] * m) * g;
  }

  // Distractor blobs: object-like colours, background label.
  const blobs = Math.round(scaledCount(rng.uniform(0.5, 2.5), size));
  for (let b = 0; b < blobs; b++) {
    const color = hsvToRgb(rng.next(), rng.uniform(0.2, 0.9), rng.uniform(0.2, 0.95));
    rasterizeBlob(rng, rng.uniform(0, size), rng.uniform(0, size), rng.uniform(3, 7), size, size, (i) => {
      for (let c = 0; c < 3; c++) rgb[i * 3 + c] = color[c] * (0.9 + 0.2 * grain[i]);
    });
  }

  // Objects: several, apart, any rotation.
  const count = Math.max(1, Math.round(scaledCount(rng.uniform(3, 6), size)));
  const spots = placeApart(count, () => rng.uniform(5, 9), (r) => [rng.uniform(r, size - r), rng.uniform(r, size - r)]);
  for (const spot of spots) {
    const classId = PRESENT_CLASSES[rng.int(PRESENT_CLASSES.length)];
    const shape = ISAID_SHAPE_OF_CLASS.get(classId) as number;
    const i0 = Math.min(n - 1, Math.floor(spot.cy) * size + Math.floor(spot.cx));
    const localValue = (rgb[i0 * 3] + rgb[i0 * 3 + 1] + rgb[i0 * 3 + 2]) / 3;
    const value = localValue > 0.5 ? rng.uniform(0.05, localValue - 0.25) : rng.uniform(localValue + 0.25, 1);
    const color = hsvToRgb(rng.next(), rng.uniform(0, 0.9), value);
    const striped = rng.bernoulli(0.4);
    const f = rng.uniform(0.1, 0.35);
    const theta = rng.uniform(0, Math.PI);
    rasterizeShape({ shape, cx: spot.cx, cy: spot.cy, radius: spot.r, angle: rng.uniform(0, 2 * Math.PI), mirror: rng.bernoulli(0.5) }, size, size, (i) => {
      label[i] = classId;
      const x = i % size;
      const y = (i - x) / size;
      const s = striped ? 0.85 + 0.15 * Math.sin(2 * Math.PI * f * (x * Math.cos(theta) + y * Math.sin(theta))) : 1;
      for (let c = 0; c < 3; c++) rgb[i * 3 + c] = color[c] * s;
    });
  }
  for (let i = 0; i < rgb.length; i++) rgb[i] += (rng.next() - 0.5) * 0.05;
  quantize8(rgb);
  return { id, image: { height: size, width: size, bands: ['R', 'G', 'B'], data: rgb }, label: { height: size, width: size, data: label } };
}
