/**
 * Vega-Lite specs built from the results tables: per-dataset comparison of strategies, per-class
 * scores, training curves from run logs, and paired differences (main comparison or ablation).
 * Every spec is a single (layered) view with `autosize: fit` so the rendered chart has exactly the
 * width and height of the spec. Fraction metrics are drawn in percent.
 */
import type { Aggregate, PairedDifference } from './stats';
import type { ResultRow } from './results';

export type VegaLiteSpec = Record<string, unknown> & { width: number; height: number };

export interface ChartSize {
  width?: number;
  height?: number;
  title?: string;
}

/** Metrics stored as fractions in [0, 1] (shown x 100). */
const FRACTION_METRICS = new Set(['mIoU', 'mF1', 'OA', 'mBF', 'mPrecision', 'mRecall', 'IoU', 'F1', 'BF', 'precision', 'recall', 'top1', 'top1ShapeOnly', 'top1Reversed', 'top5', 'accuracy']);

export function isFractionMetric(metric: string): boolean {
  return FRACTION_METRICS.has(metric);
}

/** The factor a metric is shown with (100 for fractions). */
export const displayScale = (metric: string): number => (isFractionMetric(metric) ? 100 : 1);

const unitLabel = (metric: string): string => (isFractionMetric(metric) ? `${metric} (%)` : metric);

function base(size: ChartSize, defaults: { width: number; height: number; title: string }): VegaLiteSpec {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: size.title ?? defaults.title,
    width: size.width ?? defaults.width,
    height: size.height ?? defaults.height,
    autosize: { type: 'fit', contains: 'padding' },
    background: 'white',
    config: { font: 'DejaVu Sans', view: { stroke: null } },
  };
}

/** Bars of mean per strategy, error bars of ± std, one point per seed; grouped by `groupField`. */
function groupedBars(aggs: Aggregate[], seedRows: ResultRow[], metric: string, groupField: 'dataset' | 'class', size: ChartSize, title: string): VegaLiteSpec {
  const k = displayScale(metric);
  const summary = aggs.map((a) => ({
    group: a[groupField],
    strategy: a.strategy,
    mean: a.mean * k,
    low: (a.mean - (Number.isFinite(a.std) ? a.std : 0)) * k,
    high: (a.mean + (Number.isFinite(a.std) ? a.std : 0)) * k,
    n: a.n,
  }));
  const seeds = seedRows.filter((r) => Number.isFinite(r.value)).map((r) => ({ group: r[groupField], strategy: r.strategy, seed: r.seed, value: r.value * k }));
  const longLabels = summary.some((g) => String(g.group).length > 10);
  const x = { field: 'group', type: 'nominal', title: groupField, axis: { labelAngle: groupField === 'class' || longLabels ? -40 : 0, labelLimit: 240 } };
  const xOffset = { field: 'strategy', type: 'nominal' };
  const color = { field: 'strategy', type: 'nominal', title: 'strategy' };
  return {
    ...base(size, { width: 520, height: 300, title }),
    layer: [
      {
        data: { values: summary },
        mark: { type: 'bar', opacity: 0.85 },
        encoding: { x, xOffset, color, y: { field: 'mean', type: 'quantitative', title: unitLabel(metric) }, tooltip: [{ field: 'strategy' }, { field: 'mean', format: '.2f' }, { field: 'n' }] },
      },
      {
        data: { values: summary },
        mark: { type: 'errorbar', ticks: true, color: '#333' },
        encoding: { x, xOffset, y: { field: 'low', type: 'quantitative', title: unitLabel(metric) }, y2: { field: 'high' } },
      },
      {
        data: { values: seeds },
        mark: { type: 'point', filled: true, size: 18, color: 'black', opacity: 0.6 },
        encoding: { x, xOffset, y: { field: 'value', type: 'quantitative', title: unitLabel(metric) } },
      },
    ],
  };
}

/** Per-dataset comparison of strategies on one metric (mean ± std, seeds as points). */
export function comparisonChart(aggs: Aggregate[], rows: ResultRow[], metric: string, size: ChartSize = {}): VegaLiteSpec {
  const a = aggs.filter((g) => g.metric === metric && g.class === '');
  const r = rows.filter((x) => x.metric === metric && x.class === '');
  return groupedBars(a, r, metric, 'dataset', size, `${metric} per dataset and strategy (mean ± std over seeds)`);
}

/** Per-class scores of one dataset (mean ± std per strategy). */
export function perClassChart(aggs: Aggregate[], rows: ResultRow[], dataset: string, metric: string, size: ChartSize = {}): VegaLiteSpec {
  const a = aggs.filter((g) => g.dataset === dataset && g.metric === metric && g.class !== '');
  const r = rows.filter((x) => x.dataset === dataset && x.metric === metric && x.class !== '');
  return groupedBars(a, r, metric, 'class', { width: 640, ...size }, `${dataset}: per-class ${metric}`);
}

export interface CurvePoint {
  run: string;
  step: number;
  value: number;
}

/** Training curves: `field` (e.g. loss) against step, one line per run. */
export function trainingCurveChart(points: CurvePoint[], field: string, size: ChartSize & { logScale?: boolean } = {}): VegaLiteSpec {
  return {
    ...base(size, { width: 520, height: 300, title: `${field} during training` }),
    data: { values: points.filter((p) => Number.isFinite(p.value) && Number.isFinite(p.step)) },
    mark: { type: 'line', strokeWidth: 1.5 },
    encoding: {
      x: { field: 'step', type: 'quantitative', title: 'step' },
      y: { field: 'value', type: 'quantitative', title: field, scale: size.logScale ? { type: 'log' } : { zero: false } },
      color: { field: 'run', type: 'nominal', title: 'run' },
    },
  };
}

/**
 * Paired differences (treatment - baseline) with their bootstrap intervals and a rule at zero, one
 * row per label. `label` picks the row name: the dataset (main comparison) or the treatment
 * (ablation of components against plain CSP).
 */
export function differenceChart(diffs: PairedDifference[], size: ChartSize & { label?: (d: PairedDifference) => string } = {}): VegaLiteSpec {
  const label = size.label ?? ((d: PairedDifference) => `${d.dataset} (${d.treatment} − ${d.baseline})`);
  const values = diffs.map((d) => {
    const k = displayScale(d.metric);
    const low = Number.isFinite(d.ciLow) ? d.ciLow : d.meanDifference;
    const high = Number.isFinite(d.ciHigh) ? d.ciHigh : d.meanDifference;
    return { label: label(d), metric: d.metric, mean: d.meanDifference * k, low: low * k, high: high * k, n: d.n, significant: d.significant ? 'CI excludes 0' : 'CI includes 0' };
  });
  const metrics = [...new Set(diffs.map((d) => d.metric))];
  const xTitle = metrics.length === 1 ? `difference in ${unitLabel(metrics[0])}` : 'difference (points)';
  const y = { field: 'label', type: 'nominal', title: null, sort: null, axis: { labelLimit: 320 } };
  const color = { field: 'significant', type: 'nominal', title: null, scale: { domain: ['CI excludes 0', 'CI includes 0'], range: ['#1f63a8', '#9a9a9a'] } };
  return {
    ...base(size, { width: 520, height: Math.max(120, 40 + 32 * values.length), title: 'Paired difference over seeds (95% bootstrap CI)' }),
    layer: [
      { data: { values: [{ zero: 0 }] }, mark: { type: 'rule', strokeDash: [4, 3], color: 'gray' }, encoding: { x: { field: 'zero', type: 'quantitative' } } },
      { data: { values }, mark: { type: 'rule', strokeWidth: 2 }, encoding: { y, x: { field: 'low', type: 'quantitative', title: xTitle }, x2: { field: 'high' }, color } },
      { data: { values }, mark: { type: 'point', filled: true, size: 60 }, encoding: { y, x: { field: 'mean', type: 'quantitative' }, color, tooltip: [{ field: 'label' }, { field: 'mean', format: '.2f' }, { field: 'n' }] } },
    ],
  };
}
