import * as fs from 'node:fs';
import * as path from 'node:path';
import { projectRoot } from '../../util/paths';
import { UserError } from '../../util/errors';
import type { DatasetManifest } from './types';
import { validateManifest } from './validate';

export type { DatasetManifest } from './types';
export { envVarFor, validateManifest } from './validate';

/** Folder of the manifests: GEOPRETRAIN_MANIFEST_DIR, else data-manifests/ at the project root. */
export function manifestDir(): string {
  return process.env.GEOPRETRAIN_MANIFEST_DIR ?? path.join(projectRoot(), 'data-manifests');
}

function readJson(file: string): Record<string, unknown> {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    throw new UserError('manifest not found', file);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new UserError(`manifest is not valid JSON: ${(err as Error).message}`, file);
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new UserError('invalid manifest at $: expected an object', file);
  return json as Record<string, unknown>;
}

/**
 * Reads and validates one manifest file. A manifest may say `"extends": "<other>"`: it then starts
 * from that manifest's fields (same folder) and replaces the top-level fields it gives.
 */
export function loadManifestFile(file: string, seen: string[] = []): DatasetManifest {
  const json = readJson(file);
  const stem = path.basename(file, '.json');
  let merged: Record<string, unknown> = json;
  if ('extends' in json) {
    const base = json.extends;
    if (typeof base !== 'string') throw new UserError('invalid manifest at $.extends: expected a manifest name', file);
    if (seen.includes(base) || base === stem) throw new UserError(`invalid manifest at $.extends: circular extends via ${base}`, file);
    const baseFile = path.join(path.dirname(file), `${base}.json`);
    if (!fs.existsSync(baseFile)) throw new UserError(`invalid manifest at $.extends: no manifest ${baseFile}`, file);
    const parent = readJson(baseFile);
    delete parent.extends;
    const own = { ...json };
    delete own.extends;
    merged = { ...parent, ...own };
  }
  return validateManifest(merged, file, stem);
}

const cache = new Map<string, DatasetManifest>();

/** The names of all manifests in the manifest folder, sorted. */
export function listManifestNames(dir = manifestDir()): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir).filter((f) => f.endsWith('.json')).map((f) => f.slice(0, -5)).sort();
}

/** The validated manifest of a dataset by name (cached per process). */
export function loadManifest(name: string, dir = manifestDir()): DatasetManifest {
  const file = path.join(dir, `${name}.json`);
  const hit = cache.get(file);
  if (hit) return hit;
  if (!fs.existsSync(file)) throw new UserError(`unknown dataset '${name}' (known: ${listManifestNames(dir).join(', ')})`, file);
  const m = loadManifestFile(file);
  cache.set(file, m);
  return m;
}

/** All manifests of the folder, each validated. */
export function loadAllManifests(dir = manifestDir()): DatasetManifest[] {
  return listManifestNames(dir).map((n) => loadManifest(n, dir));
}

/** Resolves a dataset root: an explicit --root wins, then the manifest's environment variable. */
export function resolveRoot(manifest: DatasetManifest, root?: string): string {
  const chosen = root ?? process.env[manifest.envVar];
  if (!chosen) throw new UserError(`${manifest.name}: no data root; pass --root DIR or set ${manifest.envVar} (geopretrain datasets shows the expected layout)`);
  if (!fs.existsSync(chosen)) throw new UserError(`${manifest.name}: data root does not exist`, chosen);
  return chosen;
}
