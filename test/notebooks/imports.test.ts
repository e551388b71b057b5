import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';

const SRC = path.resolve(__dirname, '..', '..', 'src');

function files(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : []));
}

// tslab compiles src/ for the notebooks and resolves a relative import only to a file: an import of
// a folder ('./strategies' meaning './strategies/index') fails there at run time with an empty error.
test('src/ never imports a folder by its name (notebooks need ./folder/index)', () => {
  const bad: string[] = [];
  for (const f of files(SRC)) {
    const text = fs.readFileSync(f, 'utf8');
    for (const m of text.matchAll(/(?:from|import|require\()\s*['"](\.[^'"]*)['"]/g)) {
      const target = path.resolve(path.dirname(f), m[1]);
      if (fs.existsSync(target) && fs.statSync(target).isDirectory() && !fs.existsSync(`${target}.ts`)) bad.push(`${path.relative(SRC, f)}: '${m[1]}'`);
    }
  }
  assert.deepEqual(bad, []);
});
