/**
 * The metrics log of a run: run/metrics.jsonl, one JSON object per line (step, loss, lr, time,
 * validation metrics). Lines are appended as training goes; on resume, lines after the checkpoint's
 * step are dropped first so that the log matches the continued run.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { writeFileAtomic } from '../util/atomic';

export interface MetricsRecord {
  step: number;
  [key: string]: number | string | boolean | null | Record<string, unknown> | unknown[];
}

export class MetricsLog {
  constructor(readonly file: string) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
  }

  append(record: MetricsRecord): void {
    fs.appendFileSync(this.file, JSON.stringify(record) + '\n');
  }

  /** All records (a torn last line, from a kill during a write, is skipped). */
  read(): MetricsRecord[] {
    if (!fs.existsSync(this.file)) return [];
    const out: MetricsRecord[] = [];
    for (const line of fs.readFileSync(this.file, 'utf8').split('\n')) {
      if (line.trim() === '') continue;
      try {
        out.push(JSON.parse(line) as MetricsRecord);
      } catch {
        // torn line
      }
    }
    return out;
  }

  /** Keeps only the records with step ≤ `step` (atomic rewrite). */
  truncateAfter(step: number): void {
    const kept = this.read().filter((r) => r.step <= step);
    writeFileAtomic(this.file, kept.map((r) => JSON.stringify(r) + '\n').join(''));
  }
}
