import * as fs from 'node:fs';
import * as path from 'node:path';

let cached: string | undefined;

/**
 * The project's root folder (where its package.json is). Found from this file's real path, so it is
 * right from the CLI, the tests and tslab notebooks (which load src/ through notebooks/src).
 */
export function projectRoot(): string {
  if (cached) return cached;
  let dir = fs.realpathSync(__dirname);
  for (;;) {
    const pkg = path.join(dir, 'package.json');
    if (fs.existsSync(pkg) && (JSON.parse(fs.readFileSync(pkg, 'utf8')) as { name?: string }).name === 'geopretrain') {
      cached = dir;
      return dir;
    }
    const up = path.dirname(dir);
    if (up === dir) throw new Error(`cannot find the geopretrain package.json above ${__dirname}`);
    dir = up;
  }
}
