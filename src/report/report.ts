/**
 * The Markdown report of a results directory: mean ± std per dataset and strategy, per-class tables,
 * paired differences with bootstrap intervals and one plain sentence per dataset on whether the
 * generalised strategy's difference to the baseline is significant, and charts (SVG + PNG) in
 * DIR/charts/. Whatever the numbers are is what the report says.
 */
import * as path from 'node:path';
import { getProtocol } from '../eval/protocols';
import { writeFileAtomic } from '../util/atomic';
import { UserError, errorMessage } from '../util/errors';
import { comparisonChart, differenceChart, displayScale, perClassChart, trainingCurveChart } from './charts';
import { relativeLink, renderChart, type RenderedChart } from './render';
import { readResultsTree } from './results';
import { curvePoints, loggedFields, readRunLogs } from './runlogs';
import { aggregate, pairedDifferences, type Aggregate, type PairedDifference } from './stats';

export interface ReportOptions {
  /** Strategy names; found automatically when omitted (baseline|im-rgb, generalised|csp). */
  baseline?: string;
  treatment?: string;
  resamples?: number;
  seed?: number;
  /** Skip chart rendering (tables only). */
  charts?: boolean;
}

export interface ReportResult {
  reportPath: string;
  rows: number;
  tables: string[];
  charts: RenderedChart[];
  baseline?: string;
  treatment?: string;
  differences: PairedDifference[];
  sentences: string[];
}

const MEAN_METRIC_ORDER = ['mIoU', 'mF1', 'OA', 'mBF'];
const CONTROL = /^(random|none|scratch)$/i;

function pickStrategy(strategies: string[], pattern: RegExp): string | undefined {
  return strategies.find((s) => pattern.test(s));
}

/** The headline metric of a dataset (mF1 for Potsdam, else mIoU), falling back to what the rows have. */
export function headlineMetric(dataset: string, available: string[]): string {
  let preferred = 'mIoU';
  try {
    preferred = getProtocol(dataset).headline;
  } catch {
    // unknown dataset: mIoU
  }
  if (available.includes(preferred)) return preferred;
  return MEAN_METRIC_ORDER.find((m) => available.includes(m)) ?? available[0];
}

const fmt = (v: number, metric: string, digits = 2): string => (Number.isFinite(v) ? (v * displayScale(metric)).toFixed(digits) : 'n/a');
const signed = (v: number, metric: string): string => (Number.isFinite(v) ? `${v >= 0 ? '+' : ''}${fmt(v, metric)}` : 'n/a');
const unit = (metric: string): string => (displayScale(metric) === 100 ? ' points' : '');
const cell = (a: Aggregate | undefined, metric: string): string =>
  !a || a.n === 0 ? '–' : `${fmt(a.mean, metric)}${Number.isFinite(a.std) ? ` ± ${fmt(a.std, metric)}` : ''} (n=${a.n})`;

function mdTable(header: string[], rows: string[][]): string {
  const esc = (s: string): string => s.replace(/\|/g, '\\|');
  return [`| ${header.map(esc).join(' | ')} |`, `| ${header.map(() => '---').join(' | ')} |`, ...rows.map((r) => `| ${r.map(esc).join(' | ')} |`)].join('\n');
}

const uniq = <T>(xs: T[]): T[] => [...new Set(xs)];
const setting = (r: { experiment: string; dataset: string; modality: string }): string => `${r.dataset}${r.modality ? ` (${r.modality})` : ''}${r.experiment ? ` [${r.experiment}]` : ''}`;

/** The sentence of one paired difference. */
export function significanceSentence(d: PairedDifference): string {
  const head = `On ${setting(d)}, ${d.treatment} − ${d.baseline} in ${d.metric} is ${signed(d.meanDifference, d.metric)}${unit(d.metric)}`;
  if (d.n < 2) return `${head} from a single paired seed: there is no interval, so no claim of significance can be made.`;
  const ci = `${Math.round(d.level * 100)}% bootstrap CI [${signed(d.ciLow, d.metric)}, ${signed(d.ciHigh, d.metric)}], t interval [${signed(d.tLow, d.metric)}, ${signed(d.tHigh, d.metric)}], over ${d.n} paired seeds`;
  if (d.significant) {
    const better = d.meanDifference > 0 ? d.treatment : d.baseline;
    return `${head} (${ci}): both intervals exclude zero, so the difference is significant (${better} is better).`;
  }
  return `${head} (${ci}): ${d.ciLow > 0 || d.ciHigh < 0 ? 'the t interval' : 'the interval'} includes zero, so the difference is not significant.`;
}

export async function writeReport(dir: string, options: ReportOptions = {}): Promise<ReportResult> {
  const { rows, files } = readResultsTree(dir);
  if (rows.length === 0) throw new UserError('no results table (results.parquet or results.csv) found', dir);
  const reportPath = path.join(dir, 'report.md');
  const chartDir = path.join(dir, 'charts');
  const aggs = aggregate(rows);
  const strategies = uniq(rows.map((r) => r.strategy));
  const baseline = options.baseline ?? pickStrategy(strategies, /^(baseline|im-?rgb)$/i);
  const treatment = options.treatment ?? pickStrategy(strategies, /^(generali[sz]ed|csp)$/i);
  for (const [flag, name] of [['baseline', options.baseline], ['treatment', options.treatment]] as const) {
    if (name !== undefined && !strategies.includes(name)) throw new UserError(`--${flag} '${name}' is not a strategy in the results (${strategies.join(', ')})`, dir);
  }
  const boot = { resamples: options.resamples ?? 10000, seed: options.seed ?? 0 };
  const meanRows = rows.filter((r) => r.class === '');
  const meanMetrics = orderMetrics(uniq(meanRows.map((r) => r.metric)));
  const md: string[] = [];
  const charts: RenderedChart[] = [];
  const sentences: string[] = [];
  const tables: string[] = [];
  const renderInto = async (spec: Parameters<typeof renderChart>[0], name: string, caption: string): Promise<void> => {
    if (options.charts === false) return;
    const r = await renderChart(spec, path.join(chartDir, name));
    charts.push(r);
    md.push(`![${caption}](${relativeLink(reportPath, r.svgPath)})`, '', `(PNG: [${path.basename(r.pngPath)}](${relativeLink(reportPath, r.pngPath)}), spec: [${path.basename(r.specPath)}](${relativeLink(reportPath, r.specPath)}))`, '');
  };

  md.push('# geopretrain results', '');
  md.push(`${rows.length} result rows from ${files.length} table(s): ${files.map((f) => `\`${path.relative(dir, f) || f}\``).join(', ')}.`);
  md.push(`Strategies: ${strategies.join(', ')}. Baseline: ${baseline ?? 'none found'}; generalised: ${treatment ?? 'none found'}.`);
  md.push(`Fraction metrics are shown in percent. Spread is the sample standard deviation over seeds; n counts seeds with a value.`);
  const protocols = uniq(rows.map((r) => `${r.dataset}: ${r.protocol}`));
  md.push(`Protocols: ${protocols.join('; ')}.`, '');

  // Means per dataset / strategy.
  md.push('## Mean ± std per dataset and strategy', '');
  const settings = uniq(meanRows.map((r) => JSON.stringify([r.experiment, r.dataset, r.modality])));
  const summaryRows: string[][] = [];
  for (const s of settings) {
    const [experiment, dataset, modality] = JSON.parse(s) as string[];
    for (const strategy of strategies) {
      const cells = meanMetrics.map((m) => cell(aggs.find((a) => a.experiment === experiment && a.dataset === dataset && a.modality === modality && a.strategy === strategy && a.metric === m && a.class === ''), m));
      if (cells.every((c) => c === '–')) continue;
      summaryRows.push([experiment, dataset, modality, strategy, ...cells]);
    }
  }
  const summary = mdTable(['experiment', 'dataset', 'modality', 'strategy', ...meanMetrics], summaryRows);
  tables.push(summary);
  md.push(summary, '');
  // One chart per experiment and metric, so rows of different experiments never share a bar; a
  // dataset seen under several modalities (e.g. channel-order perturbations) gets one bar group each.
  for (const experiment of uniq(meanRows.map((r) => r.experiment))) {
    const own = rows.filter((r) => r.experiment === experiment);
    const several = uniq(own.map((r) => r.dataset)).some((d) => uniq(own.filter((r) => r.dataset === d).map((r) => r.modality)).length > 1);
    const labelled = several ? own.map((r) => ({ ...r, dataset: `${r.dataset} · ${r.modality}` })) : own;
    const ownAggs = aggregate(labelled);
    for (const m of orderMetrics(uniq(own.filter((r) => r.class === '').map((r) => r.metric)))) {
      const name = uniq(meanRows.map((r) => r.experiment)).length > 1 ? `comparison-${safeName(experiment)}-${m}` : `comparison-${m}`;
      await renderInto(comparisonChart(ownAggs, labelled, m), name, `${m} per dataset and strategy (${experiment})`);
    }
  }

  // Paired differences and significance.
  md.push('## Paired differences (by seed)', '');
  let differences: PairedDifference[] = [];
  if (baseline === undefined) {
    md.push('No baseline strategy (baseline / IM-RGB) in the results: no paired comparison.', '');
  } else {
    const others = strategies.filter((s) => s !== baseline);
    for (const s of others) differences.push(...pairedDifferences(meanRows, s, baseline, boot));
    if (treatment !== undefined) {
      const ablated = strategies.filter((s) => s !== baseline && s !== treatment && !CONTROL.test(s));
      for (const s of ablated) differences.push(...pairedDifferences(meanRows, s, treatment, boot));
    }
    differences = differences.filter((d) => meanMetrics.includes(d.metric));
    const diffTable = mdTable(
      ['setting', 'comparison', 'metric', 'n', 'mean difference', '95% bootstrap CI', '95% t interval', 'significant'],
      differences.map((d) => [setting(d), `${d.treatment} − ${d.baseline}`, d.metric, String(d.n), signed(d.meanDifference, d.metric), d.n < 2 ? 'n/a (n<2)' : `[${signed(d.ciLow, d.metric)}, ${signed(d.ciHigh, d.metric)}]`, d.n < 2 ? 'n/a (n<2)' : `[${signed(d.tLow, d.metric)}, ${signed(d.tHigh, d.metric)}]`, d.significant ? 'yes' : 'no']),
    );
    tables.push(diffTable);
    md.push(`Percentile bootstrap over paired seeds (${boot.resamples} resamples, seed ${boot.seed}); paired Student-t interval; significant = both intervals exclude zero on the same side (n ≥ 2).`, '', diffTable, '');
    const few = differences.filter((d) => d.n >= 2 && d.n < 5);
    if (few.length > 0) {
      md.push(`Caution: ${few.length} comparison(s) rest on 2–4 paired seeds. A percentile bootstrap interval can be no wider than the range of the observed differences, so with so few seeds it understates the uncertainty; that is why significance also requires the paired t interval to exclude zero. More seeds give more trustworthy intervals.`, '');
    }
    const dup = differences.filter((d) => d.duplicateSeeds.length > 0);
    if (dup.length > 0) md.push(`Note: several rows for one seed and strategy were averaged in ${dup.map((d) => setting(d)).join(', ')}.`, '');
    if (treatment !== undefined) {
      md.push(`### ${treatment} vs ${baseline}`, '');
      for (const s of settings) {
        const [experiment, dataset, modality] = JSON.parse(s) as string[];
        const available = uniq(meanRows.filter((r) => r.dataset === dataset && r.experiment === experiment && r.modality === modality).map((r) => r.metric));
        const metric = headlineMetric(dataset, available);
        const d = differences.find((x) => x.treatment === treatment && x.baseline === baseline && x.experiment === experiment && x.dataset === dataset && x.modality === modality && x.metric === metric);
        // A setting that only one strategy has (e.g. CSP pre-trained for 4 channels) is no comparison to report.
        const has = (strategy: string) => meanRows.some((r) => r.experiment === experiment && r.dataset === dataset && r.modality === modality && r.strategy === strategy);
        if (!d && (!has(baseline) || !has(treatment))) continue;
        const sentence = d ? significanceSentence(d) : `On ${setting({ experiment, dataset, modality })}, there are no seeds with both ${treatment} and ${baseline} results for ${metric}: no comparison.`;
        sentences.push(sentence);
        md.push(`- ${sentence}`);
      }
      md.push('');
    }
    const main = differences.filter((d) => d.baseline === baseline && d.treatment === treatment);
    if (main.length > 0) await renderInto(differenceChart(main, { title: `${treatment} − ${baseline} (paired by seed, 95% bootstrap CI; see the table for the t interval)`, label: (d) => `${setting(d)} ${d.metric}` }), 'difference', 'paired differences');
    const ablation = differences.filter((d) => d.baseline === treatment);
    if (ablation.length > 0) {
      md.push(`### Ablation: variants − ${treatment}`, '');
      await renderInto(differenceChart(ablation, { title: `Ablation: variant − ${treatment} (95% bootstrap CI)`, label: (d) => `${d.treatment}: ${setting(d)} ${d.metric}` }), 'ablation', 'ablation');
    }
  }

  // Per-class tables.
  const classRows = rows.filter((r) => r.class !== '');
  if (classRows.length > 0) {
    md.push('## Per-class scores', '');
    for (const dataset of uniq(classRows.map((r) => r.dataset))) {
      for (const metric of uniq(classRows.filter((r) => r.dataset === dataset).map((r) => r.metric))) {
        const here = aggs.filter((a) => a.dataset === dataset && a.metric === metric && a.class !== '');
        const cols = strategies.filter((s) => here.some((a) => a.strategy === s));
        const classes = uniq(here.map((a) => a.class));
        const t = mdTable(['class', ...cols], classes.map((c) => [c, ...cols.map((s) => cell(here.find((a) => a.class === c && a.strategy === s), metric))]));
        tables.push(t);
        md.push(`### ${dataset}: ${metric}`, '', t, '');
        await renderInto(perClassChart(aggs, rows, dataset, metric), `per-class-${safeName(dataset)}-${metric}`, `${dataset} per-class ${metric}`);
      }
    }
  }

  // Training curves.
  const logs = readRunLogs(dir);
  const fields = loggedFields(logs);
  if (fields.length > 0) {
    md.push('## Training curves', '', `${logs.length} run log(s).`, '');
    for (const f of fields.filter((x) => ['loss', 'lr'].includes(x) || /loss|acc|iou|f1/i.test(x))) {
      await renderInto(trainingCurveChart(curvePoints(logs, f), f), `curve-${safeName(f)}`, `${f} during training`);
    }
  }

  try {
    writeFileAtomic(reportPath, md.join('\n') + '\n');
  } catch (err) {
    throw new UserError(`cannot write report: ${errorMessage(err)}`, reportPath);
  }
  return { reportPath, rows: rows.length, tables, charts, baseline, treatment, differences, sentences };
}

function orderMetrics(metrics: string[]): string[] {
  const known = MEAN_METRIC_ORDER.filter((m) => metrics.includes(m));
  return [...known, ...metrics.filter((m) => !MEAN_METRIC_ORDER.includes(m)).sort()];
}

const safeName = (s: string): string => s.replace(/[^A-Za-z0-9_.-]+/g, '_');

