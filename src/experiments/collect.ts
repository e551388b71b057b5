/**
 * Turns the finished runs of a plan into result rows: fine-tuning test metrics (per target,
 * initialisation, seed), pre-training top-1 (in-domain and shape-only), and the channel-order
 * evaluations (metric drop under a permuted input).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ResultRow } from '../report/results';
import { metricsToRows } from '../report/results';
import type { SuiteRun } from './plan';

interface FinetuneFinal {
  steps: number;
  elapsedSeconds: number;
  protocol?: string;
  mIoU: number;
  mF1: number;
  OA: number;
  mBF?: number;
  perClass: { name: string; iou: number; f1: number }[];
}

interface PretrainFinal {
  steps: number;
  elapsedSeconds: number;
  /** Held-out top-1 in-domain, with the channel order reversed, and on the shape-only set. */
  top1?: number;
  top1Reversed?: number;
  top1ShapeOnly?: number;
}

const PRETRAIN_METRICS = ['top1', 'top1ShapeOnly', 'top1Reversed'] as const;

/** What `geopretrain evaluate --json-out` writes: one evaluation per channel order. */
interface EvaluateOutput {
  evaluations: EvaluationMetrics[];
}

interface EvaluationMetrics {
  order: number[];
  mIoU: number;
  mF1: number;
  OA: number;
  mBF?: number;
  perClass: { name: string; iou: number; f1: number }[];
  protocol?: string;
}

interface RunConfig {
  provenance?: { backend?: string; codeVersion?: string | null };
}

function readJson<T>(file: string): T | null {
  return fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as T) : null;
}

function runConfig(dir: string): RunConfig {
  return readJson<RunConfig>(path.join(dir, 'config.json')) ?? {};
}

/** Result rows of every finished run of the plan; unfinished runs are skipped. */
export function collectResults(plan: readonly SuiteRun[], profileName: string): ResultRow[] {
  const rows: ResultRow[] = [];
  const byId = new Map(plan.map((r) => [r.run.id, r]));
  for (const r of plan) {
    if (r.kind === 'pretrain') {
      const fin = readJson<PretrainFinal>(path.join(r.run.outDir, 'final.json'));
      if (!fin) continue;
      const cfg = runConfig(r.run.outDir);
      for (const metric of PRETRAIN_METRICS) {
        const value = fin[metric];
        if (typeof value !== 'number') continue;
        rows.push({
          experiment: `pretrain-${profileName}`, dataset: 'synthgeo-imagenet', modality: `${r.channels}ch`, strategy: r.strategy === 'baseline' ? 'baseline' : r.extensions.length ? `generalised+${r.extensions.join('+')}` : 'generalised',
          init: 'none', seed: r.seed, metric, class: '', value, steps: fin.steps, wallSeconds: fin.elapsedSeconds, backend: cfg.provenance?.backend ?? '', protocol: 'top-1', codeVersion: cfg.provenance?.codeVersion ?? '', config: JSON.stringify(r.run.args),
        });
      }
    } else if (r.kind === 'finetune') {
      const fin = readJson<FinetuneFinal>(path.join(r.run.outDir, 'final.json'));
      if (!fin) continue;
      const cfg = runConfig(r.run.outDir);
      rows.push(...metricsToRows({
        experiment: `finetune-${profileName}`, dataset: r.target.name, modality: r.target.modality, strategy: r.init, init: r.pretrainId ?? 'none', seed: r.seed,
        steps: fin.steps, wallSeconds: fin.elapsedSeconds, backend: cfg.provenance?.backend ?? '', protocol: fin.protocol ?? r.target.name, codeVersion: cfg.provenance?.codeVersion ?? '', config: JSON.stringify(r.run.args),
      }, fin));
    } else {
      const out = readJson<EvaluateOutput>(path.join(r.run.outDir, 'metrics.json'));
      const source = byId.get(r.finetuneId);
      if (!out || !source || source.kind !== 'finetune') continue;
      const cfg = runConfig(source.run.outDir);
      for (const p of r.perturbations) {
        const ev = out.evaluations.find((e) => e.order.join(',') === p.order.join(','));
        if (!ev) continue;
        rows.push(...metricsToRows({
          experiment: `channel-order-${profileName}`, dataset: r.target.name, modality: p.name, strategy: r.init, init: r.finetuneId, seed: r.seed,
          steps: 0, wallSeconds: 0, backend: cfg.provenance?.backend ?? '', protocol: ev.protocol ?? r.target.name, codeVersion: cfg.provenance?.codeVersion ?? '', config: JSON.stringify(r.run.args),
        }, ev));
      }
    }
  }
  return rows;
}
