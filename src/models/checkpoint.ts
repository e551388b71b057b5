/**
 * Checkpoints: a folder with weights.bin (every tensor's values, little-endian, concatenated),
 * weights.json (CheckpointIndex: model config + name, group, shape, dtype, byte offset per tensor) and
 * state.json (the caller's JSON state), written atomically. Loading requires an exact match of names
 * and shapes and otherwise lists every difference; a failed load leaves the model unchanged.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { writeDirAtomic } from '../util/atomic';
import { UserError, errorMessage } from '../util/errors';
import type { CheckpointData, CheckpointEntry, CheckpointIndex, Model, ModelConfig, StoredTensor, TensorGroup } from './types';

export const WEIGHTS_BIN = 'weights.bin';
export const WEIGHTS_JSON = 'weights.json';
export const STATE_JSON = 'state.json';

/** Same shape as tfjs' optimizer.getWeights() items. */
export interface NamedTensor {
  name: string;
  tensor: tf.Tensor;
}

export interface SaveOptions {
  /** Any JSON-serialisable state (step, RNG state, run config…), stored in state.json. */
  state?: unknown;
  /** Extra tensors by name, e.g. `await optimizer.getWeights()` (float32 or int32). */
  extraTensors?: NamedTensor[] | Map<string, tf.Tensor>;
}

/** The hierarchical weight name behind a tfjs variable name ('m12/encoder.stem.conv.weight'). */
export function weightNameOf(tfjsName: string): string {
  return tfjsName.replace(/^m\d+\//, '');
}

/** Saves the model's weights (all, incl. running statistics) and the given extras into `dir`. */
export async function saveCheckpoint(dir: string, model: Model, opts: SaveOptions = {}): Promise<void> {
  const items: { name: string; group: TensorGroup; tensor: tf.Tensor }[] = [];
  for (const [name, v] of model.namedWeights()) items.push({ name, group: 'model', tensor: v });
  const extras = opts.extraTensors instanceof Map ? [...opts.extraTensors].map(([name, tensor]) => ({ name, tensor })) : (opts.extraTensors ?? []);
  const seen = new Set<string>();
  for (const { name, tensor } of extras) {
    if (seen.has(name)) throw new Error(`saveCheckpoint: duplicate extra tensor name ${name}`);
    seen.add(name);
    items.push({ name, group: 'extra', tensor });
  }
  const entries: CheckpointEntry[] = [];
  const chunks: Uint8Array[] = [];
  let offset = 0;
  for (const { name, group, tensor } of items) {
    if (tensor.dtype !== 'float32' && tensor.dtype !== 'int32') throw new Error(`saveCheckpoint: ${name} has dtype ${tensor.dtype}; only float32 and int32 are stored`);
    const values = await tensor.data();
    const typed = tensor.dtype === 'float32' ? Float32Array.from(values as Float32Array) : Int32Array.from(values as Int32Array);
    const bytes = new Uint8Array(typed.buffer, typed.byteOffset, typed.byteLength);
    entries.push({ name, group, shape: [...tensor.shape], dtype: tensor.dtype, offset });
    chunks.push(bytes);
    offset += bytes.byteLength;
  }
  const index: CheckpointIndex = { format: 'geopretrain-weights', version: 1, config: model.config, tensors: entries };
  const state = JSON.stringify(opts.state ?? null, null, 2) + '\n';
  await writeDirAtomic(dir, (tmp) => {
    fs.writeFileSync(path.join(tmp, WEIGHTS_BIN), Buffer.concat(chunks));
    fs.writeFileSync(path.join(tmp, WEIGHTS_JSON), JSON.stringify(index, null, 1) + '\n');
    fs.writeFileSync(path.join(tmp, STATE_JSON), state);
  });
}

/** Reads a checkpoint folder into memory; a UserError naming the file if anything is missing or inconsistent. */
export function readCheckpoint(dir: string): CheckpointData {
  const jsonPath = path.join(dir, WEIGHTS_JSON);
  const binPath = path.join(dir, WEIGHTS_BIN);
  const statePath = path.join(dir, STATE_JSON);
  if (!fs.existsSync(dir)) throw new UserError('checkpoint folder does not exist', dir);
  for (const p of [jsonPath, binPath]) if (!fs.existsSync(p)) throw new UserError('missing (not a complete checkpoint folder)', p);
  let index: CheckpointIndex;
  try {
    index = JSON.parse(fs.readFileSync(jsonPath, 'utf8')) as CheckpointIndex;
  } catch (err) {
    throw new UserError(`not valid JSON: ${errorMessage(err)}`, jsonPath);
  }
  if (index?.format !== 'geopretrain-weights' || index.version !== 1 || !Array.isArray(index.tensors)) {
    throw new UserError('not a geopretrain weights index (format/version/tensors)', jsonPath);
  }
  const bin = fs.readFileSync(binPath);
  const model = new Map<string, StoredTensor>();
  const extra = new Map<string, StoredTensor>();
  for (const e of index.tensors) {
    const where = `tensor ${String(e?.name)}`;
    if (typeof e?.name !== 'string' || !Array.isArray(e.shape) || !e.shape.every((d) => Number.isInteger(d) && d >= 0)) throw new UserError(`${where}: bad name or shape`, jsonPath);
    if (e.dtype !== 'float32' && e.dtype !== 'int32') throw new UserError(`${where}: unsupported dtype ${String(e.dtype)}`, jsonPath);
    if (e.group !== 'model' && e.group !== 'extra') throw new UserError(`${where}: unknown group ${String(e.group)}`, jsonPath);
    const size = e.shape.reduce((a, b) => a * b, 1);
    if (!Number.isInteger(e.offset) || e.offset < 0 || e.offset % 4 !== 0 || e.offset + size * 4 > bin.byteLength) {
      throw new UserError(`${where}: bytes ${e.offset}..${e.offset + size * 4} lie outside ${WEIGHTS_BIN} (${bin.byteLength} bytes)`, jsonPath);
    }
    const slice = bin.buffer.slice(bin.byteOffset + e.offset, bin.byteOffset + e.offset + size * 4);
    const data = e.dtype === 'float32' ? new Float32Array(slice) : new Int32Array(slice);
    const target = e.group === 'model' ? model : extra;
    if (target.has(e.name)) throw new UserError(`${where}: listed twice`, jsonPath);
    target.set(e.name, { shape: e.shape, dtype: e.dtype, data });
  }
  let state: unknown = null;
  if (fs.existsSync(statePath)) {
    try {
      state = JSON.parse(fs.readFileSync(statePath, 'utf8'));
    } catch (err) {
      throw new UserError(`not valid JSON: ${errorMessage(err)}`, statePath);
    }
  }
  return { dir, config: index.config as ModelConfig, model, extra, state };
}

export interface WeightDiff {
  missing: string[];
  unexpected: string[];
  mismatched: { name: string; saved: number[]; model: number[] }[];
}

/** Names in the model but not the checkpoint, the reverse, and shape differences. */
export function diffWeights(model: Model, saved: Map<string, StoredTensor>): WeightDiff {
  const weights = model.namedWeights();
  const missing = [...weights.keys()].filter((n) => !saved.has(n));
  const unexpected = [...saved.keys()].filter((n) => !weights.has(n));
  const mismatched: WeightDiff['mismatched'] = [];
  for (const [name, v] of weights) {
    const s = saved.get(name);
    if (s && !sameShape(s.shape, v.shape)) mismatched.push({ name, saved: s.shape, model: [...v.shape] });
  }
  return { missing, unexpected, mismatched };
}

/** Copies every saved model tensor into the model; throws (model untouched) unless names and shapes match exactly. */
export function loadWeights(model: Model, ck: CheckpointData): void {
  const diff = diffWeights(model, ck.model);
  if (diff.missing.length + diff.unexpected.length + diff.mismatched.length > 0) {
    throw new UserError(`checkpoint does not match the model: ${describeDiff(diff)}`, path.join(ck.dir, WEIGHTS_JSON));
  }
  for (const s of ck.model.values()) {
    if (s.dtype !== 'float32') throw new UserError('model tensors must be float32', path.join(ck.dir, WEIGHTS_JSON));
  }
  const weights = model.namedWeights();
  tf.tidy(() => {
    for (const [name, v] of weights) {
      const s = ck.model.get(name) as StoredTensor;
      v.assign(tf.tensor(s.data, s.shape, 'float32'));
    }
  });
}

/** readCheckpoint + loadWeights; returns the checkpoint (state and extra tensors) for the caller. */
export function loadCheckpoint(dir: string, model: Model): CheckpointData {
  const ck = readCheckpoint(dir);
  loadWeights(model, ck);
  return ck;
}

/** New tensors for one group (e.g. 'extra' → optimizer.setWeights); the caller disposes them. */
export function checkpointTensors(ck: CheckpointData, group: TensorGroup): NamedTensor[] {
  const source = group === 'model' ? ck.model : ck.extra;
  return [...source].map(([name, s]) => ({ name, tensor: tf.tensor(s.data, s.shape, s.dtype) }));
}

/** The model's current weights as checkpoint data in memory (for transfer without a disk round trip). */
export function snapshotWeights(model: Model): CheckpointData {
  const out = new Map<string, StoredTensor>();
  for (const [name, v] of model.namedWeights()) out.set(name, { shape: [...v.shape], dtype: 'float32', data: Float32Array.from(v.dataSync() as Float32Array) });
  return { dir: '(in memory)', config: model.config, model: out, extra: new Map(), state: null };
}

export function describeDiff(diff: WeightDiff, limit = 8): string {
  const list = (xs: string[]): string => xs.slice(0, limit).join(', ') + (xs.length > limit ? `, … (${xs.length} in all)` : '');
  const parts: string[] = [];
  if (diff.missing.length) parts.push(`missing ${diff.missing.length} [${list(diff.missing)}]`);
  if (diff.unexpected.length) parts.push(`unexpected ${diff.unexpected.length} [${list(diff.unexpected)}]`);
  if (diff.mismatched.length) {
    parts.push(`shape mismatch ${diff.mismatched.length} [${list(diff.mismatched.map((m) => `${m.name}: saved [${m.saved}] vs model [${m.model}]`))}]`);
  }
  return parts.join('; ');
}

export function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}
