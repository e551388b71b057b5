/**
 * The results table: one row per (run, metric, class), stored with nodejs-polars as Parquet and CSV
 * side by side (results.parquet + results.csv in a directory). Appending reads the existing table,
 * concatenates and rewrites both files atomically (temporary name, then rename). Runs executed in
 * parallel should each write their own directory; readers merge every table found under a root.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import pl, { type DataType } from 'nodejs-polars';
import { writeFileAtomic } from '../util/atomic';
import { UserError, errorMessage } from '../util/errors';

export interface ResultRow {
  experiment: string;
  dataset: string;
  /** Input bands, e.g. 'RGB', 'RGBT', 'RGBIR+DSM'. */
  modality: string;
  /** Pre-training strategy, e.g. 'baseline' (IM-RGB), 'generalised' (CSP), 'random'. */
  strategy: string;
  /** What the run was initialised from (checkpoint name or 'none'). */
  init: string;
  seed: number;
  /** 'mIoU', 'mF1', 'OA', 'mBF' for means (class ''), 'IoU', 'F1', 'BF' per class. Fractions in [0,1]. */
  metric: string;
  /** Class name for per-class metrics, '' for means. */
  class: string;
  value: number;
  steps: number;
  wallSeconds: number;
  backend: string;
  protocol: string;
  codeVersion: string;
  /** The run's configuration as a JSON string. */
  config: string;
}

const STRING_COLUMNS = ['experiment', 'dataset', 'modality', 'strategy', 'init', 'metric', 'class', 'backend', 'protocol', 'codeVersion', 'config'] as const;
const INT_COLUMNS = ['seed', 'steps'] as const;
export const RESULT_COLUMNS: (keyof ResultRow)[] = [
  'experiment', 'dataset', 'modality', 'strategy', 'init', 'seed', 'metric', 'class', 'value', 'steps', 'wallSeconds', 'backend', 'protocol', 'codeVersion', 'config',
];

export const PARQUET_NAME = 'results.parquet';
export const CSV_NAME = 'results.csv';

function schema(): Record<string, DataType> {
  const s: Record<string, DataType> = {};
  for (const c of RESULT_COLUMNS) {
    s[c] = (STRING_COLUMNS as readonly string[]).includes(c) ? pl.Utf8 : (INT_COLUMNS as readonly string[]).includes(c) ? pl.Int64 : pl.Float64;
  }
  return s;
}

/** Rows -> a DataFrame with the fixed column order and types. */
export function rowsToFrame(rows: readonly ResultRow[]): pl.DataFrame {
  const types = schema();
  const columns = RESULT_COLUMNS.map((c) => pl.Series(c, rows.map((r) => r[c]), types[c]));
  return pl.DataFrame(columns);
}

/** A DataFrame (from Parquet or CSV) -> rows; missing columns are a UserError naming the file. */
export function frameToRows(df: pl.DataFrame, file?: string): ResultRow[] {
  const missing = RESULT_COLUMNS.filter((c) => !df.columns.includes(c));
  if (missing.length > 0) throw new UserError(`results table lacks column(s) ${missing.join(', ')}`, file);
  const cols = Object.fromEntries(RESULT_COLUMNS.map((c) => [c, df.getColumn(c).toArray()])) as Record<keyof ResultRow, unknown[]>;
  const rows: ResultRow[] = [];
  for (let i = 0; i < df.height; i++) {
    const r: Record<string, unknown> = {};
    for (const c of RESULT_COLUMNS) {
      const v = cols[c][i];
      if ((STRING_COLUMNS as readonly string[]).includes(c)) r[c] = v === null || v === undefined ? '' : String(v);
      else r[c] = v === null || v === undefined || v === '' ? NaN : Number(v);
    }
    rows.push(r as unknown as ResultRow);
  }
  return rows;
}

/** Reads one table file (.parquet or .csv). */
export function readResultsFile(file: string): ResultRow[] {
  let df: pl.DataFrame;
  try {
    if (file.endsWith('.parquet')) {
      df = pl.readParquet(fs.readFileSync(file));
    } else {
      const text = fs.readFileSync(file);
      if (text.length === 0) throw new Error('empty file');
      // Everything as text (no positional schema: columns are matched by name), converted below.
      df = pl.readCSV(text, { inferSchemaLength: 0 });
    }
  } catch (err) {
    throw new UserError(`cannot read results table: ${errorMessage(err).split('\n')[0]}`, file);
  }
  return frameToRows(df, file);
}

/** The rows stored in a directory (Parquet preferred, CSV otherwise); [] when neither exists. */
export function readResults(dir: string): ResultRow[] {
  const parquet = path.join(dir, PARQUET_NAME);
  const csv = path.join(dir, CSV_NAME);
  if (fs.existsSync(parquet)) return readResultsFile(parquet);
  if (fs.existsSync(csv)) return readResultsFile(csv);
  return [];
}

/** Every results table under `root` (recursively; one per directory), merged. Also lists the files read. */
export function readResultsTree(root: string): { rows: ResultRow[]; files: string[] } {
  if (!fs.existsSync(root)) throw new UserError('results directory does not exist', root);
  const rows: ResultRow[] = [];
  const files: string[] = [];
  const visit = (dir: string): void => {
    const entries = fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name));
    const names = new Set(entries.filter((e) => e.isFile()).map((e) => e.name));
    const chosen = names.has(PARQUET_NAME) ? PARQUET_NAME : names.has(CSV_NAME) ? CSV_NAME : undefined;
    if (chosen) {
      const file = path.join(dir, chosen);
      rows.push(...readResultsFile(file));
      files.push(file);
    }
    for (const e of entries) if (e.isDirectory() && !e.name.startsWith('.')) visit(path.join(dir, e.name));
  };
  visit(root);
  return { rows, files };
}

/** Writes rows as results.parquet and results.csv in `dir`, each atomically. */
export function writeResults(dir: string, rows: readonly ResultRow[]): void {
  const df = rowsToFrame(rows);
  writeFileAtomic(path.join(dir, PARQUET_NAME), df.writeParquet());
  writeFileAtomic(path.join(dir, CSV_NAME), df.writeCSV());
}

/** Appends rows to the table in `dir` (read existing + concatenate + write both files). */
export function appendResults(dir: string, rows: readonly ResultRow[]): number {
  validateRows(rows);
  const all = [...readResults(dir), ...rows];
  writeResults(dir, all);
  return all.length;
}

function validateRows(rows: readonly ResultRow[]): void {
  rows.forEach((r, i) => {
    for (const c of RESULT_COLUMNS) {
      if (!(c in r)) throw new Error(`result row ${i} lacks '${c}'`);
    }
    if (!Number.isInteger(r.seed)) throw new Error(`result row ${i}: seed must be an integer, got ${r.seed}`);
  });
}

export type RunInfo = Omit<ResultRow, 'metric' | 'class' | 'value'>;

/** Metric summary (as `score --json` or an evaluation returns) -> result rows. */
export function metricsToRows(
  run: RunInfo,
  m: { mIoU: number; mF1: number; OA: number; mBF?: number; perClass: { name: string; iou: number; f1: number; bf?: number }[] },
): ResultRow[] {
  const rows: ResultRow[] = [];
  const add = (metric: string, cls: string, value: number | undefined): void => {
    if (value !== undefined) rows.push({ ...run, metric, class: cls, value: value ?? NaN });
  };
  add('mIoU', '', m.mIoU);
  add('mF1', '', m.mF1);
  add('OA', '', m.OA);
  add('mBF', '', m.mBF);
  for (const c of m.perClass) {
    add('IoU', c.name, c.iou);
    add('F1', c.name, c.f1);
    add('BF', c.name, c.bf);
  }
  // JSON turns NaN into null: store it back as NaN.
  for (const r of rows) if (r.value === null) r.value = NaN;
  return rows;
}
