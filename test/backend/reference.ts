// Direct-loop reference gradients (float64 sums), independent of tfjs, for the cases no tfjs
// backend can check (dilations: the cpu kernels of tfjs ignore them in their backprop loops).

export interface RefGeometry {
  n: number;
  h: number;
  w: number;
  c: number;
  oh: number;
  ow: number;
  kh: number;
  kw: number;
  sh: number;
  sw: number;
  dh: number;
  dw: number;
  top: number;
  left: number;
}

function xIndex(g: RefGeometry, b: number, i: number, j: number, ch: number): number {
  return ((b * g.h + i) * g.w + j) * g.c + ch;
}

/** Calls f(b, y, x, ky, kx, iy, ix) for every output pixel and tap that reads inside the image. */
function forEachTap(g: RefGeometry, f: (b: number, y: number, x: number, ky: number, kx: number, iy: number, ix: number) => void): void {
  for (let b = 0; b < g.n; b++)
    for (let y = 0; y < g.oh; y++)
      for (let x = 0; x < g.ow; x++)
        for (let ky = 0; ky < g.kh; ky++)
          for (let kx = 0; kx < g.kw; kx++) {
            const iy = y * g.sh + ky * g.dh - g.top;
            const ix = x * g.sw + kx * g.dw - g.left;
            if (iy >= 0 && iy < g.h && ix >= 0 && ix < g.w) f(b, y, x, ky, kx, iy, ix);
          }
}

/** dW [kh, kw, c, co] of a conv2d (NHWC). */
export function convFilterGrad(x: Float32Array, dy: Float32Array, g: RefGeometry, co: number): Float64Array {
  const out = new Float64Array(g.kh * g.kw * g.c * co);
  forEachTap(g, (b, y, xx, ky, kx, iy, ix) => {
    const dyBase = ((b * g.oh + y) * g.ow + xx) * co;
    for (let ci = 0; ci < g.c; ci++) {
      const xv = x[xIndex(g, b, iy, ix, ci)];
      const wBase = ((ky * g.kw + kx) * g.c + ci) * co;
      for (let o = 0; o < co; o++) out[wBase + o] += xv * dy[dyBase + o];
    }
  });
  return out;
}

/** dW [kh, kw, c, mult] of a depthwise conv2d (NHWC, output channel = c * mult + m). */
export function depthwiseFilterGrad(x: Float32Array, dy: Float32Array, g: RefGeometry, mult: number): Float64Array {
  const out = new Float64Array(g.kh * g.kw * g.c * mult);
  forEachTap(g, (b, y, xx, ky, kx, iy, ix) => {
    const dyBase = ((b * g.oh + y) * g.ow + xx) * g.c * mult;
    for (let ci = 0; ci < g.c; ci++) {
      const xv = x[xIndex(g, b, iy, ix, ci)];
      for (let m = 0; m < mult; m++) out[((ky * g.kw + kx) * g.c + ci) * mult + m] += xv * dy[dyBase + ci * mult + m];
    }
  });
  return out;
}

/** dx [n, h, w, c] of a depthwise conv2d. */
export function depthwiseInputGrad(filter: Float32Array, dy: Float32Array, g: RefGeometry, mult: number): Float64Array {
  const out = new Float64Array(g.n * g.h * g.w * g.c);
  forEachTap(g, (b, y, xx, ky, kx, iy, ix) => {
    const dyBase = ((b * g.oh + y) * g.ow + xx) * g.c * mult;
    for (let ci = 0; ci < g.c; ci++) {
      let s = 0;
      for (let m = 0; m < mult; m++) s += filter[((ky * g.kw + kx) * g.c + ci) * mult + m] * dy[dyBase + ci * mult + m];
      out[xIndex(g, b, iy, ix, ci)] += s;
    }
  });
  return out;
}
