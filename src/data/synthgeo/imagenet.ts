import type { ClsSample } from '../types';
import type { Rng } from '../../util/rng';
import { SHAPES, rasterizeShape } from './shapes';
import { hsvToRgb, quantize8, valueNoise } from './raster';
import { STREAM, sampleRng, type Split } from './seed';

/**
 * SynthGeo's stand-in for ImageNet: object-centric, ground-level-like RGB images of K = 10 classes.
 * Shape carries class identity; in addition, each of three appearance cues is class-specific with
 * probability `cueProbability` (0.8), independently: object hue, object texture (stripe frequency
 * and orientation) and background hue — the planted shortcut of docs/synthgeo-notes. Objects are
 * upright (small tilt), mirrored at random, lit from the top, one per image, centred. The
 * "shape-only" variant draws every cue at random (cueProbability 0): the diagnostic set.
 */
export const NUM_CLASSES = SHAPES.length;
export const CLASS_NAMES: readonly string[] = SHAPES;

/** Class-specific object hue (fraction of the hue circle). */
export const CLASS_OBJECT_HUE: readonly number[] = SHAPES.map((_, k) => (k / NUM_CLASSES + 0.03) % 1);
/** Class-specific background hue: a different permutation of the circle. */
export const CLASS_BACKGROUND_HUE: readonly number[] = SHAPES.map((_, k) => (((k * 3 + 5) % NUM_CLASSES) / NUM_CLASSES + 0.06) % 1);
/** Class-specific stripes: frequency in cycles per 32 pixels, orientation in radians. */
export const CLASS_STRIPE_FREQUENCY: readonly number[] = SHAPES.map((_, k) => (k < 5 ? 4.5 : 8.5));
export const CLASS_STRIPE_ORIENTATION: readonly number[] = SHAPES.map((_, k) => ((k % 5) * Math.PI) / 5);

export interface CueFlags {
  /** True when the object hue was the class's hue. */
  objectHue: boolean;
  /** True when the stripes had the class's frequency and orientation. */
  texture: boolean;
  /** True when the background hue was the class's background hue. */
  backgroundHue: boolean;
}

/** What was drawn, for diagnostics and tests. */
export interface ClsRender {
  sample: ClsSample;
  cues: CueFlags;
  objectHue: number;
  backgroundHue: number;
  stripeFrequency: number;
  stripeOrientation: number;
  /** 1 where the object is (height x width). */
  objectMask: Uint8Array;
}

export interface SynthImageNetOptions {
  seed: number;
  /** Image side in pixels (default 32). */
  size?: number;
  /** Probability that each cue is class-specific (default 0.8). */
  cueProbability?: number;
}

export type ClsVariant = 'standard' | 'shape-only';

/** The classification set: any sample on demand, deterministic by (seed, split, variant, index). */
export class SynthImageNet {
  readonly seed: number;
  readonly size: number;
  readonly cueProbability: number;
  readonly numClasses = NUM_CLASSES;
  readonly classNames = CLASS_NAMES;
  readonly bands = ['R', 'G', 'B'];

  constructor(options: SynthImageNetOptions) {
    this.seed = options.seed;
    this.size = options.size ?? 32;
    this.cueProbability = options.cueProbability ?? 0.8;
    if (!(this.size >= 8)) throw new Error(`SynthImageNet: size must be at least 8, got ${this.size}`);
  }

  /** Sample `index` of a split; classes cycle 0..K-1 so every split is balanced. */
  render(split: Split, index: number, variant: ClsVariant = 'standard'): ClsRender {
    const stream = variant === 'shape-only' ? STREAM.shapeOnly * 16 + STREAM[split] : STREAM[split];
    const rng = sampleRng(this.seed, stream, index);
    const classId = index % NUM_CLASSES;
    const p = variant === 'shape-only' ? 0 : this.cueProbability;
    const id = `${variant === 'shape-only' ? 'shapeonly' : split}_${String(index).padStart(6, '0')}`;
    return renderClassImage(rng, classId, this.size, p, id);
  }

  sample(split: Split, index: number, variant: ClsVariant = 'standard'): ClsSample {
    return this.render(split, index, variant).sample;
  }
}

/** Draws one image of class `classId`. */
export function renderClassImage(rng: Rng, classId: number, size: number, cueProbability: number, id: string): ClsRender {
  const cues: CueFlags = {
    objectHue: rng.bernoulli(cueProbability),
    texture: rng.bernoulli(cueProbability),
    backgroundHue: rng.bernoulli(cueProbability),
  };
  const objectHue = cues.objectHue ? CLASS_OBJECT_HUE[classId] + rng.uniform(-0.015, 0.015) : rng.next();
  const backgroundHue = cues.backgroundHue ? CLASS_BACKGROUND_HUE[classId] + rng.uniform(-0.015, 0.015) : rng.next();
  const stripeFrequency = (cues.texture ? CLASS_STRIPE_FREQUENCY[classId] : rng.uniform(3, 10)) / 32;
  const stripeOrientation = cues.texture ? CLASS_STRIPE_ORIENTATION[classId] : rng.uniform(0, Math.PI);
  const stripePhase = rng.uniform(0, 2 * Math.PI);
  const stripeDepth = rng.uniform(0.3, 0.45);

  // Value contrast between object and background so the silhouette is always visible.
  const backgroundValue = rng.uniform(0.35, 0.8);
  const darker = backgroundValue > 0.6 ? true : backgroundValue < 0.5 ? false : rng.bernoulli(0.5);
  const objectValue = darker ? backgroundValue - rng.uniform(0.25, 0.32) : Math.min(1, backgroundValue + rng.uniform(0.22, 0.32));
  const bg = hsvToRgb(backgroundHue, rng.uniform(0.35, 0.6), backgroundValue);
  const fg = hsvToRgb(objectHue, rng.uniform(0.65, 0.95), objectValue);

  const n = size * size;
  const data = new Float32Array(n * 3);
  const grain = valueNoise(rng, size, size, Math.max(2, size / 6));
  for (let y = 0; y < size; y++) {
    const light = 1.12 - (0.28 * y) / size; // lit from the top
    for (let x = 0; x < size; x++) {
      const i = y * size + x;
      const g = light * (0.92 + 0.16 * grain[i]);
      data[i * 3] = bg[0] * g;
      data[i * 3 + 1] = bg[1] * g;
      data[i * 3 + 2] = bg[2] * g;
    }
  }

  const objectMask = new Uint8Array(n);
  const cosT = Math.cos(stripeOrientation);
  const sinT = Math.sin(stripeOrientation);
  const twoPiF = 2 * Math.PI * stripeFrequency;
  rasterizeShape(
    {
      shape: classId,
      cx: size / 2 + rng.uniform(-0.05, 0.05) * size,
      cy: size / 2 + rng.uniform(-0.05, 0.05) * size,
      radius: size * rng.uniform(0.3, 0.38),
      angle: rng.uniform(-0.17, 0.17),
      mirror: rng.bernoulli(0.5),
    },
    size,
    size,
    (i, _u, v) => {
      objectMask[i] = 1;
      const x = i % size;
      const y = (i - x) / size;
      const stripe = 0.5 + 0.5 * Math.sin(twoPiF * (x * cosT + y * sinT) + stripePhase);
      const shade = (1.1 - 0.2 * (v + 1) / 2) * (1.1 - (0.2 * y) / size) * (1 - stripeDepth * stripe);
      data[i * 3] = fg[0] * shade;
      data[i * 3 + 1] = fg[1] * shade;
      data[i * 3 + 2] = fg[2] * shade;
    },
  );
  for (let i = 0; i < data.length; i++) data[i] += (rng.next() - 0.5) * 0.04;
  quantize8(data);
  return {
    sample: { id, image: { height: size, width: size, bands: ['R', 'G', 'B'], data }, classId },
    cues,
    objectHue: ((objectHue % 1) + 1) % 1,
    backgroundHue: ((backgroundHue % 1) + 1) % 1,
    stripeFrequency,
    stripeOrientation,
    objectMask,
  };
}
