import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');
const NOTEBOOKS = path.join(ROOT, 'notebooks');

interface Cell {
  cell_type: string;
  source: string | string[];
  outputs?: Array<{ output_type: string; ename?: string; evalue?: string; text?: string | string[] }>;
  execution_count?: number | null;
}

function notebooks(): string[] {
  return fs.readdirSync(NOTEBOOKS).filter((f) => f.endsWith('.ipynb')).sort();
}

function cells(file: string): Cell[] {
  return (JSON.parse(fs.readFileSync(file, 'utf8')) as { cells: Cell[] }).cells;
}

test('notebooks exist and are committed without outputs', () => {
  const list = notebooks();
  assert.ok(list.includes('00-setup.ipynb'), `notebooks: ${list.join(', ')}`);
  for (const nb of list) {
    for (const [i, cell] of cells(path.join(NOTEBOOKS, nb)).entries()) {
      if (cell.cell_type !== 'code') continue;
      assert.equal(cell.outputs?.length ?? 0, 0, `${nb} cell ${i} has outputs: clear them before committing`);
      assert.ok(cell.execution_count === null || cell.execution_count === undefined, `${nb} cell ${i} has an execution count`);
    }
  }
});

// One results folder for all notebooks, as a user has: runs trained by one notebook are reused by the next.
const RESULTS = fs.mkdtempSync(path.join(os.tmpdir(), 'gp-nb-results-'));

for (const nb of notebooks()) {
  test(`notebook ${nb} executes headless without a cell error`, { timeout: 20 * 60 * 1000 }, () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'gp-nb-'));
    const r = spawnSync(
      'jupyter',
      ['nbconvert', '--to', 'notebook', '--execute', '--ExecutePreprocessor.timeout=1200', '--ExecutePreprocessor.kernel_name=tslab', '--output-dir', out, path.join(NOTEBOOKS, nb)],
      { encoding: 'utf8', env: { ...process.env, GEOPRETRAIN_NOTEBOOK_TEST: '1', GEOPRETRAIN_RESULTS: RESULTS } },
    );
    const executed = path.join(out, nb);
    let detail = (r.stderr ?? '').split('\n').filter((l) => !/frozen modules|PYDEVD|debugger/i.test(l)).slice(-25).join('\n');
    if (fs.existsSync(executed)) {
      const errors = cells(executed).flatMap((c) => (c.outputs ?? []).filter((o) => o.output_type === 'error').map((o) => `${o.ename}: ${o.evalue}`));
      if (errors.length > 0) detail = errors.join('\n') + '\n' + detail;
    }
    assert.equal(r.status, 0, `jupyter nbconvert --execute ${nb} failed:\n${detail}`);
    fs.rmSync(out, { recursive: true, force: true });
  });
}
