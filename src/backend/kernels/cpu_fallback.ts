import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu'; // registers the 'cpu' backend whose kernels the fallback borrows
import type { BackendValues, DataId, DataType, KernelBackend, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import type { KernelArgs, WasmBackend } from './wasm_ops';

/** Kernels whose inputs or outputs are complex64, which the wasm backend cannot store. */
export const COMPLEX_KERNELS: ReadonlySet<string> = new Set(['Complex', 'ComplexAbs', 'Real', 'Imag', 'FFT', 'IFFT']);

/** A kernel input: one tensor, a list of them (RaggedGather, Einsum), or absent. */
type InputTree = TensorInfo | InputTree[] | undefined;

function isTensorInfo(v: unknown): v is TensorInfo {
  return typeof v === 'object' && v !== null && 'dataId' in v && 'shape' in v && 'dtype' in v;
}

function cpuBackend(): KernelBackend {
  const cpu = tf.findBackend('cpu');
  if (cpu === null) throw new Error("the cpu backend (@tensorflow/tfjs-backend-cpu) is not available for the fallback kernels");
  return cpu;
}

/**
 * A wasm kernel that runs the cpu backend's kernel: copies the inputs out of the wasm heap into the
 * cpu backend, runs the cpu kernel there and copies every output back into a new wasm tensor.
 * Correct for any kernel whose dtypes wasm can hold; costs two copies plus the JS kernel's speed.
 */
export function cpuFallback(kernelName: string): KernelFunc {
  return ({ inputs, backend, attrs }: KernelArgs) => {
    const wasm = backend as WasmBackend;
    const cpu = cpuBackend();
    const config = tf.getKernel(kernelName, 'cpu');
    if (config === undefined) throw new Error(`the cpu backend has no ${kernelName} kernel`);
    const created: DataId[] = [];
    const toCpu = (v: InputTree): InputTree => {
      if (v === undefined || v === null) return v;
      if (Array.isArray(v)) return v.map(toCpu);
      if (!isTensorInfo(v)) return v;
      if (v.dtype === 'complex64') throw new Error(`${kernelName}: complex64 tensors cannot live on the wasm backend`);
      const dataId = cpu.write(wasm.readSync(v.dataId), v.shape, v.dtype);
      created.push(dataId);
      return { dataId, shape: v.shape, dtype: v.dtype };
    };
    const cpuInputs = (Array.isArray(inputs) ? inputs.map(toCpu) : Object.fromEntries(Object.entries(inputs).map(([k, v]) => [k, toCpu(v)]))) as KernelArgs['inputs'];
    let cpuOut: TensorInfo | TensorInfo[] | undefined;
    try {
      cpuOut = config.kernelFunc({ inputs: cpuInputs, backend: cpu, attrs });
      const outs = Array.isArray(cpuOut) ? cpuOut : [cpuOut];
      // Read every output before freeing anything: an output may share its data with an input.
      const copies = outs.map((o) => copyToWasm(wasm, cpu, o, kernelName));
      return Array.isArray(cpuOut) ? copies : copies[0];
    } finally {
      if (cpuOut !== undefined) for (const o of Array.isArray(cpuOut) ? cpuOut : [cpuOut]) disposeOn(cpu, o.dataId);
      for (const id of created) disposeOn(cpu, id);
    }
  };
}

function copyToWasm(wasm: WasmBackend, cpu: KernelBackend, out: TensorInfo, kernelName: string): TensorInfo {
  if (out.dtype === 'complex64') throw new Error(`${kernelName}: complex64 output cannot live on the wasm backend`);
  const values: BackendValues = cpu.readSync(out.dataId);
  return wasm.makeOutput([...out.shape], out.dtype as DataType, undefined, values);
}

function disposeOn(cpu: KernelBackend, dataId: DataId): void {
  // Ignore ids the kernel already released (an output that was an input is released once).
  cpu.disposeData(dataId);
}
