import type { SegSample } from '../types';
import type { Rng } from '../../util/rng';
import { PST900_CLASSES, PST900_SHAPE_OF_CLASS } from './classes';
import { hsvToRgb, placeApart, quantize8, rasterizeBlob, valueNoise } from './raster';
import { rasterizeShape } from './shapes';
import { STREAM, sampleRng, type Split } from './seed';
import { checkSize, scaledCount, type SegGenerator, type SegGeneratorOptions } from './seg-generator';
import { addThermalDistractors, finishThermal, objectTemperature } from './thermal';

const PRESENT_CLASSES = [...PST900_SHAPE_OF_CLASS.keys()];

/** Fraction of thermal pixels that are reprojection holes (value 0), as in PST900 (~2.4 %). */
export const PST900_HOLE_FRACTION = 0.02;

/** A PST900-like sample with its raw (16-bit) thermal beside the 8-bit one. */
export interface Pst900Sample extends SegSample {
  /** Raw radiometric counts, uint16; 0 in the holes. */
  thermalRaw: Uint16Array;
}

/**
 * PST900-like subterranean scenes, bands R,G,B,T: dim rock under a headlamp, 1-3 objects lying at any
 * rotation, thermal with hot/cold objects, distractors, blur and zero-valued holes (about 2 % of the
 * pixels, short runs as left by reprojection). Names follow the release's pattern.
 */
export class SynthPst900 implements SegGenerator {
  readonly dataset = 'pst900' as const;
  readonly seed: number;
  readonly size: number;
  readonly bands = ['R', 'G', 'B', 'T'] as const;
  readonly classes = PST900_CLASSES;

  constructor(options: SegGeneratorOptions) {
    this.seed = options.seed;
    this.size = checkSize('pst900', options.size ?? 48);
  }

  name(split: Split, index: number): string {
    const bag = 1 + (index % 7);
    return `${split === 'train' ? 1 : split === 'val' ? 2 : 3}${bag}_bag${bag}a_rect_rgb_frame${String(index).padStart(10, '0')}`;
  }

  sample(split: Split, index: number): Pst900Sample {
    const rng = sampleRng(this.seed, STREAM[split], index, 303);
    return renderPst900Scene(rng, this.size, this.name(split, index));
  }
}

export function renderPst900Scene(rng: Rng, size: number, id: string): Pst900Sample {
  const n = size * size;
  const rgb = new Float32Array(n * 3);
  const thermal = new Float32Array(n);
  const label = new Uint8Array(n);

  const rock = hsvToRgb(rng.uniform(0.02, 0.15), rng.uniform(0.1, 0.45), rng.uniform(0.35, 0.75));
  const grain = valueNoise(rng, size, size, 3);
  const strata = valueNoise(rng, size, size, 12);
  const warmth = valueNoise(rng, size, size, 14);
  const ambient = rng.uniform(0.3, 0.5);
  // Headlamp: a bright spot fading to darkness.
  const lx = rng.uniform(0.2, 0.8) * size;
  const ly = rng.uniform(0.2, 0.8) * size;
  const reach = rng.uniform(0.5, 1.0) * size;
  const lamp = rng.uniform(0.5, 1.1);
  const illumination = new Float32Array(n);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const i = y * size + x;
      const d2 = ((x - lx) ** 2 + (y - ly) ** 2) / (reach * reach);
      illumination[i] = 0.08 + lamp * Math.exp(-d2);
      const g = (0.75 + 0.5 * strata[i]) * (0.9 + 0.2 * grain[i]);
      for (let c = 0; c < 3; c++) rgb[i * 3 + c] = rock[c] * g;
      thermal[i] = ambient + 0.15 * (warmth[i] - 0.5);
    }
  }
  const blobs = Math.round(scaledCount(rng.uniform(0.5, 2), size));
  for (let b = 0; b < blobs; b++) {
    const color = hsvToRgb(rng.next(), rng.uniform(0.1, 0.8), rng.uniform(0.2, 0.9));
    rasterizeBlob(rng, rng.uniform(0, size), rng.uniform(0, size), rng.uniform(3, 7), size, size, (i) => {
      for (let c = 0; c < 3; c++) rgb[i * 3 + c] = color[c] * (0.9 + 0.2 * grain[i]);
    });
  }
  addThermalDistractors(rng, thermal, size, Math.round(scaledCount(rng.uniform(1, 3), size)), ambient);

  const count = Math.max(1, Math.round(scaledCount(rng.uniform(1, 3), size)));
  const spots = placeApart(count, () => rng.uniform(6, 11), (r) => [rng.uniform(r * 0.7, size - r * 0.7), rng.uniform(r * 0.7, size - r * 0.7)]);
  for (const spot of spots) {
    const classId = PRESENT_CLASSES[rng.int(PRESENT_CLASSES.length)];
    const color = hsvToRgb(rng.next(), rng.uniform(0, 0.95), rng.uniform(0.15, 1));
    const t = objectTemperature(rng, ambient);
    rasterizeShape(
      { shape: PST900_SHAPE_OF_CLASS.get(classId) as number, cx: spot.cx, cy: spot.cy, radius: spot.r, angle: rng.uniform(0, 2 * Math.PI), mirror: rng.bernoulli(0.5) },
      size,
      size,
      (i) => {
        label[i] = classId;
        for (let c = 0; c < 3; c++) rgb[i * 3 + c] = color[c];
        thermal[i] = t;
      },
    );
  }
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < 3; c++) rgb[i * 3 + c] = rgb[i * 3 + c] * illumination[i] + (rng.next() - 0.5) * 0.05;
  }
  finishThermal(rng, thermal, size);
  quantize8(rgb);
  quantize8(thermal);
  // Thermal values 0 are reserved for holes.
  for (let i = 0; i < n; i++) if (thermal[i] < 1) thermal[i] = 1;
  punchHoles(rng, thermal, size);

  const thermalRaw = new Uint16Array(n);
  for (let i = 0; i < n; i++) thermalRaw[i] = thermal[i] === 0 ? 0 : Math.round(7200 + 37 * thermal[i] + rng.uniform(0, 30));
  const data = new Float32Array(n * 4);
  for (let i = 0; i < n; i++) {
    data[i * 4] = rgb[i * 3];
    data[i * 4 + 1] = rgb[i * 3 + 1];
    data[i * 4 + 2] = rgb[i * 3 + 2];
    data[i * 4 + 3] = thermal[i];
  }
  return {
    id,
    image: { height: size, width: size, bands: ['R', 'G', 'B', 'T'], data },
    label: { height: size, width: size, data: label },
    thermalRaw,
  };
}

/** Zero-valued holes: short horizontal runs until about PST900_HOLE_FRACTION of the pixels are 0. */
function punchHoles(rng: Rng, thermal: Float32Array, size: number): void {
  const target = Math.round(PST900_HOLE_FRACTION * size * size);
  let holes = 0;
  for (let guard = 0; holes < target && guard < target * 20; guard++) {
    const y = rng.int(size);
    const x0 = rng.int(size);
    const run = 1 + rng.int(4);
    for (let x = x0; x < Math.min(size, x0 + run) && holes < target; x++) {
      const i = y * size + x;
      if (thermal[i] !== 0) {
        thermal[i] = 0;
        holes++;
      }
    }
  }
}
