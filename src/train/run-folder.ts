/**
 * The folder of one run (pre-training or fine-tuning):
 *   config.json    everything needed to repeat the run (written atomically at the start)
 *   metrics.jsonl  one JSON object per step (see metrics-log.ts)
 *   checkpoint/    the latest checkpoint (weights + optimiser state + step + RNG states + data
 *                  position + config), replaced atomically every K steps and at the end
 *   final.json     the final metrics (written atomically at the end)
 * A checkpoint folder can be named directly wherever a run folder is accepted.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { UserError } from '../util/errors';
import { writeJsonAtomic } from '../util/atomic';
import { codeVersion, stackVersions } from '../util/versions';

export interface RunPaths {
  dir: string;
  config: string;
  metrics: string;
  checkpoint: string;
  final: string;
}

export function runPaths(dir: string): RunPaths {
  const d = path.resolve(dir);
  return { dir: d, config: path.join(d, 'config.json'), metrics: path.join(d, 'metrics.jsonl'), checkpoint: path.join(d, 'checkpoint'), final: path.join(d, 'final.json') };
}

/** True when `dir` holds a checkpoint written by src/models (weights.json + weights.bin). */
export function isCheckpointDir(dir: string): boolean {
  return fs.existsSync(path.join(dir, 'weights.json')) && fs.existsSync(path.join(dir, 'weights.bin'));
}

/** The checkpoint folder of a run folder or a checkpoint folder; a UserError when there is none. */
export function resolveCheckpoint(dirOrRun: string): string {
  const d = path.resolve(dirOrRun);
  if (isCheckpointDir(d)) return d;
  const inner = path.join(d, 'checkpoint');
  if (isCheckpointDir(inner)) return inner;
  if (!fs.existsSync(d)) throw new UserError('no such run or checkpoint folder', dirOrRun);
  throw new UserError('not a run folder with checkpoint/ nor a checkpoint folder (weights.json and weights.bin missing)', dirOrRun);
}

/** Where the run was made: code version, backend, stack, time. Stored in config.json. */
export function provenance(backend: string): Record<string, unknown> {
  return { codeVersion: codeVersion(), backend, versions: stackVersions(), createdAt: new Date().toISOString(), host: { platform: process.platform, arch: process.arch } };
}

/**
 * Prepares a run folder. A new run refuses a folder that already holds a run (unless `overwrite`);
 * a resumed run needs one with a checkpoint.
 */
export function prepareRunFolder(dir: string, resume: boolean, overwrite = false): RunPaths {
  const p = runPaths(dir);
  if (resume) {
    if (!isCheckpointDir(p.checkpoint)) throw new UserError('--resume: no checkpoint to resume from (checkpoint/ missing)', p.dir);
    if (!fs.existsSync(p.config)) throw new UserError('--resume: config.json missing', p.dir);
    return p;
  }
  if (fs.existsSync(p.dir) && fs.readdirSync(p.dir).some((f) => !f.startsWith('.'))) {
    if (!overwrite) throw new UserError('the output folder is not empty (use --resume to continue that run, or choose another --out)', p.dir);
    for (const f of ['config.json', 'metrics.jsonl', 'final.json']) fs.rmSync(path.join(p.dir, f), { force: true });
    fs.rmSync(p.checkpoint, { recursive: true, force: true });
  }
  fs.mkdirSync(p.dir, { recursive: true });
  return p;
}

export function writeConfig(p: RunPaths, config: unknown): void {
  writeJsonAtomic(p.config, config);
}

export function readJson<T>(file: string): T {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as T;
  } catch (err) {
    throw new UserError(`cannot read JSON: ${(err as Error).message.split('\n')[0]}`, file);
  }
}

export function writeFinal(p: RunPaths, final: unknown): void {
  writeJsonAtomic(p.final, final);
}
