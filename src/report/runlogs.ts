/**
 * Run logs: JSON-lines files, one object per logged step ({step, loss, lr, ...}). A run's name is
 * its file path under the results root without the extension; a file called log.jsonl / train.jsonl /
 * metrics.jsonl is named by its directory. A truncated last line (a run killed while writing) is
 * skipped; any other bad line is a UserError naming the file and line.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { UserError } from '../util/errors';
import type { CurvePoint } from './charts';

export interface RunLog {
  run: string;
  file: string;
  records: Record<string, unknown>[];
}

const GENERIC_NAMES = new Set(['log', 'train', 'metrics', 'history', 'events']);

export function readRunLog(file: string, run: string): RunLog {
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  const records: Record<string, unknown>[] = [];
  lines.forEach((line, i) => {
    if (line.trim() === '') return;
    try {
      const v = JSON.parse(line) as unknown;
      if (v === null || typeof v !== 'object' || Array.isArray(v)) throw new Error('not an object');
      records.push(v as Record<string, unknown>);
    } catch (err) {
      const isLast = lines.slice(i + 1).every((l) => l.trim() === '');
      if (!isLast) throw new UserError(`line ${i + 1} is not a JSON object: ${(err as Error).message}`, file);
    }
  });
  return { run, file, records };
}

/** Every *.jsonl under `root` (hidden folders skipped), sorted by path. */
export function readRunLogs(root: string): RunLog[] {
  const out: RunLog[] = [];
  const visit = (dir: string): void => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = path.join(dir, e.name);
      if (e.isDirectory() && !e.name.startsWith('.')) visit(p);
      else if (e.isFile() && e.name.endsWith('.jsonl')) {
        const rel = path.relative(root, p).split(path.sep).join('/');
        const stem = rel.slice(0, -'.jsonl'.length);
        const base = path.basename(stem);
        const run = GENERIC_NAMES.has(base) && stem.includes('/') ? stem.slice(0, stem.lastIndexOf('/')) : stem;
        out.push(readRunLog(p, run));
      }
    }
  };
  if (fs.existsSync(root)) visit(root);
  return out;
}

/** Numeric fields logged with a step (besides step itself), in first-seen order. */
export function loggedFields(logs: RunLog[]): string[] {
  const fields = new Set<string>();
  for (const log of logs) {
    for (const r of log.records) {
      if (typeof r.step !== 'number') continue;
      for (const [k, v] of Object.entries(r)) if (k !== 'step' && typeof v === 'number') fields.add(k);
    }
  }
  return [...fields];
}

/** Curve points of one field over all runs. */
export function curvePoints(logs: RunLog[], field: string): CurvePoint[] {
  const points: CurvePoint[] = [];
  for (const log of logs) {
    for (const r of log.records) {
      const step = r.step;
      const value = r[field];
      if (typeof step === 'number' && typeof value === 'number') points.push({ run: log.run, step, value });
    }
  }
  return points;
}
