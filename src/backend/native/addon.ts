import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { projectRoot } from '../../util/paths';

/** The compiled addon's interface (native/addon.cc). */
export interface NativeAddon {
  /** Runs one convolution in place; returns the oneDNN implementation name. */
  conv2d(kind: 'forward' | 'backwardData' | 'backwardWeights', params: Int32Array, a: Float32Array, b: Float32Array, out: Float32Array): string;
  /** out = tile(input); every outShape[d] a multiple of inShape[d]. */
  tile(input: Float32Array, inShape: Int32Array, outShape: Int32Array, out: Float32Array): void;
  /** out[j] = scale · Σ_i input[i·inner + j] (a reduction over the leading axes). */
  sumLeading(input: Float32Array, outer: number, inner: number, scale: number, out: Float32Array): void;
  /** out = a op b (0 add, 1 sub, 2 mul, 3 div); each operand of out's length, a divisor of it (repeated), or 1. */
  binary(op: number, a: Float32Array, b: Float32Array, out: Float32Array): void;
  /** out = (x - mean) · scale / sqrt(variance + eps) + offset with per-channel vectors of the last axis. */
  batchNorm(x: Float32Array, mean: Float32Array, variance: Float32Array, offset: Float32Array | null, scale: Float32Array | null, eps: number, out: Float32Array): void;
  /** Training batch norm over the leading axes: writes y and the batch mean and biased variance. */
  bnTrainForward(x: Float32Array, gamma: Float32Array | null, beta: Float32Array | null, eps: number, y: Float32Array, mean: Float32Array, variance: Float32Array): void;
  /** Its gradient with respect to x, gamma and beta. */
  bnTrainBackward(x: Float32Array, dy: Float32Array, gamma: Float32Array | null, mean: Float32Array, variance: Float32Array, eps: number,
    dx: Float32Array, dgamma: Float32Array, dbeta: Float32Array): void;
  /** Gradient of bilinear resizing (adjoint of the forward for both flags); dims = [n, yh, yw, c, xh, xw]. */
  resizeBilinearGrad(dy: Float32Array, dims: Int32Array, alignCorners: boolean, halfPixelCenters: boolean, dx: Float32Array): void;
  setThreads(n: number): void;
  info(): { onednn: string; threads: number; cachedPrimitives: number };
}

export type NativeStatus =
  | { loaded: true; addon: NativeAddon; path: string; onednn: string; threads: number }
  | { loaded: false; reason: string };

/** Where scripts/build-native.js leaves the addon. */
export const ADDON_PATH = path.join(projectRoot(), 'native', 'build', 'Release', 'geopretrain_native.node');

/** The addon file to load: GEOPRETRAIN_NATIVE_ADDON overrides the default (tests point it at a missing file). */
export function addonPath(): string {
  return process.env.GEOPRETRAIN_NATIVE_ADDON || ADDON_PATH;
}

let status: NativeStatus | undefined;

/**
 * Loads the oneDNN addon once. Never throws: GEOPRETRAIN_NATIVE=0, a missing build or a failed load
 * give { loaded: false, reason } and the caller keeps the wasm kernels.
 */
export function loadNativeAddon(): NativeStatus {
  if (status) return status;
  status = tryLoad();
  return status;
}

function tryLoad(): NativeStatus {
  if (process.env.GEOPRETRAIN_NATIVE === '0') return { loaded: false, reason: 'disabled by GEOPRETRAIN_NATIVE=0' };
  const file = addonPath();
  if (!fs.existsSync(file)) {
    return { loaded: false, reason: 'addon not built (needs libdnnl-dev and a C++ compiler; then: node scripts/build-native.js)' };
  }
  try {
    // Idle OpenMP threads sleep instead of spinning: on a shared or busy machine spinning threads of a
    // 2-core box made each parallel region wait for a descheduled peer (measured 13x slower steps).
    // libgomp reads this when it loads, i.e. with the addon; an explicit setting is kept.
    process.env.OMP_WAIT_POLICY ??= 'passive';
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const addon = require(file) as NativeAddon;
    addon.setThreads(nativeThreadCount());
    const info = addon.info();
    return { loaded: true, addon, path: file, onednn: info.onednn, threads: info.threads };
  } catch (err) {
    return { loaded: false, reason: `addon failed to load: ${(err as Error).message.split('\n')[0]}` };
  }
}

/** GEOPRETRAIN_NATIVE_THREADS when set, otherwise every core. */
export function nativeThreadCount(): number {
  const env = Number(process.env.GEOPRETRAIN_NATIVE_THREADS);
  if (Number.isInteger(env) && env > 0) return env;
  return os.availableParallelism?.() ?? os.cpus().length;
}
