import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Progress } from '../util/progress';
import { projectRoot } from '../util/paths';

/** One unit of work: an ordinary `geopretrain` command writing one output folder. */
export interface PlannedRun {
  id: string;
  /** Arguments after `geopretrain`. */
  args: string[];
  /** The folder the run writes; the run is done when `doneFile` exists inside it. */
  outDir: string;
  doneFile: string;
  /** Ids of runs that must finish first. */
  dependsOn: string[];
  /** Rough relative cost, for scheduling the longest first. */
  cost: number;
}

export interface QueueOptions {
  parallel: number;
  logDir: string;
  /** Prints one line per finished run when false (tests); default true. */
  progress?: boolean;
  env?: Record<string, string>;
}

export interface QueueResult {
  ran: string[];
  skipped: string[];
  failed: { id: string; log: string; code: number | null }[];
}

export function isDone(run: PlannedRun): boolean {
  return fs.existsSync(path.join(run.outDir, run.doneFile));
}

/**
 * The arguments to launch a run with, given what a killed earlier attempt left in its folder: a
 * checkpoint → `--resume` (training continues where it stopped); anything else → `--force` (the
 * half-made folder is replaced). Evaluations write one file atomically and need neither.
 */
export function launchArgs(run: PlannedRun): string[] {
  const trains = run.args[0] === 'pretrain' || run.args[0] === 'finetune';
  if (!trains || !fs.existsSync(run.outDir)) return run.args;
  if (fs.existsSync(path.join(run.outDir, 'checkpoint', 'weights.json'))) return [...run.args, '--resume'];
  return fs.readdirSync(run.outDir).length > 0 ? [...run.args, '--force'] : run.args;
}

/** The shell line a scheduler would run for this run (`--plan` prints these). */
export function commandLine(run: PlannedRun): string {
  return ['geopretrain', ...run.args].map(shellQuote).join(' ');
}

function shellQuote(s: string): string {
  return /^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

/**
 * Runs the plan as child processes, `parallel` at a time, each after the runs it depends on.
 * Runs already done are skipped, so a killed suite resumes with what is left. A failed run fails
 * the runs that depend on it; the others go on.
 */
export async function runQueue(plan: PlannedRun[], opts: QueueOptions): Promise<QueueResult> {
  fs.mkdirSync(opts.logDir, { recursive: true });
  const result: QueueResult = { ran: [], skipped: [], failed: [] };
  const byId = new Map(plan.map((r) => [r.id, r]));
  const state = new Map<string, 'pending' | 'running' | 'done' | 'failed'>();
  for (const r of plan) {
    if (isDone(r)) {
      state.set(r.id, 'done');
      result.skipped.push(r.id);
    } else state.set(r.id, 'pending');
  }
  const todo = plan.filter((r) => state.get(r.id) === 'pending');
  const bar = new Progress({ label: 'reproduce', total: todo.length, unit: 'run', enabled: opts.progress !== false && process.env.GEOPRETRAIN_QUIET !== '1' });
  const bin = path.join(projectRoot(), 'bin', 'geopretrain.js');

  return new Promise<QueueResult>((resolve) => {
    let running = 0;
    const launch = (): void => {
      let changed = true;
      while (changed) {
        changed = false;
        for (const r of todo) {
          if (state.get(r.id) !== 'pending') continue;
          const deps = r.dependsOn.map((d) => state.get(d) ?? (byId.has(d) ? 'pending' : 'done'));
          if (deps.some((d) => d === 'failed')) {
            state.set(r.id, 'failed');
            result.failed.push({ id: r.id, log: '', code: null });
            bar.tick(1, { failed: String(result.failed.length) });
            changed = true;
            continue;
          }
          if (running >= opts.parallel || deps.some((d) => d !== 'done')) continue;
          running += 1;
          state.set(r.id, 'running');
          const log = path.join(opts.logDir, `${r.id}.log`);
          const out = fs.openSync(log, 'w');
          const child = spawn(process.execPath, [bin, ...launchArgs(r)], { stdio: ['ignore', out, out], env: { ...process.env, ...opts.env } });
          child.on('close', (code) => {
            fs.closeSync(out);
            running -= 1;
            if (code === 0 && isDone(r)) {
              state.set(r.id, 'done');
              result.ran.push(r.id);
            } else {
              state.set(r.id, 'failed');
              result.failed.push({ id: r.id, log, code });
            }
            bar.tick(1, { last: r.id, failed: String(result.failed.length) });
            launch();
          });
          }
      }
      if (running === 0 && [...state.values()].every((s) => s === 'done' || s === 'failed')) resolve(result);
    };
    todo.sort((a, b) => b.cost - a.cost);
    launch();
  });
}
