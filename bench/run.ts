import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { initBackend, type BackendInfo } from '../src/backend/select';
import { nativeKernelReport, type NativeKernelReport } from '../src/backend/native/register';
import { UserError } from '../src/util/errors';
import { benchModel, type BenchSettings, type ModelBenchResult } from './model-bench';
import { BENCH_MODELS, DEFAULT_BENCH_MODELS } from './models/registry';
import { ensureNativeAddon } from './native-setup';
import { BENCH_OPTIMISER } from './train-step';
import { ensureTorch, TorchReference } from './torch-reference';

export interface BenchOptions {
  models?: string[];
  repeats?: number;
  stepsPerRepeat?: number;
  warmup?: number;
  /** Skip PyTorch entirely (no install either). */
  noTorch?: boolean;
  /** Skip the loader and metric benches. */
  modelsOnly?: boolean;
  log?: (line: string) => void;
}

export interface ExtraBench {
  name: string;
  result: unknown;
  skipped?: string;
}

export interface BenchReport {
  backend: { choice: string; tfName: string; wasmThreads: number; simd: boolean | null };
  native: (NativeKernelReport & { setup: string }) | null;
  threads: { cores: number; tfjsWasm: number; tfjsNative: number | null; pytorch: number | null; note: string };
  dtype: 'float32';
  optimiser: typeof BENCH_OPTIMISER;
  settings: BenchSettings;
  pytorch: { available: boolean; version: string | null; reason: string | null };
  /** 1-minute load average before and after: other processes on the machine distort both sides. */
  loadAverage: { before: number; after: number };
  models: ModelBenchResult[];
  loader: ExtraBench;
  metrics: ExtraBench;
}

/** Runs the whole bench: every requested model in tfjs and PyTorch (interleaved), then loader and metrics. */
export async function runBench(opts: BenchOptions = {}): Promise<BenchReport> {
  const log = opts.log ?? (() => undefined);
  const names = opts.models && opts.models.length > 0 ? opts.models : DEFAULT_BENCH_MODELS;
  for (const n of names) {
    if (!BENCH_MODELS[n]) throw new UserError(`unknown model '${n}' (known: ${Object.keys(BENCH_MODELS).join(', ')})`);
  }
  const cores = os.availableParallelism?.() ?? os.cpus().length;
  const settings: BenchSettings = { repeats: opts.repeats ?? 5, stepsPerRepeat: opts.stepsPerRepeat ?? 4, warmup: opts.warmup ?? 3, threads: cores, seed: 7 };
  if (settings.repeats < 1 || settings.stepsPerRepeat < 1 || settings.warmup < 0) throw new UserError('--repeats and --steps must be at least 1, --warmup at least 0');
  const nativeSetup = ensureNativeAddon(log);
  const info: BackendInfo = await initBackend();

  const loadBefore = os.loadavg()[0];
  const torchState = opts.noTorch ? { ok: false as const, reason: 'disabled (--no-torch)' } : ensureTorch(log);
  const torch = torchState.ok ? new TorchReference() : null;
  const models: ModelBenchResult[] = [];
  try {
    for (const name of names) {
      log(`bench: ${name} …`);
      models.push(await benchModel(BENCH_MODELS[name](), settings, torch, torchState.ok ? '' : torchState.reason));
    }
  } finally {
    await torch?.close();
  }
  const registered = nativeKernelReport();
  const native = registered ? { ...registered, setup: nativeSetup } : null;
  const torchThreads = models.map((m) => ('threads' in m.pytorch ? m.pytorch.threads : null)).find((t) => t !== null) ?? null;
  return {
    backend: { choice: info.choice, tfName: info.tfName, wasmThreads: info.threads, simd: info.simd },
    native,
    threads: {
      cores,
      tfjsWasm: info.threads,
      tfjsNative: native?.active ? native.threads : null,
      pytorch: torchThreads,
      note: 'both sides may use every core: PyTorch via torch.set_num_threads, tfjs native kernels via OpenMP; the wasm kernels of tfjs run on one thread (tfjs 4.22 disables wasm threads in Node)',
    },
    dtype: 'float32',
    optimiser: BENCH_OPTIMISER,
    settings,
    loadAverage: { before: Number(loadBefore.toFixed(2)), after: Number(os.loadavg()[0].toFixed(2)) },
    pytorch: { available: torchState.ok, version: torchState.ok ? torchState.version : null, reason: torchState.ok ? null : torchState.reason },
    models,
    loader: opts.modelsOnly ? { name: 'loader', result: null, skipped: '--models-only' } : await extraBench('loader', 'benchLoader', log),
    metrics: opts.modelsOnly ? { name: 'metrics', result: null, skipped: '--models-only' } : await extraBench('metrics', 'benchMetrics', log),
  };
}

/** Runs bench/<file>.ts's exported function when that file exists (written by other parts of the project). */
async function extraBench(file: string, fn: string, log: (line: string) => void): Promise<ExtraBench> {
  const full = path.join(__dirname, `${file}.ts`);
  if (!fs.existsSync(full)) return { name: file, result: null, skipped: `bench/${file}.ts not present` };
  log(`bench: ${file} …`);
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const mod = require(full) as Record<string, unknown>;
    const f = mod[fn];
    if (typeof f !== 'function') return { name: file, result: null, skipped: `bench/${file}.ts exports no ${fn}()` };
    return { name: file, result: await (f as () => unknown)() };
  } catch (err) {
    return { name: file, result: null, skipped: `bench/${file}.ts failed: ${(err as Error).message.split('\n')[0]}` };
  }
}
