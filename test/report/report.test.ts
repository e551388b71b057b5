import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { writeReport } from '../../src/report/report';
import { appendResults, type ResultRow } from '../../src/report/results';
import { Rng } from '../../src/util/rng';

/** MFNet: a clear effect (+5 points); PST900: noise only; Potsdam (mF1 headline): a clear loss. */
function buildRows(): ResultRow[] {
  const rng = new Rng(21);
  const out: ResultRow[] = [];
  const effects: Record<string, number> = { mfnet: 0.05, pst900: 0, potsdam: -0.03 };
  for (const dataset of Object.keys(effects)) {
    for (let seed = 0; seed < 6; seed++) {
      const base = 0.5 + 0.03 * rng.normal();
      const noise = dataset === 'pst900' ? [0.01, -0.01, 0.02, -0.02, 0.005, -0.005][seed] : 0.004 * rng.normal();
      for (const [strategy, v] of [['baseline', base], ['generalised', base + effects[dataset] + noise], ['random', base - 0.2]] as const) {
        const b = { experiment: 'main', dataset, modality: 'RGBT', strategy, init: strategy, seed, steps: 50, wallSeconds: 3, backend: 'wasm', protocol: dataset, codeVersion: 'test', config: '{}' };
        out.push({ ...b, metric: dataset === 'potsdam' ? 'mF1' : 'mIoU', class: '', value: v });
        out.push({ ...b, metric: 'OA', class: '', value: v + 0.3 });
        out.push({ ...b, metric: 'IoU', class: 'car', value: v - 0.1 });
      }
    }
  }
  return out;
}

test('report.md has the tables, a significance sentence per dataset and the charts', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gp-report-'));
  appendResults(dir, buildRows());
  const log = path.join(dir, 'runs', 'mfnet-s0', 'log.jsonl');
  fs.mkdirSync(path.dirname(log), { recursive: true });
  fs.writeFileSync(log, [0, 10, 20].map((step) => JSON.stringify({ step, loss: 2 / (1 + step), lr: 0.001 })).join('\n') + '\n{"step": 30, "lo');
  const r = await writeReport(dir, { resamples: 2000, seed: 0 });
  const md = fs.readFileSync(r.reportPath, 'utf8');
  assert.equal(r.baseline, 'baseline');
  assert.equal(r.treatment, 'generalised');
  const sentence = (ds: string) => r.sentences.find((s) => s.startsWith(`On ${ds} `))!;
  assert.match(sentence('mfnet'), /generalised − baseline in mIoU is \+[45]\.\d\d points .*exclude zero, so the difference is significant \(generalised is better\)/);
  assert.match(sentence('pst900'), /includes zero, so the difference is not significant/);
  assert.match(sentence('potsdam'), /in mF1 is -\d\.\d\d points .*significant \(baseline is better\)/);
  for (const s of r.sentences) assert.ok(md.includes(s));
  assert.match(md, /\| main \| mfnet \| RGBT \| generalised \| \d+\.\d\d ± \d+\.\d\d \(n=6\)/);
  assert.match(md, /### mfnet: IoU/);
  assert.match(md, /random − baseline/);
  assert.match(md, /## Training curves/);
  for (const c of r.charts) {
    assert.ok(fs.statSync(c.svgPath).size > 0 && fs.statSync(c.pngPath).size > 0);
    assert.ok(md.includes(path.relative(dir, c.svgPath)));
  }
  assert.ok(r.charts.some((c) => c.svgPath.endsWith('difference.svg')));
  assert.ok(r.charts.some((c) => c.svgPath.endsWith('curve-loss.svg')));
  fs.rmSync(dir, { recursive: true, force: true });
});

test('CLI report: --json output; a directory without results is a one-line error', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gp-report-cli-'));
  const bin = path.resolve(__dirname, '../../bin/geopretrain.js');
  const env = { ...process.env, GEOPRETRAIN_QUIET: '1' };
  const empty = spawnSync(process.execPath, [bin, 'report', '--results', dir], { encoding: 'utf8', env });
  assert.notEqual(empty.status, 0);
  assert.match(empty.stderr.trim(), /^geopretrain report: .*no results table/);
  appendResults(dir, buildRows().filter((r) => r.dataset === 'mfnet'));
  const ok = spawnSync(process.execPath, [bin, 'report', '--results', dir, '--no-charts', '--resamples', '500', '--json'], { encoding: 'utf8', env });
  assert.equal(ok.status, 0, ok.stderr);
  const out = JSON.parse(ok.stdout);
  assert.equal(out.report, path.join(dir, 'report.md'));
  assert.equal(out.charts.length, 0);
  assert.ok(out.differences.some((d: { treatment: string; significant: boolean }) => d.treatment === 'generalised' && d.significant));
  assert.ok(fs.existsSync(path.join(dir, 'report.md')));
  fs.rmSync(dir, { recursive: true, force: true });
});
