/**
 * A small discrete Fourier transform over typed arrays (the wasm backend has no FFT kernels).
 * Complex data as separate real/imaginary Float64Arrays. Power-of-two lengths use an iterative
 * radix-2 Cooley–Tukey transform; other lengths a direct O(n²) DFT (images here are small).
 * Forward: X_k = Σ_n x_n e^{−2πi kn/N}; inverse divides by N.
 */

function isPowerOfTwo(n: number): boolean {
  return n > 0 && (n & (n - 1)) === 0;
}

function radix2(re: Float64Array, im: Float64Array, inverse: boolean): void {
  const n = re.length;
  for (let i = 1, j = 0; i < n; i++) {
    let bit = n >> 1;
    for (; j & bit; bit >>= 1) j ^= bit;
    j ^= bit;
    if (i < j) {
      let t = re[i]; re[i] = re[j]; re[j] = t;
      t = im[i]; im[i] = im[j]; im[j] = t;
    }
  }
  const sign = inverse ? 1 : -1;
  for (let len = 2; len <= n; len <<= 1) {
    const ang = (sign * 2 * Math.PI) / len;
    const wr = Math.cos(ang);
    const wi = Math.sin(ang);
    const half = len >> 1;
    for (let start = 0; start < n; start += len) {
      let cr = 1;
      let ci = 0;
      for (let k = 0; k < half; k++) {
        const a = start + k;
        const b = a + half;
        const tr = re[b] * cr - im[b] * ci;
        const ti = re[b] * ci + im[b] * cr;
        re[b] = re[a] - tr;
        im[b] = im[a] - ti;
        re[a] += tr;
        im[a] += ti;
        const ncr = cr * wr - ci * wi;
        ci = cr * wi + ci * wr;
        cr = ncr;
      }
    }
  }
}

function directDft(re: Float64Array, im: Float64Array, inverse: boolean): void {
  const n = re.length;
  const outRe = new Float64Array(n);
  const outIm = new Float64Array(n);
  const sign = inverse ? 1 : -1;
  for (let k = 0; k < n; k++) {
    let sr = 0;
    let si = 0;
    for (let t = 0; t < n; t++) {
      const ang = (sign * 2 * Math.PI * ((k * t) % n)) / n;
      const c = Math.cos(ang);
      const s = Math.sin(ang);
      sr += re[t] * c - im[t] * s;
      si += re[t] * s + im[t] * c;
    }
    outRe[k] = sr;
    outIm[k] = si;
  }
  re.set(outRe);
  im.set(outIm);
}

/** In-place 1-D transform; the inverse includes the 1/N factor. */
export function fft1d(re: Float64Array, im: Float64Array, inverse = false): void {
  if (re.length !== im.length) throw new Error('fft1d: real and imaginary parts differ in length');
  const n = re.length;
  if (n <= 1) return;
  if (isPowerOfTwo(n)) radix2(re, im, inverse);
  else directDft(re, im, inverse);
  if (inverse) {
    for (let i = 0; i < n; i++) {
      re[i] /= n;
      im[i] /= n;
    }
  }
}

/** In-place 2-D transform of a row-major height×width complex array (rows, then columns). */
export function fft2d(re: Float64Array, im: Float64Array, height: number, width: number, inverse = false): void {
  if (re.length !== height * width || im.length !== height * width) throw new Error('fft2d: array length is not height·width');
  const rowRe = new Float64Array(width);
  const rowIm = new Float64Array(width);
  for (let y = 0; y < height; y++) {
    rowRe.set(re.subarray(y * width, (y + 1) * width));
    rowIm.set(im.subarray(y * width, (y + 1) * width));
    fft1d(rowRe, rowIm, inverse);
    re.set(rowRe, y * width);
    im.set(rowIm, y * width);
  }
  const colRe = new Float64Array(height);
  const colIm = new Float64Array(height);
  for (let x = 0; x < width; x++) {
    for (let y = 0; y < height; y++) {
      colRe[y] = re[y * width + x];
      colIm[y] = im[y * width + x];
    }
    fft1d(colRe, colIm, inverse);
    for (let y = 0; y < height; y++) {
      re[y * width + x] = colRe[y];
      im[y * width + x] = colIm[y];
    }
  }
}

/** The 2-D spectrum of one channel of an HWC image. */
export function channelSpectrum(image: Float32Array, height: number, width: number, channels: number, c: number): { re: Float64Array; im: Float64Array } {
  const re = new Float64Array(height * width);
  const im = new Float64Array(height * width);
  for (let p = 0; p < height * width; p++) re[p] = image[p * channels + c];
  fft2d(re, im, height, width);
  return { re, im };
}
