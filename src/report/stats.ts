/**
 * Multi-seed statistics of the results table: mean, standard deviation and count per group, and the
 * paired difference of two strategies over seeds with a seeded percentile-bootstrap confidence
 * interval and a paired Student-t interval. A difference is called significant only when there are
 * at least two pairs and BOTH intervals exclude zero on the same side: with the 2–5 seeds a CPU suite
 * affords, the percentile bootstrap alone cannot be wider than the spread of the differences and
 * would call too much significant; the t interval widens with few seeds as it should.
 *
 * Groups are (experiment, dataset, modality, strategy, metric, class): within one experiment and
 * one dataset/modality this is the (dataset, strategy, metric) grouping. Non-finite values (NaN for
 * classes absent from a run) are left out and not counted in n.
 */
import { Rng } from '../util/rng';
import { tInterval } from './student_t';
import type { ResultRow } from './results';

export interface Aggregate {
  experiment: string;
  dataset: string;
  modality: string;
  strategy: string;
  metric: string;
  class: string;
  mean: number;
  /** Sample standard deviation (n - 1); NaN when n < 2. */
  std: number;
  n: number;
  seeds: number[];
}

const groupKey = (r: Pick<ResultRow, 'experiment' | 'dataset' | 'modality' | 'metric' | 'class'>): string =>
  JSON.stringify([r.experiment, r.dataset, r.modality, r.metric, r.class]);

export function mean(values: readonly number[]): number {
  return values.length === 0 ? NaN : values.reduce((a, b) => a + b, 0) / values.length;
}

export function sampleStd(values: readonly number[]): number {
  if (values.length < 2) return NaN;
  const m = mean(values);
  return Math.sqrt(values.reduce((a, v) => a + (v - m) * (v - m), 0) / (values.length - 1));
}

/** Mean, std and n per (experiment, dataset, modality, strategy, metric, class), in first-seen order. */
export function aggregate(rows: readonly ResultRow[]): Aggregate[] {
  const groups = new Map<string, { row: ResultRow; values: number[]; seeds: number[] }>();
  for (const r of rows) {
    const key = JSON.stringify([groupKey(r), r.strategy]);
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { row: r, values: [], seeds: [] }));
    if (Number.isFinite(r.value)) {
      g.values.push(r.value);
      g.seeds.push(r.seed);
    }
  }
  return [...groups.values()].map(({ row, values, seeds }) => ({
    experiment: row.experiment,
    dataset: row.dataset,
    modality: row.modality,
    strategy: row.strategy,
    metric: row.metric,
    class: row.class,
    mean: mean(values),
    std: sampleStd(values),
    n: values.length,
    seeds,
  }));
}

export interface BootstrapOptions {
  resamples?: number;
  /** Confidence level (default 0.95). */
  level?: number;
  seed?: number;
}

export interface BootstrapInterval {
  mean: number;
  low: number;
  high: number;
}

/** Percentile bootstrap CI of the mean of `values` (seeded; resamples with replacement). */
export function bootstrapMeanCI(values: readonly number[], options: BootstrapOptions = {}): BootstrapInterval {
  const n = values.length;
  const m = mean(values);
  if (n < 2) return { mean: m, low: NaN, high: NaN };
  const B = options.resamples ?? 10000;
  const level = options.level ?? 0.95;
  const rng = new Rng(options.seed ?? 0);
  const means = new Float64Array(B);
  for (let b = 0; b < B; b++) {
    let s = 0;
    for (let i = 0; i < n; i++) s += values[rng.int(n)];
    means[b] = s / n;
  }
  means.sort();
  const alpha = (1 - level) / 2;
  return { mean: m, low: quantileSorted(means, alpha), high: quantileSorted(means, 1 - alpha) };
}

/** Linear-interpolated quantile of sorted values. */
export function quantileSorted(sorted: Float64Array | readonly number[], q: number): number {
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

export interface PairedDifference {
  experiment: string;
  dataset: string;
  modality: string;
  metric: string;
  class: string;
  treatment: string;
  baseline: string;
  /** Seeds present (with a finite value) for both strategies. */
  seeds: number[];
  /** treatment - baseline per paired seed. */
  differences: number[];
  n: number;
  meanDifference: number;
  ciLow: number;
  ciHigh: number;
  /** Paired Student-t interval at the same level (NaN when n < 2). */
  tLow: number;
  tHigh: number;
  level: number;
  significant: boolean;
  /** Seeds with several rows for one strategy (their values were averaged). */
  duplicateSeeds: number[];
}

/**
 * Paired differences treatment - baseline by seed, per (experiment, dataset, modality, metric, class)
 * where both strategies have rows. Several rows for one seed and strategy are averaged (and listed).
 */
export function pairedDifferences(rows: readonly ResultRow[], treatment: string, baseline: string, options: BootstrapOptions = {}): PairedDifference[] {
  const level = options.level ?? 0.95;
  const byGroup = new Map<string, { row: ResultRow; t: Map<number, number[]>; b: Map<number, number[]> }>();
  for (const r of rows) {
    if (r.strategy !== treatment && r.strategy !== baseline) continue;
    if (!Number.isFinite(r.value)) continue;
    const key = groupKey(r);
    let g = byGroup.get(key);
    if (!g) byGroup.set(key, (g = { row: r, t: new Map(), b: new Map() }));
    const side = r.strategy === treatment ? g.t : g.b;
    const list = side.get(r.seed) ?? [];
    list.push(r.value);
    side.set(r.seed, list);
  }
  const out: PairedDifference[] = [];
  for (const { row, t, b } of byGroup.values()) {
    const seeds = [...t.keys()].filter((s) => b.has(s)).sort((x, y) => x - y);
    if (seeds.length === 0) continue;
    const duplicateSeeds = seeds.filter((s) => t.get(s)!.length > 1 || b.get(s)!.length > 1);
    const differences = seeds.map((s) => mean(t.get(s)!) - mean(b.get(s)!));
    const ci = bootstrapMeanCI(differences, options);
    const tci = tInterval(differences, level);
    const above = ci.low > 0 && tci.low > 0;
    const below = ci.high < 0 && tci.high < 0;
    out.push({
      experiment: row.experiment,
      dataset: row.dataset,
      modality: row.modality,
      metric: row.metric,
      class: row.class,
      treatment,
      baseline,
      seeds,
      differences,
      n: seeds.length,
      meanDifference: ci.mean,
      ciLow: ci.low,
      ciHigh: ci.high,
      tLow: tci.low,
      tHigh: tci.high,
      level,
      significant: seeds.length >= 2 && (above || below),
      duplicateSeeds,
    });
  }
  return out;
}
