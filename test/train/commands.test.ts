import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCli } from '../cli/helpers';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gp-cmd-'));
process.on('exit', () => fs.rmSync(tmp, { recursive: true, force: true }));

const TINY = ['--steps', '2', '--batch', '4', '--train-count', '8', '--val-count', '4', '--image-size', '16'];

test('pretrain then finetune through the CLI: one JSON object each, run folders written', () => {
  const ckpt = path.join(tmp, 'csp4');
  const p = runCli(['pretrain', '--strategy', 'generalised', '--channels', '4', '--extensions', 'X1', ...TINY, '--out', ckpt, '--json']);
  assert.equal(p.status, 0, p.stderr);
  const pj = JSON.parse(p.stdout) as Record<string, unknown>;
  assert.equal(pj.label, 'CSP+X1');
  assert.equal(pj.steps, 2);
  for (const k of ['top1', 'top1ShapeOnly', 'top1Reversed']) assert.ok((pj[k] as number) >= 0 && (pj[k] as number) <= 1, k);
  for (const f of ['config.json', 'metrics.jsonl', 'final.json', 'checkpoint/weights.bin']) assert.ok(fs.existsSync(path.join(ckpt, f)), f);

  const run = path.join(tmp, 'ft');
  const f = runCli(['finetune', 'mfnet', '--init', ckpt, ...TINY, '--out', run, '--json']);
  assert.equal(f.status, 0, f.stderr);
  const fj = JSON.parse(f.stdout) as Record<string, unknown>;
  assert.equal(fj.init, 'CSP+X1');
  assert.deepEqual(fj.bands, ['R', 'G', 'B', 'T']);
  for (const k of ['mIoU', 'mF1', 'OA']) assert.ok((fj[k] as number) >= 0 && (fj[k] as number) <= 1, k);
  const cfg = JSON.parse(fs.readFileSync(path.join(run, 'config.json'), 'utf8'));
  assert.equal(cfg.init.adaptation.method, 'none');

  // Same command + --resume on a finished run: nothing to do, same answer.
  const again = runCli(['finetune', 'mfnet', '--init', ckpt, ...TINY, '--out', run, '--json', '--resume']);
  assert.equal(again.status, 0, again.stderr);
  assert.equal((JSON.parse(again.stdout) as Record<string, unknown>).mIoU, fj.mIoU);
});

test('bad flags give one-line errors and write nothing', () => {
  const out = path.join(tmp, 'bad');
  const a = runCli(['pretrain', '--strategy', 'baseline', '--channels', '4', '--out', out]);
  assert.equal(a.status, 2);
  assert.match(a.stderr.trim(), /^geopretrain pretrain: .*3 channels[^\n]*$/);
  const b = runCli(['finetune', 'mfnet', '--out', out]);
  assert.equal(b.status, 2);
  assert.match(b.stderr, /--init/);
  const c = runCli(['pretrain', '--strategy', 'generalised', '--extensions', 'X6', '--out', out]);
  assert.equal(c.status, 2);
  assert.match(c.stderr, /X6/);
  assert.ok(!fs.existsSync(out));
});
