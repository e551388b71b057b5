import type { ImageHWC, LabelMap } from '../types';
import type { Rng } from '../../util/rng';

/**
 * A transform takes a sample holding an image (and, for segmentation, a label of the same size) and
 * returns a new one; any other fields (id, classId) are carried over. Geometric transforms move
 * image and label together; photometric ones touch the image only. Randomness comes only from the
 * Rng passed in, so a seeded stream reproduces the same augmentation.
 */
export interface Transformable {
  image: ImageHWC;
  label?: LabelMap;
}

export type Transform = <S extends Transformable>(sample: S, rng: Rng) => S;

/** A copy of `sample` with a new image and (when it had one) a new label. */
export function withPair<S extends Transformable>(sample: S, image: ImageHWC, label: LabelMap | undefined): S {
  return label === undefined ? { ...sample, image } : { ...sample, image, label };
}

/** Applies transforms in order, all drawing from the same Rng. */
export function compose(...transforms: Transform[]): Transform {
  return <S extends Transformable>(sample: S, rng: Rng): S => {
    let s = sample;
    for (const t of transforms) s = t(s, rng);
    return s;
  };
}

/** Applies `transform` with probability `p` (one random draw either way, so streams stay aligned). */
export function maybe(p: number, transform: Transform): Transform {
  return <S extends Transformable>(sample: S, rng: Rng): S => (rng.next() < p ? transform(sample, rng) : sample);
}

/** Checks that image and label agree in size. */
export function checkPair(sample: Transformable): void {
  const { image, label } = sample;
  if (image.data.length !== image.height * image.width * image.bands.length) {
    throw new Error(`image data has ${image.data.length} values for ${image.height}x${image.width}x${image.bands.length}`);
  }
  if (label && (label.height !== image.height || label.width !== image.width)) {
    throw new Error(`label ${label.height}x${label.width} does not match image ${image.height}x${image.width}`);
  }
}
