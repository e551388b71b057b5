/**
 * Student's t distribution: the quantile used for a paired t confidence interval. With the 2–5
 * paired seeds a CPU suite affords, a percentile bootstrap interval cannot be wider than the spread
 * of the differences themselves and understates uncertainty; the t interval does not.
 */

/** log Γ(x) for x > 0 (Lanczos approximation, g = 7, 9 terms). */
export function logGamma(x: number): number {
  const c = [0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7];
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const z = x - 1;
  let a = c[0];
  const t = z + 7.5;
  for (let i = 1; i < 9; i++) a += c[i] / (z + i);
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

/** Density of Student's t with `df` degrees of freedom. */
export function tDensity(x: number, df: number): number {
  const logC = logGamma((df + 1) / 2) - logGamma(df / 2) - 0.5 * Math.log(df * Math.PI);
  return Math.exp(logC - ((df + 1) / 2) * Math.log1p((x * x) / df));
}

/** P(T ≤ x), by Simpson integration of the density from 0 (accurate to ~1e-9 for |x| ≤ 1e3). */
export function tCdf(x: number, df: number): number {
  if (x === 0) return 0.5;
  const a = Math.abs(x);
  // Substitute x = tan(θ) so heavy tails integrate over a finite interval.
  const upper = Math.atan(a);
  const n = 2000;
  const h = upper / n;
  let s = 0;
  for (let i = 0; i <= n; i++) {
    const th = i * h;
    const v = tDensity(Math.tan(th), df) / (Math.cos(th) * Math.cos(th));
    s += (i === 0 || i === n ? 1 : i % 2 === 1 ? 4 : 2) * v;
  }
  const half = (s * h) / 3;
  return x > 0 ? 0.5 + half : 0.5 - half;
}

/** The q-quantile of Student's t (0 < q < 1), by bisection on the CDF. */
export function tQuantile(q: number, df: number): number {
  if (!(q > 0 && q < 1)) throw new Error(`quantile level must be in (0, 1), got ${q}`);
  if (q === 0.5) return 0;
  const target = q > 0.5 ? q : 1 - q;
  let lo = 0;
  let hi = 1;
  while (tCdf(hi, df) < target) hi *= 2;
  for (let i = 0; i < 60; i++) {
    const mid = (lo + hi) / 2;
    if (tCdf(mid, df) < target) lo = mid;
    else hi = mid;
  }
  const v = (lo + hi) / 2;
  return q > 0.5 ? v : -v;
}

/** Two-sided t confidence interval of the mean of `values` at `level`; NaN bounds when n < 2. */
export function tInterval(values: readonly number[], level = 0.95): { mean: number; low: number; high: number } {
  const n = values.length;
  const mean = n > 0 ? values.reduce((a, b) => a + b, 0) / n : NaN;
  if (n < 2) return { mean, low: NaN, high: NaN };
  const sd = Math.sqrt(values.reduce((a, v) => a + (v - mean) ** 2, 0) / (n - 1));
  const half = tQuantile(0.5 + level / 2, n - 1) * (sd / Math.sqrt(n));
  return { mean, low: mean - half, high: mean + half };
}
