import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCli } from '../cli/helpers';

function firstFile(dir: string, ext: RegExp): string {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) {
      const f = firstFile(p, ext);
      if (f) return f;
    } else if (ext.test(e.name)) return p;
  }
  return '';
}

// Each SynthGeo target, written in its real format by `synth`, passes `inspect`; a truncated image
// in a copy makes `inspect` fail and name that file.
for (const [name, counts, ext] of [
  ['isaid', ['--train', '4', '--test', '2'], /\.png$/],
  ['mfnet', ['--train', '4', '--test', '4'], /\.png$/],
  ['pst900', ['--train', '4', '--test', '2'], /\.png$/],
  ['potsdam', ['--train', '2', '--test', '1', '--size', '64'], /_IRRG\.tif$/],
] as const) {
  test(`inspect passes on SynthGeo ${name} and fails on a corrupted copy, naming the file`, () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), `gp-synth-${name}-`));
    const out = path.join(root, name);
    const synth = runCli(['synth', name, '--out', out, '--seed', '3', ...counts]);
    assert.equal(synth.status, 0, synth.stderr);
    const good = runCli(['inspect', `synthgeo-${name}`, '--root', out, '--json']);
    assert.equal(good.status, 0, good.stdout + good.stderr);
    const victim = firstFile(out, ext);
    assert.ok(victim, 'found a file to corrupt');
    const bytes = fs.readFileSync(victim);
    fs.writeFileSync(victim, bytes.subarray(0, Math.floor(bytes.length / 3)));
    const bad = runCli(['inspect', `synthgeo-${name}`, '--root', out]);
    assert.notEqual(bad.status, 0);
    assert.ok((bad.stdout + bad.stderr).includes(path.basename(victim)), `names ${path.basename(victim)}:\n${bad.stdout}${bad.stderr}`);
    fs.rmSync(root, { recursive: true, force: true });
  });
}
