import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { RESULT_COLUMNS, appendResults, metricsToRows, rowsToFrame, readResults, readResultsFile, readResultsTree, writeResults, type ResultRow } from '../../src/report/results';

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'gp-results-'));

function row(over: Partial<ResultRow>): ResultRow {
  return {
    experiment: 'e1', dataset: 'isaid', modality: 'RGB', strategy: 'baseline', init: 'ckpt/im-rgb', seed: 0, metric: 'mIoU', class: '', value: 0.5,
    steps: 100, wallSeconds: 12.5, backend: 'wasm', protocol: 'isaid', codeVersion: 'abc123', config: JSON.stringify({ lr: 1e-3, note: 'a, "quoted" value' }),
    ...over,
  };
}

const same = (a: ResultRow[], b: ResultRow[]) => {
  assert.equal(a.length, b.length);
  a.forEach((r, i) => {
    for (const k of Object.keys(r) as (keyof ResultRow)[]) {
      if (typeof r[k] === 'number' && Number.isNaN(r[k])) assert.ok(Number.isNaN(b[i][k] as number), `${k} NaN`);
      else assert.equal(b[i][k], r[k], `row ${i} ${k}`);
    }
  });
};

test('results round-trip through Parquet and CSV, with NaN, empty class and quoted JSON', () => {
  const dir = tmp();
  const rows = [row({}), row({ seed: 1, value: 0.61, strategy: 'generalised' }), row({ metric: 'IoU', class: 'small_vehicle', value: NaN }), row({ class: 'a,b', metric: 'F1', value: 1 })];
  writeResults(dir, rows);
  same(rows, readResultsFile(path.join(dir, 'results.parquet')));
  same(rows, readResultsFile(path.join(dir, 'results.csv')));
  // No temporary files left behind.
  assert.deepEqual(fs.readdirSync(dir).sort(), ['results.csv', 'results.parquet']);
  // Columns are matched by name, not position.
  const shuffled = path.join(dir, 'other', 'results.csv');
  fs.mkdirSync(path.dirname(shuffled));
  fs.writeFileSync(shuffled, rowsToFrame(rows).select(...[...RESULT_COLUMNS].reverse()).writeCSV());
  same(rows, readResultsFile(shuffled));
  fs.rmSync(dir, { recursive: true, force: true });
});

test('append = read + concatenate + write both files; CSV alone is read when Parquet is missing', () => {
  const dir = tmp();
  assert.equal(appendResults(dir, [row({ seed: 0 })]), 1);
  assert.equal(appendResults(dir, [row({ seed: 1 }), row({ seed: 2 })]), 3);
  assert.deepEqual(readResults(dir).map((r) => r.seed), [0, 1, 2]);
  fs.rmSync(path.join(dir, 'results.parquet'));
  assert.deepEqual(readResults(dir).map((r) => r.seed), [0, 1, 2]);
  // Tables in sub-directories (one per run) are merged by the tree reader.
  appendResults(path.join(dir, 'run-b'), [row({ seed: 7 })]);
  const tree = readResultsTree(dir);
  assert.deepEqual(tree.rows.map((r) => r.seed), [0, 1, 2, 7]);
  assert.equal(tree.files.length, 2);
  assert.throws(() => appendResults(dir, [{ ...row({}), seed: 1.5 }]), /seed must be an integer/);
  fs.rmSync(dir, { recursive: true, force: true });
});

test('a table without the expected columns is a UserError naming the file', () => {
  const dir = tmp();
  const file = path.join(dir, 'results.csv');
  fs.writeFileSync(file, 'a,b\n1,2\n');
  assert.throws(() => readResultsFile(file), (e: Error) => e.name === 'UserError' && e.message.includes(file));
  fs.rmSync(dir, { recursive: true, force: true });
});

test('metricsToRows turns a score summary into mean and per-class rows', () => {
  const { metric: _m, class: _c, value: _v, ...run } = row({});
  const rows = metricsToRows(run, { mIoU: 0.4, mF1: 0.5, OA: 0.9, perClass: [{ name: 'a', iou: 0.3, f1: 0.45 }, { name: 'b', iou: NaN, f1: NaN }] });
  assert.deepEqual(rows.map((r) => [r.metric, r.class]), [['mIoU', ''], ['mF1', ''], ['OA', ''], ['IoU', 'a'], ['F1', 'a'], ['IoU', 'b'], ['F1', 'b']]);
  assert.ok(Number.isNaN(rows[5].value));
});
