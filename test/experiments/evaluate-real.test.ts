import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCli } from '../cli/helpers';
import { windowStarts } from '../../src/eval/sliding_window';

test('evaluate on a real-format dataset predicts whole images with overlapping sliding windows', { timeout: 5 * 60 * 1000 }, () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gp-eval-real-'));
  const root = path.join(dir, 'pst900');
  assert.equal(runCli(['synth', 'pst900', '--out', root, '--train', '6', '--test', '2', '--size', '48']).status, 0);
  const ft = runCli(['finetune', 'pst900', '--root', root, '--init', 'none', '--steps', '2', '--batch', '2', '--crop', '32', '--out', path.join(dir, 'run')]);
  assert.equal(ft.status, 0, ft.stderr);
  const r = runCli(['evaluate', 'pst900', '--checkpoint', path.join(dir, 'run'), '--stride', '16', '--flip', '--permute', '3,0,1,2', '--json']);
  assert.equal(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout);
  assert.equal(out.evaluations.length, 2);
  // 48-px test images, 32-px windows every 16 px: starts 0 and 16 on each axis → 4 windows an image.
  const perImage = windowStarts(48, 32, 16).length ** 2;
  for (const e of out.evaluations) {
    assert.equal(e.method.kind, 'sliding-window');
    assert.equal(e.method.images, 2);
    assert.equal(e.method.windows, 2 * perImage);
    for (const m of [e.mIoU, e.mF1, e.OA]) assert.ok(m >= 0 && m <= 1, String(m));
  }
  assert.deepEqual(out.evaluations[1].bands, ['T', 'R', 'G', 'B']);
  const bad = runCli(['evaluate', 'pst900', '--checkpoint', path.join(dir, 'run'), '--window', '16', '--stride', '32']);
  assert.notEqual(bad.status, 0);
  assert.match(bad.stderr, /stride <= window/);
  fs.rmSync(dir, { recursive: true, force: true });
});
