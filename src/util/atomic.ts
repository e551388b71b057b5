import * as fs from 'node:fs';
import * as path from 'node:path';

let counter = 0;

/** A temporary sibling name for `target`, unique within this process. */
export function temporaryName(target: string): string {
  counter += 1;
  return path.join(path.dirname(target), `.${path.basename(target)}.tmp-${process.pid}-${counter}`);
}

/** Writes a file under a temporary name, then renames it: readers never see a half-written file. */
export function writeFileAtomic(target: string, data: string | Uint8Array): void {
  fs.mkdirSync(path.dirname(target), { recursive: true });
  const tmp = temporaryName(target);
  try {
    fs.writeFileSync(tmp, data);
    fs.renameSync(tmp, target);
  } catch (err) {
    fs.rmSync(tmp, { force: true });
    throw err;
  }
}

/** JSON, pretty-printed, written atomically. */
export function writeJsonAtomic(target: string, value: unknown): void {
  writeFileAtomic(target, JSON.stringify(value, null, 2) + '\n');
}

/**
 * Builds a directory under a temporary name and renames it into place when `build` succeeds;
 * on failure nothing is left at `target`. An existing `target` is replaced only on success.
 */
export async function writeDirAtomic(target: string, build: (dir: string) => Promise<void> | void): Promise<void> {
  fs.mkdirSync(path.dirname(path.resolve(target)), { recursive: true });
  const tmp = temporaryName(path.resolve(target));
  fs.mkdirSync(tmp, { recursive: true });
  try {
    await build(tmp);
    if (fs.existsSync(target)) {
      const old = temporaryName(path.resolve(target));
      fs.renameSync(target, old);
      fs.renameSync(tmp, target);
      fs.rmSync(old, { recursive: true, force: true });
    } else {
      fs.renameSync(tmp, target);
    }
  } catch (err) {
    fs.rmSync(tmp, { recursive: true, force: true });
    throw err;
  }
}
