import * as os from 'node:os';
import * as tf from '@tensorflow/tfjs-core';
import { UserError, errorMessage } from '../util/errors';
import { registerMissingKernels, type KernelPatchReport } from './kernels/register';
import { registerNativeKernels } from './native/register';

/** The candidates, best first. Each names the npm package that provides it. */
export const BACKEND_ORDER = ['tfjs-node-gpu', 'tfjs-node', 'wasm', 'cpu'] as const;
export type BackendChoice = (typeof BACKEND_ORDER)[number];

export interface SkippedBackend {
  name: BackendChoice;
  reason: string;
}

export interface BackendInfo {
  /** The choice that runs (package view). */
  choice: BackendChoice;
  /** tf.getBackend() name: 'tensorflow', 'wasm' or 'cpu'. */
  tfName: string;
  /** Why it was chosen. */
  reason: string;
  /** The better candidates that were skipped, and why. */
  skipped: SkippedBackend[];
  threads: number;
  simd: boolean | null;
  tfjsVersion: string;
  kernelsAdded: KernelPatchReport[];
}

let selected: Promise<BackendInfo> | undefined;

/**
 * Chooses the backend once per process: GEOPRETRAIN_BACKEND when set (an error if it cannot load),
 * otherwise the first that loads of tfjs-node-gpu, tfjs-node, wasm, cpu. Later calls return the
 * same answer.
 */
export function initBackend(): Promise<BackendInfo> {
  selected ??= choose();
  return selected;
}

async function choose(): Promise<BackendInfo> {
  const override = process.env.GEOPRETRAIN_BACKEND?.trim();
  if (override) {
    if (!(BACKEND_ORDER as readonly string[]).includes(override)) {
      throw new UserError(`GEOPRETRAIN_BACKEND=${override} is not one of ${BACKEND_ORDER.join(', ')}`);
    }
    const choice = override as BackendChoice;
    const skipped = BACKEND_ORDER.slice(0, BACKEND_ORDER.indexOf(choice)).map((name) => ({ name, reason: 'GEOPRETRAIN_BACKEND chose another' }));
    try {
      return await activate(choice, `GEOPRETRAIN_BACKEND=${override}`, skipped);
    } catch (err) {
      throw new UserError(`GEOPRETRAIN_BACKEND=${override} cannot be used: ${errorMessage(err)}`);
    }
  }
  const skipped: SkippedBackend[] = [];
  for (const choice of BACKEND_ORDER) {
    try {
      const why = skipped.length === 0 ? 'first choice' : `best that loaded (${skipped.map((s) => s.name).join(', ')} skipped)`;
      return await activate(choice, why, skipped);
    } catch (err) {
      skipped.push({ name: choice, reason: errorMessage(err).split('\n')[0] });
    }
  }
  throw new Error(`no TensorFlow.js backend could start: ${skipped.map((s) => `${s.name}: ${s.reason}`).join('; ')}`);
}

async function activate(choice: BackendChoice, reason: string, skipped: SkippedBackend[]): Promise<BackendInfo> {
  let kernelsAdded: KernelPatchReport[] = [];
  switch (choice) {
    case 'tfjs-node-gpu':
    case 'tfjs-node':
      loadNative(`@tensorflow/${choice}`);
      await setBackendOrThrow('tensorflow');
      break;
    case 'wasm': {
      const wasm = loadWasmPackage();
      // Threads need SharedArrayBuffer workers, which the Node build of the wasm backend does not use;
      // the count is whatever the backend reports after it starts.
      wasm.setThreadsCount?.(os.availableParallelism?.() ?? os.cpus().length);
      await setBackendOrThrow('wasm');
      kernelsAdded = registerMissingKernels('wasm');
      registerNativeKernels('wasm'); // oneDNN convolutions when the optional addon is built; GEOPRETRAIN_NATIVE=0 disables
      break;
    }
    case 'cpu':
      require('@tensorflow/tfjs-backend-cpu');
      await setBackendOrThrow('cpu');
      break;
  }
  return {
    choice,
    tfName: tf.getBackend(),
    reason,
    skipped: [...skipped],
    threads: threadCount(choice),
    simd: choice === 'wasm' ? Boolean(await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT')) : null,
    tfjsVersion: tf.version_core,
    kernelsAdded,
  };
}

function loadNative(pkg: string): void {
  try {
    require(pkg);
  } catch (err) {
    const msg = errorMessage(err);
    if (/Cannot find module '@tensorflow\/tfjs-node/.test(msg)) {
      throw new Error(`${pkg} is not installed (an optional dependency; its install downloads libtensorflow, which this machine could not reach)`);
    }
    throw new Error(`${pkg} failed to load: ${msg.split('\n')[0]}`);
  }
}

interface WasmModule {
  setThreadsCount?: (n: number) => void;
  getThreadsCount?: () => number;
}

function loadWasmPackage(): WasmModule {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('@tensorflow/tfjs-backend-wasm') as WasmModule;
}

async function setBackendOrThrow(name: string): Promise<void> {
  // Registration of the cpu backend is always present as a fallback inside tfjs; make failures explicit.
  const ok = await tf.setBackend(name);
  if (!ok || tf.getBackend() !== name) throw new Error(`tf.setBackend('${name}') failed`);
  await tf.ready();
}

function threadCount(choice: BackendChoice): number {
  const cores = os.availableParallelism?.() ?? os.cpus().length;
  if (choice === 'wasm') return loadWasmPackage().getThreadsCount?.() ?? 1;
  if (choice === 'cpu') return 1;
  const env = Number(process.env.TF_NUM_INTRAOP_THREADS);
  return Number.isFinite(env) && env > 0 ? env : cores;
}

/** One paragraph for humans: which backend runs, why, and what was skipped. */
export function describeBackend(info: BackendInfo): string {
  const lines = [`backend: ${info.choice} (tf.getBackend() = '${info.tfName}', tfjs-core ${info.tfjsVersion})`, `reason: ${info.reason}`];
  for (const s of info.skipped) lines.push(`skipped ${s.name}: ${s.reason}`);
  lines.push(`threads: ${info.threads}${info.simd === null ? '' : `, simd: ${info.simd ? 'yes' : 'no'}`}`);
  if (info.kernelsAdded.length > 0) {
    lines.push(`kernels supplied for ${info.choice}: ${info.kernelsAdded.map((k) => `${k.kernel} (${k.implementation})`).join(', ')}`);
  }
  return lines.join('\n');
}
