import type { Rng } from '../../util/rng';

/** Small pixel tools shared by the SynthGeo generators (all values in [0, 1] until quantised). */

/** HSV (all in [0, 1], hue wraps) to RGB in [0, 1]. */
export function hsvToRgb(h: number, s: number, v: number): [number, number, number] {
  const hh = ((h % 1) + 1) % 1 * 6;
  const i = Math.floor(hh);
  const f = hh - i;
  const p = v * (1 - s);
  const q = v * (1 - s * f);
  const t = v * (1 - s * (1 - f));
  switch (i) {
    case 0: return [v, t, p];
    case 1: return [q, v, p];
    case 2: return [p, v, t];
    case 3: return [p, q, v];
    case 4: return [t, p, v];
    default: return [v, p, q];
  }
}

/** RGB in [0, 1] to hue in [0, 1) (0 for greys). */
export function rgbToHue(r: number, g: number, b: number): number {
  const max = Math.max(r, g, b);
  const min = Math.min(r, g, b);
  const d = max - min;
  if (d <= 1e-9) return 0;
  let h: number;
  if (max === r) h = ((g - b) / d) % 6;
  else if (max === g) h = (b - r) / d + 2;
  else h = (r - g) / d + 4;
  h /= 6;
  return h < 0 ? h + 1 : h;
}

/** Circular distance between two hues in [0, 1). */
export function hueDistance(a: number, b: number): number {
  const d = Math.abs(a - b) % 1;
  return Math.min(d, 1 - d);
}

/**
 * Smooth random field in [0, 1]: random values on a grid of `cell` pixels, interpolated with a
 * smoothstep. Cheap (one random number per grid node) and seedable.
 */
export function valueNoise(rng: Rng, height: number, width: number, cell: number): Float32Array {
  const gh = Math.ceil(height / cell) + 2;
  const gw = Math.ceil(width / cell) + 2;
  const grid = new Float32Array(gh * gw);
  for (let i = 0; i < grid.length; i++) grid[i] = rng.next();
  const ox = rng.next() * cell;
  const oy = rng.next() * cell;
  const out = new Float32Array(height * width);
  for (let y = 0; y < height; y++) {
    const fy = (y + oy) / cell;
    const iy = Math.floor(fy);
    let ty = fy - iy;
    ty = ty * ty * (3 - 2 * ty);
    for (let x = 0; x < width; x++) {
      const fx = (x + ox) / cell;
      const ix = Math.floor(fx);
      let tx = fx - ix;
      tx = tx * tx * (3 - 2 * tx);
      const a = grid[iy * gw + ix];
      const b = grid[iy * gw + ix + 1];
      const c = grid[(iy + 1) * gw + ix];
      const d = grid[(iy + 1) * gw + ix + 1];
      out[y * width + x] = (a + (b - a) * tx) * (1 - ty) + (c + (d - c) * tx) * ty;
    }
  }
  return out;
}

/** In-place 3x3 box blur of one plane, `passes` times (two passes approximate a Gaussian). */
export function boxBlur(plane: Float32Array, height: number, width: number, passes = 1): void {
  const tmp = new Float32Array(plane.length);
  for (let pass = 0; pass < passes; pass++) {
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const xa = x > 0 ? x - 1 : x;
        const xb = x < width - 1 ? x + 1 : x;
        const r = y * width;
        tmp[r + x] = (plane[r + xa] + plane[r + x] + plane[r + xb]) / 3;
      }
    }
    for (let y = 0; y < height; y++) {
      const ya = (y > 0 ? y - 1 : y) * width;
      const yb = (y < height - 1 ? y + 1 : y) * width;
      const r = y * width;
      for (let x = 0; x < width; x++) plane[r + x] = (tmp[ya + x] + tmp[r + x] + tmp[yb + x]) / 3;
    }
  }
}

/** An irregular blob (distractor): inside test for a disc whose radius wobbles with angle. */
export function blobTest(rng: Rng, radius: number): (dx: number, dy: number) => boolean {
  const k1 = 2 + rng.int(3);
  const k2 = k1 + 1 + rng.int(3);
  const p1 = rng.next() * 2 * Math.PI;
  const p2 = rng.next() * 2 * Math.PI;
  const a1 = rng.uniform(0.15, 0.3);
  const a2 = rng.uniform(0.05, 0.15);
  return (dx, dy) => {
    const t = Math.atan2(dy, dx);
    const r = radius * (1 + a1 * Math.sin(k1 * t + p1) + a2 * Math.sin(k2 * t + p2));
    return dx * dx + dy * dy <= r * r;
  };
}

/** Calls visit(index) for the pixels of a blob centred at (cx, cy). */
export function rasterizeBlob(rng: Rng, cx: number, cy: number, radius: number, height: number, width: number, visit: (index: number) => void): void {
  const inside = blobTest(rng, radius);
  const reach = radius * 1.5;
  const x0 = Math.max(0, Math.floor(cx - reach));
  const x1 = Math.min(width - 1, Math.ceil(cx + reach));
  const y0 = Math.max(0, Math.floor(cy - reach));
  const y1 = Math.min(height - 1, Math.ceil(cy + reach));
  for (let y = y0; y <= y1; y++) {
    for (let x = x0; x <= x1; x++) if (inside(x + 0.5 - cx, y + 0.5 - cy)) visit(y * width + x);
  }
}

/** Rounds [0, 1] values to the 0..255 integers an 8-bit file would hold (kept as float32). */
export function quantize8(values: Float32Array): Float32Array {
  for (let i = 0; i < values.length; i++) {
    const v = Math.round(values[i] * 255);
    values[i] = v < 0 ? 0 : v > 255 ? 255 : v;
  }
  return values;
}

/** Places circles without overlap by rejection; returns the accepted centres. */
export function placeApart(
  count: number,
  radius: () => number,
  centre: (r: number) => [number, number],
  gap = 1,
  tries = 40,
): Array<{ cx: number; cy: number; r: number }> {
  const out: Array<{ cx: number; cy: number; r: number }> = [];
  for (let n = 0; n < count; n++) {
    for (let t = 0; t < tries; t++) {
      const r = radius();
      const [cx, cy] = centre(r);
      if (out.every((o) => (o.cx - cx) ** 2 + (o.cy - cy) ** 2 >= (o.r + r + gap) ** 2)) {
        out.push({ cx, cy, r });
        break;
      }
    }
  }
  return out;
}
