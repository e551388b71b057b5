import { IGNORE_INDEX, type LabelMap, type SegSample } from '../types';
import type { Rng } from '../../util/rng';
import { POTSDAM_CLASSES } from './classes';
import { quantize8, valueNoise } from './raster';
import { rasterizeShape } from './shapes';
import { STREAM, sampleRng, type Split } from './seed';
import { checkSize, scaledCount, type SegGenerator, type SegGeneratorOptions } from './seg-generator';

/** Label ids in memory (GeoSeg/RSP order). */
export const POTSDAM_ID = { impervious: 0, building: 1, lowVegetation: 2, tree: 3, car: 4, clutter: 5 } as const;

/**
 * Surface materials as [R, G, B, NIR] reflectances. Every class draws from this one mixture, so
 * spectra (NIR included) do not identify a class: an impervious plaza may be green-painted, a roof
 * may be grassed, a car may be any colour.
 */
const MATERIALS: ReadonlyArray<readonly [number, number, number, number]> = [
  [0.22, 0.38, 0.18, 0.78], // vegetation
  [0.45, 0.45, 0.3, 0.6], // dry grass
  [0.3, 0.3, 0.32, 0.28], // asphalt
  [0.62, 0.6, 0.57, 0.5], // concrete
  [0.6, 0.28, 0.22, 0.48], // red tiles
  [0.18, 0.18, 0.2, 0.2], // dark roofing
  [0.5, 0.4, 0.3, 0.45], // soil
];

function drawMaterial(rng: Rng): [number, number, number, number] {
  const m = MATERIALS[rng.int(MATERIALS.length)];
  return [0, 1, 2, 3].map((k) => Math.min(1, Math.max(0, m[k] + rng.uniform(-0.06, 0.06)))) as [number, number, number, number];
}

/** Clutter shapes: everything in the family that no other Potsdam class uses. */
const CLUTTER_SHAPES = [2, 3, 4, 5, 8, 9];

/**
 * Potsdam-like scenes, bands R,G,B,IR,DSM (DSM in metres, absolute, float). Classes come in pairs
 * that share the same spectra and the same height distribution, so only shape separates them:
 * impervious (open ground and straight roads) vs low vegetation (irregular patches) at ground level;
 * building (squares, L-shapes) vs tree (clusters of round crowns) raised 6-15 m; car (small 3:1
 * bars) vs clutter (small triangles, crosses, rings, stars, diamonds, crescents) raised 1-2.5 m.
 * Height therefore tells only the pair, and NIR tells nothing on its own.
 */
export class SynthPotsdam implements SegGenerator {
  readonly dataset = 'potsdam' as const;
  readonly seed: number;
  readonly size: number;
  readonly bands = ['R', 'G', 'B', 'IR', 'DSM'] as const;
  readonly classes = POTSDAM_CLASSES;

  constructor(options: SegGeneratorOptions) {
    this.seed = options.seed;
    this.size = checkSize('potsdam', options.size ?? 48);
  }

  sample(split: Split, index: number): SegSample {
    const rng = sampleRng(this.seed, STREAM[split], index, 404);
    return renderPotsdamScene(rng, this.size, `${split}_${String(index).padStart(5, '0')}`);
  }
}

export function renderPotsdamScene(rng: Rng, size: number, id: string): SegSample {
  const n = size * size;
  const spectra = new Float32Array(n * 4);
  const height = new Float32Array(n);
  const label = new Uint8Array(n);
  const paint = (i: number, m: readonly number[], classId: number) => {
    label[i] = classId;
    for (let k = 0; k < 4; k++) spectra[i * 4 + k] = m[k];
  };

  const groundMaterial = drawMaterial(rng);
  const vegetationMaterial = drawMaterial(rng);
  const patches = valueNoise(rng, size, size, 18);
  const threshold = rng.uniform(0.45, 0.6);
  for (let i = 0; i < n; i++) paint(i, patches[i] > threshold ? vegetationMaterial : groundMaterial, patches[i] > threshold ? POTSDAM_ID.lowVegetation : POTSDAM_ID.impervious);

  // Straight roads (impervious) across the scene.
  const roads = Math.max(rng.bernoulli(0.6) ? 1 : 0, Math.round((size / 48) * rng.uniform(0.3, 1.0)));
  for (let r = 0; r < roads; r++) {
    const material = drawMaterial(rng);
    const px = rng.uniform(0, size);
    const py = rng.uniform(0, size);
    const a = rng.uniform(0, Math.PI);
    const nx = -Math.sin(a);
    const ny = Math.cos(a);
    const half = rng.uniform(2, 3.5);
    for (let y = 0; y < size; y++) {
      for (let x = 0; x < size; x++) if (Math.abs((x + 0.5 - px) * nx + (y + 0.5 - py) * ny) <= half) paint(y * size + x, material, POTSDAM_ID.impervious);
    }
  }

  // Ground elevation: absolute metres, gentle relief.
  const relief = valueNoise(rng, size, size, Math.max(16, size));
  const base = rng.uniform(28, 40);
  for (let i = 0; i < n; i++) height[i] = base + 2 * relief[i];

  type Kind = 'building' | 'tree' | 'car' | 'clutter';
  const kinds: Kind[] = [];
  const add = (kind: Kind, per48: number) => {
    const c = Math.round(scaledCount(per48, size));
    for (let k = 0; k < c; k++) kinds.push(kind);
  };
  add('building', rng.uniform(1.3, 2.3));
  add('tree', rng.uniform(1.2, 2.2));
  add('car', rng.uniform(2.5, 4));
  add('clutter', rng.uniform(2.5, 4));
  // Largest first, so rejection sampling does not starve the big classes; cars and clutter mixed.
  const small = rng.shuffle(kinds.filter((k) => k === 'car' || k === 'clutter'));
  kinds.splice(kinds.length - small.length, small.length, ...small);
  const radiusOf = (k: Kind) => (k === 'building' ? rng.uniform(7, 11) : k === 'tree' ? rng.uniform(6, 9) : rng.uniform(4.5, 6));
  const spots: Array<{ cx: number; cy: number; r: number; kind: Kind }> = [];
  for (const kind of kinds) {
    for (let t = 0; t < 40; t++) {
      const r = radiusOf(kind);
      const cx = rng.uniform(0, size);
      const cy = rng.uniform(0, size);
      if (spots.every((o) => (o.cx - cx) ** 2 + (o.cy - cy) ** 2 >= (o.r + r + 1) ** 2)) {
        spots.push({ cx, cy, r, kind });
        break;
      }
    }
  }
  for (const spot of spots) {
    const kind = spot.kind;
    const material = drawMaterial(rng);
    const raised = kind === 'building' || kind === 'tree';
    const lift = raised ? rng.uniform(6, 15) : rng.uniform(1, 2.5);
    const classId = POTSDAM_ID[kind];
    const visit = (i: number) => {
      paint(i, material, classId);
      height[i] = base + 2 * relief[i] + lift;
    };
    const angle = rng.uniform(0, 2 * Math.PI);
    if (kind === 'tree') {
      // A cluster of 1-3 round crowns.
      const crowns = 1 + rng.int(3);
      for (let c = 0; c < crowns; c++) {
        const r = spot.r * rng.uniform(0.55, 0.8);
        const off = c === 0 ? 0 : spot.r - r;
        const a = rng.uniform(0, 2 * Math.PI);
        rasterizeShape({ shape: 0, cx: spot.cx + off * Math.cos(a), cy: spot.cy + off * Math.sin(a), radius: r / 0.9, angle: 0, mirror: false }, size, size, visit);
      }
    } else if (kind === 'building') {
      rasterizeShape({ shape: rng.bernoulli(0.5) ? 1 : 6, cx: spot.cx, cy: spot.cy, radius: spot.r, angle, mirror: rng.bernoulli(0.5) }, size, size, visit);
    } else if (kind === 'car') {
      rasterizeShape({ shape: 7, cx: spot.cx, cy: spot.cy, radius: spot.r, angle, mirror: false }, size, size, visit);
    } else {
      const shape = CLUTTER_SHAPES[rng.int(CLUTTER_SHAPES.length)];
      rasterizeShape({ shape, cx: spot.cx, cy: spot.cy, radius: spot.r, angle, mirror: rng.bernoulli(0.5) }, size, size, visit);
    }
  }

  // Sensor look: multiplicative grain on spectra, small height noise.
  const grain = valueNoise(rng, size, size, 2);
  const data = new Float32Array(n * 5);
  const quantized = new Float32Array(n * 4);
  for (let i = 0; i < n; i++) {
    const g = 0.9 + 0.2 * grain[i];
    for (let k = 0; k < 4; k++) quantized[i * 4 + k] = spectra[i * 4 + k] * g + (rng.next() - 0.5) * 0.03;
  }
  quantize8(quantized);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < 4; k++) data[i * 5 + k] = quantized[i * 4 + k];
    data[i * 5 + 4] = Math.fround(height[i] + rng.uniform(-0.15, 0.15));
  }
  return {
    id,
    image: { height: size, width: size, bands: ['R', 'G', 'B', 'IR', 'DSM'], data },
    label: { height: size, width: size, data: label },
  };
}

/**
 * The "eroded boundary" variant of a label (ISPRS noBoundary): a one-pixel line along every class
 * edge becomes IGNORE_INDEX — a pixel is marked when its right or lower neighbour has another class.
 * (ISPRS erodes a few pixels at 5 cm; at SynthGeo's scale, where a car is ~5 px wide, a 1 px line is
 * the proportionate choice.)
 */
export function erodeBoundaries(label: LabelMap): LabelMap {
  const { height, width, data } = label;
  const out = new Uint8Array(data);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      if ((x + 1 < width && data[i + 1] !== data[i]) || (y + 1 < height && data[i + width] !== data[i])) out[i] = IGNORE_INDEX;
    }
  }
  return { height, width, data: out };
}
