import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCli } from '../cli/helpers';

function failedLogs(out: string): string {
  const dir = path.join(out, 'logs');
  if (!fs.existsSync(dir)) return '';
  return fs.readdirSync(dir).map((f) => fs.readFileSync(path.join(dir, f), 'utf8')).filter((t) => /error|Error/.test(t)).map((t) => t.slice(-1500)).join('\n---\n');
}

test('reproduce (smoke, one target): results, charts and report; a rerun trains only what is missing', { timeout: 10 * 60 * 1000 }, () => {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'gp-repro-'));
  const args = ['reproduce', '--profile', 'smoke', '--targets', 'pst900', '--no-ablation', '--out', out, '--json'];
  const first = runCli(args);
  assert.equal(first.status, 0, `${first.stderr}\n${first.stdout}\n${failedLogs(out)}`);
  const summary = JSON.parse(first.stdout);
  assert.equal(summary.failed.length, 0);
  assert.equal(summary.ran, summary.runs);
  for (const f of ['results.parquet', 'results.csv', 'report.md', 'plan.json']) assert.ok(fs.existsSync(path.join(out, f)), f);
  const charts = fs.readdirSync(path.join(out, 'charts'));
  assert.ok(charts.some((c) => c.endsWith('.svg')) && charts.some((c) => c.endsWith('.png')));
  const report = fs.readFileSync(path.join(out, 'report.md'), 'utf8');
  assert.match(report, /On pst900 \(RGB-T\) \[finetune-smoke\], generalised − baseline in mIoU is [+-]\d+\.\d\d points .*(so the difference is significant|not significant)/);
  assert.match(report, /## Analyses of the paper/);
  // evaluate reproduces the run's own test metrics and writes one prediction PNG per test image.
  const runDir = path.join(out, 'runs', 'finetune-pst900-generalised-s1');
  const preds = path.join(out, 'preds');
  const ev = runCli(['evaluate', 'pst900', '--checkpoint', runDir, '--save-predictions', preds, '--json']);
  assert.equal(ev.status, 0, ev.stderr);
  const evOut = JSON.parse(ev.stdout);
  const final = JSON.parse(fs.readFileSync(path.join(runDir, 'final.json'), 'utf8'));
  assert.ok(Math.abs(evOut.evaluations[0].mIoU - final.mIoU) < 1e-9, `${evOut.evaluations[0].mIoU} vs ${final.mIoU}`);
  assert.equal(fs.readdirSync(preds).filter((f) => f.endsWith('.png')).length, evOut.images);
  // Killed runs leave no final.json: one after a checkpoint (resumed), one before any (replaced).
  fs.rmSync(path.join(out, 'runs', 'finetune-pst900-random-s2', 'final.json'));
  fs.rmSync(path.join(out, 'runs', 'finetune-pst900-baseline-s1', 'final.json'));
  fs.rmSync(path.join(out, 'runs', 'finetune-pst900-baseline-s1', 'checkpoint'), { recursive: true });
  const second = runCli(args);
  assert.equal(second.status, 0, second.stderr);
  const again = JSON.parse(second.stdout);
  assert.equal(again.ran, 2);
  assert.equal(again.skipped, summary.runs - 2);
  for (const id of ['finetune-pst900-random-s2', 'finetune-pst900-baseline-s1']) assert.ok(fs.existsSync(path.join(out, 'runs', id, 'final.json')), id);
  fs.rmSync(out, { recursive: true, force: true });
});

test('reproduce --plan prints one geopretrain command per run', () => {
  const r = runCli(['reproduce', '--quick', '--plan', '--out', '/tmp/gp-plan']);
  assert.equal(r.status, 0, r.stderr);
  const lines = r.stdout.trim().split('\n');
  assert.equal(lines.length, 68);
  assert.ok(lines.every((l) => /^geopretrain (pretrain|finetune|evaluate) /.test(l)));
});

test('evaluate: a folder that is not a fine-tuning run is a one-line error naming it', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gp-eval-'));
  const r = runCli(['evaluate', 'mfnet', '--checkpoint', dir]);
  assert.notEqual(r.status, 0);
  assert.equal(r.stderr.trim().split('\n').length, 1);
  assert.ok(r.stderr.includes(dir));
  fs.rmSync(dir, { recursive: true, force: true });
});
