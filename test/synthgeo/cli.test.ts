import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { main } from '../../src/cli/main';

/** Runs the CLI in-process, capturing stdout/stderr lines. */
async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const log = console.log;
  const error = console.error;
  const write = process.stdout.write.bind(process.stdout);
  console.log = (...a: unknown[]) => void out.push(a.join(' '));
  console.error = (...a: unknown[]) => void err.push(a.join(' '));
  process.stdout.write = ((chunk: string) => (out.push(String(chunk)), true)) as typeof process.stdout.write;
  try {
    const code = await main(args);
    return { code, out: out.join('\n'), err: err.join('\n') };
  } finally {
    console.log = log;
    console.error = error;
    process.stdout.write = write;
  }
}

function leftovers(dir: string): string[] {
  return fs.readdirSync(dir).filter((n) => n.includes('.tmp-'));
}

test('synth CLI: writes atomically (temp sibling, then rename) and prints counts; rerun replaces its own folder', async () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'synth-cli-'));
  try {
    const out = path.join(root, 'inet');
    const running = cli(['synth', 'imagenet', '--out', out, '--train', '300', '--test', '50', '--seed', '3']);
    // While it runs, only a temporary sibling exists.
    let sawTemp = false;
    for (let t = 0; t < 100 && !sawTemp; t++) {
      await new Promise((r) => setTimeout(r, 10));
      if (leftovers(root).length > 0) {
        sawTemp = true;
        assert.ok(!fs.existsSync(out), 'target must not appear before completion');
      }
    }
    const r = await running;
    assert.equal(r.code, 0, r.err);
    assert.ok(sawTemp, 'a temporary folder was used');
    assert.match(r.out, /train 300, val 50, shape_only 50/);
    assert.deepEqual(leftovers(root), []);
    const manifest = JSON.parse(fs.readFileSync(path.join(out, 'synthgeo.json'), 'utf8'));
    assert.deepEqual([manifest.dataset, manifest.seed, manifest.counts.train], ['imagenet', 3, 300]);

    const again = await cli(['synth', 'isaid', '--out', out, '--train', '2', '--test', '1', '--size', '32', '--json']);
    assert.equal(again.code, 0, again.err);
    const summary = JSON.parse(again.out);
    assert.deepEqual(summary.counts, { train: 2, val: 1 });
    assert.equal(summary.files, 7);
    assert.ok(!fs.existsSync(path.join(out, 'train', 'n99000000')), 'old contents replaced');
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});

test('synth CLI: bad --out and bad arguments fail with one line, exit 2, nothing written', async () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'synth-cli-'));
  try {
    const file = path.join(root, 'a-file');
    fs.writeFileSync(file, 'keep');
    const foreign = path.join(root, 'foreign');
    fs.mkdirSync(foreign);
    fs.writeFileSync(path.join(foreign, 'notes.txt'), 'mine');
    const cases: Array<[string[], RegExp]> = [
      [['synth', 'isaid', '--out', file], /is a file/],
      [['synth', 'isaid', '--out', path.join(file, 'sub')], /is a file/],
      [['synth', 'isaid', '--out', foreign], /not a SynthGeo folder/],
      [['synth', 'nope', '--out', path.join(root, 'x')], /unknown dataset/],
      [['synth', 'isaid'], /--out DIR is required/],
      [['synth', 'isaid', '--out', path.join(root, 'y'), '--size', '4'], /--size/],
      [['synth', 'isaid', '--out', path.join(root, 'y'), '--train', 'many'], /integer/],
      // Fails inside the writer: the temporary folder must be cleaned up.
      [['synth', 'potsdam', '--out', path.join(root, 'pots'), '--train', '30'], /at most 24 training tiles/],
    ];
    for (const [args, message] of cases) {
      const r = await cli(args);
      assert.equal(r.code, 2, args.join(' '));
      assert.match(r.err, message);
      assert.equal(r.err.trim().split('\n').length, 1, 'one line');
    }
    assert.equal(fs.readFileSync(file, 'utf8'), 'keep');
    assert.deepEqual(fs.readdirSync(foreign), ['notes.txt']);
    assert.deepEqual(fs.readdirSync(root).sort(), ['a-file', 'foreign']);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});
