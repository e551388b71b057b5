import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { writeDirAtomic, writeFileAtomic } from '../../src/util/atomic';

function tmp(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'gp-atomic-'));
}

test('writeFileAtomic leaves only the final file', () => {
  const dir = tmp();
  const target = path.join(dir, 'sub', 'a.json');
  writeFileAtomic(target, '{"x":1}');
  assert.equal(fs.readFileSync(target, 'utf8'), '{"x":1}');
  assert.deepEqual(fs.readdirSync(path.dirname(target)), ['a.json']);
  fs.rmSync(dir, { recursive: true });
});

test('writeDirAtomic leaves nothing when the build throws, and keeps the old folder', async () => {
  const dir = tmp();
  const target = path.join(dir, 'out');
  await assert.rejects(writeDirAtomic(target, (d) => {
    fs.writeFileSync(path.join(d, 'half.txt'), 'x');
    throw new Error('boom');
  }), /boom/);
  assert.deepEqual(fs.readdirSync(dir), []);
  await writeDirAtomic(target, (d) => fs.writeFileSync(path.join(d, 'v1.txt'), '1'));
  await assert.rejects(writeDirAtomic(target, () => {
    throw new Error('second');
  }));
  assert.deepEqual(fs.readdirSync(target), ['v1.txt']);
  await writeDirAtomic(target, (d) => fs.writeFileSync(path.join(d, 'v2.txt'), '2'));
  assert.deepEqual(fs.readdirSync(target), ['v2.txt']);
  assert.deepEqual(fs.readdirSync(dir), ['out']);
  fs.rmSync(dir, { recursive: true });
});
