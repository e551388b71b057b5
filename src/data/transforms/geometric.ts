import type { ImageHWC } from '../types';
import type { Rng } from '../../util/rng';
import { cropImage, cropLabel, resizeBox, warpImage, warpLabel } from './resample';
import { withPair, type Transform, type Transformable } from './types';

/**
 * Geometric transforms: image and label move together by construction (the same index mapping is
 * applied to both). Exact ones (flips, right-angle rotations, integer crops) copy values; the
 * resampling ones use bilinear for images, nearest for labels, IGNORE_INDEX (255) where the output
 * sees nothing of the source.
 */

/**
 * Exact remap for flips and right-angle rotations: output pixel (x, y) of an oh x ow grid takes
 * source pixel (sy0 + x*ayx + y*ayy, sx0 + x*axx + y*axy) — an integer affine map, no resampling.
 */
function remapExact<S extends Transformable>(s: S, oh: number, ow: number, m: { sx0: number; axx: number; axy: number; sy0: number; ayx: number; ayy: number }): S {
  const c = s.image.bands.length;
  const W = s.image.width;
  const src = s.image.data;
  const data = new Float32Array(oh * ow * c);
  const srcLabel = s.label?.data;
  const label = srcLabel ? new Uint8Array(oh * ow) : undefined;
  for (let y = 0; y < oh; y++) {
    let sx = m.sx0 + y * m.axy;
    let sy = m.sy0 + y * m.ayy;
    let o = y * ow;
    for (let x = 0; x < ow; x++, o++, sx += m.axx, sy += m.ayx) {
      const i = sy * W + sx;
      if (c === 1) data[o] = src[i];
      else for (let k = 0, oi = o * c, si = i * c; k < c; k++) data[oi + k] = src[si + k];
      if (label) label[o] = (srcLabel as Uint8Array)[i];
    }
  }
  const image: ImageHWC = { height: oh, width: ow, bands: [...s.image.bands], data };
  return withPair(s, image, label ? { height: oh, width: ow, data: label } : undefined);
}

/** Mirror left-right. */
export function flipHorizontal<S extends Transformable>(s: S): S {
  const { height: h, width: w } = s.image;
  return remapExact(s, h, w, { sx0: w - 1, axx: -1, axy: 0, sy0: 0, ayx: 0, ayy: 1 });
}

/** Mirror top-bottom. */
export function flipVertical<S extends Transformable>(s: S): S {
  const { height: h, width: w } = s.image;
  return remapExact(s, h, w, { sx0: 0, axx: 1, axy: 0, sy0: h - 1, ayx: 0, ayy: -1 });
}

/** Rotates by k x 90 degrees counter-clockwise (as seen on screen). */
export function rotate90<S extends Transformable>(s: S, k: number): S {
  const { height: h, width: w } = s.image;
  const q = ((k % 4) + 4) % 4;
  if (q === 0) return remapExact(s, h, w, { sx0: 0, axx: 1, axy: 0, sy0: 0, ayx: 0, ayy: 1 });
  if (q === 2) return remapExact(s, h, w, { sx0: w - 1, axx: -1, axy: 0, sy0: h - 1, ayx: 0, ayy: -1 });
  // 90 CCW: output is w x h; output (x, y) comes from source (w-1-y, x).
  if (q === 1) return remapExact(s, w, h, { sx0: w - 1, axx: 0, axy: -1, sy0: 0, ayx: 1, ayy: 0 });
  // 270 CCW: output (x, y) comes from source (y, h-1-x).
  return remapExact(s, w, h, { sx0: 0, axx: 0, axy: 1, sy0: h - 1, ayx: -1, ayy: 0 });
}

/** Random horizontal/vertical flips, each with its probability. */
export function randomFlip(options: { horizontal?: number; vertical?: number } = {}): Transform {
  const ph = options.horizontal ?? 0.5;
  const pv = options.vertical ?? 0;
  return <S extends Transformable>(s: S, rng: Rng): S => {
    let out = rng.next() < ph ? flipHorizontal(s) : s;
    out = rng.next() < pv ? flipVertical(out) : out;
    return out;
  };
}

/** A uniformly random multiple of 90 degrees. */
export function randomRotate90(): Transform {
  return <S extends Transformable>(s: S, rng: Rng): S => rotate90(s, rng.int(4));
}

/**
 * Rotates by `degrees` counter-clockwise about the image centre, keeping the frame: bilinear image
 * (uncovered pixels = `fill`), nearest label (uncovered = IGNORE_INDEX).
 */
export function rotateBy<S extends Transformable>(s: S, degrees: number, fill = 0): S {
  const { height: h, width: w } = s.image;
  const a = (degrees * Math.PI) / 180;
  const cos = Math.cos(a);
  const sin = Math.sin(a);
  const cx = w / 2;
  const cy = h / 2;
  // Screen CCW rotation with y down: source = R(+a) applied to the output offset.
  const map = (x: number, y: number, out: Float64Array) => {
    const dx = x - cx;
    const dy = y - cy;
    out[0] = cx + dx * cos - dy * sin;
    out[1] = cy + dx * sin + dy * cos;
  };
  const image = warpImage(s.image, h, w, map, fill);
  return withPair(s, image, s.label ? warpLabel(s.label, h, w, map) : undefined);
}

/** Rotation by an angle drawn uniformly from [-maxDegrees, maxDegrees] (180 = any angle). */
export function randomRotate(options: { maxDegrees?: number; fill?: number } = {}): Transform {
  const max = options.maxDegrees ?? 180;
  return <S extends Transformable>(s: S, rng: Rng): S => rotateBy(s, rng.uniform(-max, max), options.fill ?? 0);
}

/** Crops a fixed window (padding with 0 / IGNORE_INDEX where it leaves the image). */
export function cropWindow<S extends Transformable>(s: S, y0: number, x0: number, h: number, w: number, fill = 0): S {
  return withPair(s, cropImage(s.image, y0, x0, h, w, fill), s.label ? cropLabel(s.label, y0, x0, h, w) : undefined);
}

/** Random crop of size x size (or [h, w]); smaller images are padded (0 / IGNORE_INDEX) first. */
export function randomCrop(options: { size: number | [number, number]; fill?: number }): Transform {
  const [h, w] = typeof options.size === 'number' ? [options.size, options.size] : options.size;
  return <S extends Transformable>(s: S, rng: Rng): S => {
    const y0 = s.image.height > h ? rng.int(s.image.height - h + 1) : -Math.floor((h - s.image.height) / 2);
    const x0 = s.image.width > w ? rng.int(s.image.width - w + 1) : -Math.floor((w - s.image.width) / 2);
    return cropWindow(s, y0, x0, h, w, options.fill ?? 0);
  };
}

/** Resizes to h x w (bilinear image, nearest label). */
export function resizeTo<S extends Transformable>(s: S, h: number, w: number): S {
  const r = resizeBox(s.image, s.label, { y0: 0, x0: 0, h: s.image.height, w: s.image.width }, h, w);
  return withPair(s, r.image, r.label);
}

/** Scales both sides by a factor drawn from [min, max] (output size changes; follow with randomCrop). */
export function scaleJitter(options: { min: number; max: number }): Transform {
  return <S extends Transformable>(s: S, rng: Rng): S => {
    const f = rng.uniform(options.min, options.max);
    return resizeTo(s, Math.max(1, Math.round(s.image.height * f)), Math.max(1, Math.round(s.image.width * f)));
  };
}

/**
 * Random resized crop (Inception-style): a box of random area fraction in `scale` and aspect ratio
 * (w/h, log-uniform) in `ratio`, resized to `size`; falls back to the whole image after 10 tries.
 */
export function randomResizedCrop(options: { size: number | [number, number]; scale?: [number, number]; ratio?: [number, number] }): Transform {
  const [oh, ow] = typeof options.size === 'number' ? [options.size, options.size] : options.size;
  const [smin, smax] = options.scale ?? [0.08, 1];
  const [rmin, rmax] = options.ratio ?? [3 / 4, 4 / 3];
  return <S extends Transformable>(s: S, rng: Rng): S => {
    const { height: H, width: W } = s.image;
    let box = { y0: 0, x0: 0, h: H, w: W };
    for (let t = 0; t < 10; t++) {
      const area = H * W * rng.uniform(smin, smax);
      const ratio = Math.exp(rng.uniform(Math.log(rmin), Math.log(rmax)));
      const w = Math.round(Math.sqrt(area * ratio));
      const h = Math.round(Math.sqrt(area / ratio));
      if (w >= 1 && h >= 1 && w <= W && h <= H) {
        box = { y0: rng.int(H - h + 1), x0: rng.int(W - w + 1), h, w };
        break;
      }
    }
    const r = resizeBox(s.image, s.label, box, oh, ow);
    return withPair(s, r.image, r.label);
  };
}
