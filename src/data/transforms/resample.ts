import { IGNORE_INDEX, type ImageHWC, type LabelMap } from '../types';

/**
 * Pixel kernels behind the geometric transforms. Images resample bilinearly, labels by nearest
 * neighbour; both use pixel-centre coordinates (a pixel's centre is at integer + 0.5), so an image
 * and its label sampled through the same mapping stay aligned.
 */

/** Crops [y0, y0+h) x [x0, x0+w); parts outside the source become `fill` (image) / IGNORE_INDEX (label). */
export function cropImage(image: ImageHWC, y0: number, x0: number, h: number, w: number, fill = 0): ImageHWC {
  const c = image.bands.length;
  const out = new Float32Array(h * w * c).fill(fill);
  for (let y = 0; y < h; y++) {
    const sy = y0 + y;
    if (sy < 0 || sy >= image.height) continue;
    const xa = Math.max(0, -x0);
    const xb = Math.min(w, image.width - x0);
    if (xb <= xa) continue;
    out.set(image.data.subarray((sy * image.width + x0 + xa) * c, (sy * image.width + x0 + xb) * c), (y * w + xa) * c);
  }
  return { height: h, width: w, bands: [...image.bands], data: out };
}

export function cropLabel(label: LabelMap, y0: number, x0: number, h: number, w: number): LabelMap {
  const out = new Uint8Array(h * w).fill(IGNORE_INDEX);
  for (let y = 0; y < h; y++) {
    const sy = y0 + y;
    if (sy < 0 || sy >= label.height) continue;
    const xa = Math.max(0, -x0);
    const xb = Math.min(w, label.width - x0);
    if (xb <= xa) continue;
    out.set(label.data.subarray(sy * label.width + x0 + xa, sy * label.width + x0 + xb), y * w + xa);
  }
  return { height: h, width: w, data: out };
}

/**
 * Samples an image at source coordinates given per output pixel by `map(x, y) -> [sx, sy]` (pixel
 * units, centres at +0.5). Bilinear, edge-clamped; outside the source rectangle -> `fill`.
 */
export function warpImage(image: ImageHWC, h: number, w: number, map: (x: number, y: number, out: Float64Array) => void, fill = 0): ImageHWC {
  const c = image.bands.length;
  const { width: W, height: H, data } = image;
  const out = new Float32Array(h * w * c);
  const p = new Float64Array(2);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      map(x + 0.5, y + 0.5, p);
      const o = (y * w + x) * c;
      const sx = p[0];
      const sy = p[1];
      if (!(sx >= 0 && sx < W && sy >= 0 && sy < H)) {
        for (let k = 0; k < c; k++) out[o + k] = fill;
        continue;
      }
      const fx = Math.min(W - 1, Math.max(0, sx - 0.5));
      const fy = Math.min(H - 1, Math.max(0, sy - 0.5));
      const x0 = Math.floor(fx);
      const y0 = Math.floor(fy);
      const x1 = Math.min(W - 1, x0 + 1);
      const y1 = Math.min(H - 1, y0 + 1);
      const tx = fx - x0;
      const ty = fy - y0;
      const a = (y0 * W + x0) * c;
      const b = (y0 * W + x1) * c;
      const d = (y1 * W + x0) * c;
      const e = (y1 * W + x1) * c;
      for (let k = 0; k < c; k++) {
        const top = data[a + k] + (data[b + k] - data[a + k]) * tx;
        const bottom = data[d + k] + (data[e + k] - data[d + k]) * tx;
        out[o + k] = top + (bottom - top) * ty;
      }
    }
  }
  return { height: h, width: w, bands: [...image.bands], data: out };
}

/** Nearest-neighbour version for labels; outside the source -> IGNORE_INDEX. */
export function warpLabel(label: LabelMap, h: number, w: number, map: (x: number, y: number, out: Float64Array) => void): LabelMap {
  const { width: W, height: H, data } = label;
  const out = new Uint8Array(h * w);
  const p = new Float64Array(2);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      map(x + 0.5, y + 0.5, p);
      const sx = p[0];
      const sy = p[1];
      out[y * w + x] = sx >= 0 && sx < W && sy >= 0 && sy < H ? data[Math.floor(sy) * W + Math.floor(sx)] : IGNORE_INDEX;
    }
  }
  return { height: h, width: w, data: out };
}

/** Maps output pixel centres of an (h, w) grid onto a source box (y0, x0, bh, bw) by scaling. */
export function boxMap(y0: number, x0: number, bh: number, bw: number, h: number, w: number) {
  const sy = bh / h;
  const sx = bw / w;
  return (x: number, y: number, out: Float64Array) => {
    out[0] = x0 + x * sx;
    out[1] = y0 + y * sy;
  };
}

/** Resizes a crop box of an image (bilinear) and its label (nearest) to h x w. */
export function resizeBox(image: ImageHWC, label: LabelMap | undefined, box: { y0: number; x0: number; h: number; w: number }, h: number, w: number) {
  const map = boxMap(box.y0, box.x0, box.h, box.w, h, w);
  return { image: warpImage(image, h, w, map), label: label ? warpLabel(label, h, w, map) : undefined };
}
