/**
 * The paper's analyses over the suite's result rows, as Markdown tables:
 * - pre-training top-1 of both strategies, in-domain and on the shape-only set (the paper reports
 *   that CSP costs a few points of ImageNet top-1; the shape-only set shows which cue a model used);
 * - channel-order robustness: the headline metric of fine-tuned models when the input channels are
 *   permuted (RGB→BGR, thermal/DSM moved), as a drop from the unperturbed score, per initialisation;
 * - gain of the generalised strategy over the baseline per target modality (RGB, RGB-T, RGB+IR+DSM).
 */
import type { ResultRow } from '../report/results';
import { mean, sampleStd } from '../report/stats';
import { TARGETS } from './targets';

const pct = (v: number) => (Number.isFinite(v) ? (100 * v).toFixed(2) : 'n/a');
const signedPct = (v: number) => (Number.isFinite(v) ? `${v >= 0 ? '+' : ''}${(100 * v).toFixed(2)}` : 'n/a');

function table(header: string[], rows: string[][]): string {
  return [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
}

function meanStd(values: number[]): string {
  const v = values.filter(Number.isFinite);
  if (v.length === 0) return 'n/a';
  return v.length > 1 ? `${pct(mean(v))} ± ${pct(sampleStd(v))}` : pct(v[0]);
}

export function pretrainTable(rows: readonly ResultRow[]): string | null {
  const pre = rows.filter((r) => r.experiment.startsWith('pretrain-') && r.class === '');
  if (pre.length === 0) return null;
  const metrics = [...new Set(pre.map((r) => r.metric))].sort();
  const groups = [...new Set(pre.map((r) => `${r.strategy}\u0000${r.modality}`))].sort();
  const body = groups.map((g) => {
    const [strategy, modality] = g.split('\u0000');
    return [strategy, modality, ...metrics.map((m) => meanStd(pre.filter((r) => r.strategy === strategy && r.modality === modality && r.metric === m).map((r) => r.value)))];
  });
  return table(['strategy', 'input', ...metrics.map((m) => `${m} (%)`)], body);
}

function headline(dataset: string): string {
  return TARGETS.find((t) => t.name === dataset)?.metric ?? 'mIoU';
}

export function channelOrderTable(rows: readonly ResultRow[]): string | null {
  const perturbed = rows.filter((r) => r.experiment.startsWith('channel-order-') && r.class === '' && r.metric === headline(r.dataset));
  if (perturbed.length === 0) return null;
  const base = rows.filter((r) => r.experiment.startsWith('finetune-') && r.class === '');
  const keys = [...new Set(perturbed.map((r) => `${r.dataset}\u0000${r.modality}\u0000${r.strategy}`))].sort();
  const body = keys.map((k) => {
    const [dataset, modality, strategy] = k.split('\u0000');
    const metric = headline(dataset);
    const drops: number[] = [];
    const after: number[] = [];
    for (const p of perturbed.filter((r) => r.dataset === dataset && r.modality === modality && r.strategy === strategy)) {
      const orig = base.find((r) => r.dataset === dataset && r.strategy === strategy && r.seed === p.seed && r.metric === metric);
      after.push(p.value);
      if (orig) drops.push(p.value - orig.value);
    }
    return [dataset, modality, strategy, metric, meanStd(after), drops.length ? signedPct(mean(drops)) : 'n/a', String(drops.length)];
  });
  return table(['dataset', 'perturbation', 'initialisation', 'metric', 'perturbed (%)', 'change vs unperturbed (points)', 'seeds'], body);
}

export function gainPerModalityTable(rows: readonly ResultRow[], treatment = 'generalised', baseline = 'baseline'): string | null {
  const fine = rows.filter((r) => r.experiment.startsWith('finetune-') && r.class === '');
  const body: string[][] = [];
  for (const group of ['RGB', 'RGB-T', 'RGB+IR+DSM'] as const) {
    const gains: number[] = [];
    const names: string[] = [];
    for (const t of TARGETS.filter((x) => x.modalityGroup === group)) {
      const pick = (s: string) => fine.filter((r) => r.dataset === t.name && r.strategy === s && r.metric === t.metric);
      const tr = pick(treatment);
      const ba = pick(baseline);
      const paired = tr.map((r) => [r.value, ba.find((b) => b.seed === r.seed)?.value] as const).filter(([, b]) => b !== undefined) as [number, number][];
      if (paired.length === 0) continue;
      names.push(`${t.name} (${t.metric})`);
      gains.push(mean(paired.map(([a, b]) => a - b)));
    }
    if (gains.length > 0) body.push([group, names.join(', '), signedPct(mean(gains))]);
  }
  return body.length ? table(['modality', 'targets', `${treatment} − ${baseline} (points, mean over targets)`], body) : null;
}

/** The analyses section appended to report.md. */
export function analysesMarkdown(rows: readonly ResultRow[]): string {
  const parts = ['## Analyses of the paper', ''];
  const pre = pretrainTable(rows);
  parts.push('### Pre-training top-1', '', pre ? `${pre}\n\nThe shape-only set has every appearance cue random: a model that relies on colour/texture shortcuts loses accuracy there.` : 'No pre-training results.', '');
  const order = channelOrderTable(rows);
  parts.push('### Channel-order perturbation', '', order ? `${order}\n\nA model that does not depend on channel order changes little; the paper reports CSP unaffected by RGB→BGR and IM-RGB affected.` : 'No channel-order evaluations.', '');
  const gain = gainPerModalityTable(rows);
  parts.push('### Gain per target modality', '', gain ?? 'No paired fine-tuning results.', '');
  return parts.join('\n');
}
