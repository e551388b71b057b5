/**
 * The whole suite: plan → run queue (skipping finished runs) → results table → report with charts
 * and the paper's analyses. Shared by `geopretrain reproduce` and the notebooks.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { writeFileAtomic, writeJsonAtomic } from '../util/atomic';
import { writeResults } from '../report/results';
import { writeReport, type ReportResult } from '../report/report';
import { analysesMarkdown } from './analyses';
import { collectResults } from './collect';
import { buildPlan, type PlanOptions, type SuiteRun } from './plan';
import type { SuiteProfile } from './profiles';
import { commandLine, runQueue, type QueueResult } from './run_queue';

export interface SuiteOptions extends PlanOptions {
  parallel?: number;
  progress?: boolean;
  /** Only the runs whose id starts with one of these prefixes (and what they depend on). */
  only?: string[];
}

export interface SuiteResult {
  plan: SuiteRun[];
  queue: QueueResult;
  rows: number;
  report: ReportResult | null;
  seconds: number;
}

/** The plan restricted to `only` prefixes plus their dependencies. */
export function selectRuns(plan: SuiteRun[], only: string[] | undefined): SuiteRun[] {
  if (!only || only.length === 0) return plan;
  const byId = new Map(plan.map((r) => [r.run.id, r]));
  const keep = new Set<string>();
  const visit = (id: string): void => {
    if (keep.has(id)) return;
    keep.add(id);
    for (const d of byId.get(id)?.run.dependsOn ?? []) visit(d);
  };
  for (const r of plan) if (only.some((p) => r.run.id.startsWith(p))) visit(r.run.id);
  return plan.filter((r) => keep.has(r.run.id));
}

export function planLines(plan: SuiteRun[]): string[] {
  return plan.map((r) => commandLine(r.run));
}

export async function runSuite(profile: SuiteProfile, o: SuiteOptions): Promise<SuiteResult> {
  const t0 = Date.now();
  const plan = selectRuns(buildPlan(profile, o), o.only);
  fs.mkdirSync(o.out, { recursive: true });
  writeJsonAtomic(path.join(o.out, 'plan.json'), { profile, runs: plan.map((r) => ({ id: r.run.id, kind: r.kind, command: commandLine(r.run), dependsOn: r.run.dependsOn })) });
  const parallel = o.parallel ?? profile.parallel;
  // Runs share the cores: each child's native kernels get an equal share of threads.
  const threads = Math.max(1, Math.floor((os.availableParallelism?.() ?? os.cpus().length) / parallel));
  const env: Record<string, string> = process.env.GEOPRETRAIN_NATIVE_THREADS ? {} : { GEOPRETRAIN_NATIVE_THREADS: String(threads) };
  const queue = await runQueue(plan.map((r) => r.run), { parallel, logDir: path.join(o.out, 'logs'), progress: o.progress, env });
  const rows = collectResults(plan, profile.name);
  let report: ReportResult | null = null;
  if (rows.length > 0) {
    writeResults(o.out, rows);
    fs.rmSync(path.join(o.out, 'charts'), { recursive: true, force: true }); // charts of an earlier report
    report = await writeReport(o.out);
    const md = fs.readFileSync(report.reportPath, 'utf8');
    writeFileAtomic(report.reportPath, `${md.trimEnd()}\n\n${analysesMarkdown(rows)}\n${suiteFooter(profile, queue, (Date.now() - t0) / 1000)}`);
  }
  return { plan, queue, rows: rows.length, report, seconds: (Date.now() - t0) / 1000 };
}

function suiteFooter(profile: SuiteProfile, q: QueueResult, seconds: number): string {
  const lines = [
    '## How this was run',
    '',
    `Profile \`${profile.name}\`: ${profile.summary}.`,
    '',
    `Model ${profile.model} + ${profile.decoder}; pre-training ${profile.pretrain.steps} steps × batch ${profile.pretrain.batch} at ${profile.pretrain.imageSize} px; fine-tuning ${profile.finetune.steps} steps × batch ${profile.finetune.batch} at ${profile.finetune.imageSize} px; ${profile.seeds} paired seeds.`,
    '',
    `Why these sizes: ${profile.evidence}`,
    '',
    `Runs: ${q.ran.length} ran, ${q.skipped.length} were already done, ${q.failed.length} failed. Wall time of this invocation: ${seconds.toFixed(0)} s.`,
  ];
  if (q.failed.length) lines.push('', 'Failed runs (see logs/):', ...q.failed.map((f) => `- ${f.id}${f.log ? ` (${path.basename(f.log)})` : ' (a run it depends on failed)'}`));
  return lines.join('\n') + '\n';
}
