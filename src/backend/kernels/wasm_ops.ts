import * as tf from '@tensorflow/tfjs-core';
import type { BackendValues, DataId, DataType, NamedAttrMap, NamedTensorInfoMap, TensorInfo } from '@tensorflow/tfjs-core';

/** What the kernels here use of the wasm backend object (tfjs-backend-wasm's BackendWasm, untyped there). */
export interface WasmBackend {
  wasm: { HEAPF32: Float32Array; HEAP32: Int32Array; HEAPU8: Uint8Array };
  dataIdMap: { get(dataId: DataId): { memoryOffset: number; refCount: number } | undefined; has(dataId: DataId): boolean };
  makeOutput(shape: number[], dtype: DataType, memoryOffset?: number, values?: BackendValues): TensorInfo;
  disposeData(dataId: DataId, force?: boolean): boolean;
  readSync(dataId: DataId): BackendValues;
  numDataIds(): number;
}

/** Kernel call arguments as the engine passes them. */
export interface KernelArgs {
  inputs: NamedTensorInfoMap;
  backend: {};
  attrs?: NamedAttrMap;
}

/**
 * Runs the wasm backend's own kernel functions from inside another kernel, without the engine: no
 * tape, no tensor tracking. Every TensorInfo a call returns holds one reference on the backend; the
 * session releases all of them except the one handed back by `finish` (or all, by `abort`).
 * Heavy arithmetic thus stays in the backend's compiled (SIMD) kernels.
 */
export class WasmOps {
  private owned: TensorInfo[] = [];

  constructor(readonly backend: WasmBackend) {}

  run(kernelName: string, inputs: NamedTensorInfoMap, attrs: NamedAttrMap = {}): TensorInfo {
    const config = tf.getKernel(kernelName, 'wasm');
    if (config === undefined) throw new Error(`wasm backend has no ${kernelName} kernel`);
    const out = config.kernelFunc({ inputs, backend: this.backend, attrs });
    if (Array.isArray(out)) throw new Error(`${kernelName} returned several outputs; WasmOps.run expects one`);
    this.owned.push(out);
    return out;
  }

  /** A new float32 (or int32) tensor of the given shape with every element zero. */
  zeros(shape: number[], dtype: 'float32' | 'int32' = 'float32'): TensorInfo {
    const out = this.backend.makeOutput(shape, dtype);
    this.owned.push(out);
    const size = sizeOf(shape);
    if (size > 0) this.heapOf(out).fill(0, this.offsetOf(out), this.offsetOf(out) + size);
    return out;
  }

  /** An uninitialised float32 tensor (the caller writes every element). */
  alloc(shape: number[]): TensorInfo {
    const out = this.backend.makeOutput(shape, 'float32');
    this.owned.push(out);
    return out;
  }

  /**
   * The heap view holding `info` (float32 or int32). Fetch it after the last allocation: the wasm
   * memory may grow, which replaces the views.
   */
  heapOf(info: TensorInfo): Float32Array | Int32Array {
    if (info.dtype === 'float32') return this.backend.wasm.HEAPF32;
    if (info.dtype === 'int32') return this.backend.wasm.HEAP32;
    throw new Error(`heap access for dtype ${info.dtype} is not supported`);
  }

  /** Element offset of `info`'s data inside its heap view (4-byte elements). */
  offsetOf(info: TensorInfo): number {
    const data = this.backend.dataIdMap.get(info.dataId);
    if (data === undefined) throw new Error('tensor data is not on the wasm backend');
    return data.memoryOffset / 4;
  }

  reshape(x: TensorInfo, shape: number[]): TensorInfo {
    return this.run('Reshape', { x }, { shape });
  }

  transpose(x: TensorInfo, perm: number[]): TensorInfo {
    return this.run('Transpose', { x }, { perm });
  }

  matMul(a: TensorInfo, b: TensorInfo): TensorInfo {
    return this.run('BatchMatMul', { a, b }, { transposeA: false, transposeB: false });
  }

  add(a: TensorInfo, b: TensorInfo): TensorInfo {
    return this.run('Add', { a, b });
  }

  slice(x: TensorInfo, begin: number[], size: number[]): TensorInfo {
    return this.run('Slice', { x }, { begin, size });
  }

  sum(x: TensorInfo, axis: number[]): TensorInfo {
    return this.run('Sum', { x }, { axis, keepDims: false });
  }

  reverse(x: TensorInfo, dims: number[]): TensorInfo {
    return this.run('Reverse', { x }, { dims });
  }

  /** Takes ownership of a tensor produced outside `run` (e.g. by a wrapped kernel function). */
  adopt(info: TensorInfo): TensorInfo {
    this.owned.push(info);
    return info;
  }

  /** Releases one intermediate early (large buffers inside loops). */
  release(info: TensorInfo): void {
    const i = this.owned.indexOf(info);
    if (i < 0) throw new Error('release of a tensor this session does not own');
    this.owned.splice(i, 1);
    this.backend.disposeData(info.dataId);
  }

  /** Releases every intermediate but `result`, which the caller (the engine) now owns. */
  finish(result: TensorInfo): TensorInfo {
    if (!this.owned.includes(result)) throw new Error('finish: the result must come from this session');
    for (const info of this.owned) if (info !== result) this.backend.disposeData(info.dataId);
    this.owned = [];
    return result;
  }

  /** Releases everything (after an error). */
  abort(): void {
    for (const info of this.owned) this.backend.disposeData(info.dataId);
    this.owned = [];
  }
}

/** Runs `body` with a fresh session; on error releases every intermediate before rethrowing. */
export function withWasmOps(backend: {}, body: (ops: WasmOps) => TensorInfo): TensorInfo {
  const ops = new WasmOps(backend as WasmBackend);
  try {
    return ops.finish(body(ops));
  } catch (err) {
    ops.abort();
    throw err;
  }
}

export function sizeOf(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}
