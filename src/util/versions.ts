import * as fs from 'node:fs';
import * as path from 'node:path';
import { execFileSync } from 'node:child_process';
import { projectRoot } from './paths';


/** The installed version of a package, or null when it is absent. */
export function packageVersion(name: string): string | null {
  try {
    const file = path.join(projectRoot(), 'node_modules', name, 'package.json');
    return (JSON.parse(fs.readFileSync(file, 'utf8')) as { version: string }).version;
  } catch {
    return null;
  }
}

/** Versions of the runtime and of the stack, for the record kept with every result. */
export function stackVersions(): Record<string, string | null> {
  const names = ['@tensorflow/tfjs-core', '@tensorflow/tfjs-backend-wasm', '@tensorflow/tfjs-node', '@tensorflow/tfjs-node-gpu', 'nodejs-polars', 'vega', 'vega-lite', 'geotiff', 'sharp', 'tslab'];
  const out: Record<string, string | null> = { node: process.versions.node, geopretrain: packageVersionAt(projectRoot()) };
  for (const n of names) out[n] = packageVersion(n);
  return out;
}

function packageVersionAt(dir: string): string | null {
  try {
    return (JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return null;
  }
}

/** The git commit of the code (with "-dirty" when the tree has changes), or null outside a checkout. */
export function codeVersion(): string | null {
  try {
    const head = execFileSync('git', ['rev-parse', '--short=12', 'HEAD'], { cwd: projectRoot(), stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], { cwd: projectRoot(), stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim();
    return dirty ? `${head}-dirty` : head;
  } catch {
    return null;
  }
}
