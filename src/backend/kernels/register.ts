import * as tf from '@tensorflow/tfjs-core';
import type { KernelFunc } from '@tensorflow/tfjs-core';
import { conv2DBackpropFilterWasm } from './conv2d_backprop_filter';
import { conv2DBackpropInputWasm } from './conv2d_backprop_input';
import { COMPLEX_KERNELS, cpuFallback } from './cpu_fallback';
import { depthwiseBackpropFilterWasm, depthwiseBackpropInputWasm } from './depthwise_backprop';
import { markDilationAware, registerDilatedConvGradients } from './dilated_gradients';
import { maxPoolGradWasm } from './max_pool_grad';
import { resizeBilinearGradWasm } from './resize_bilinear_grad';
import { unsortedSegmentSumWasm } from './unsorted_segment_sum';

/**
 * How a kernel missing from a backend was supplied:
 * - 'wasm-ops': composed from the wasm backend's own compiled kernels (matmul, conv, transpose...)
 *   plus data movement on the wasm heap;
 * - 'wasm-heap': a single linear pass over the wasm heap (no copies);
 * - 'cpu-fallback': the cpu backend's kernel run on copies of the inputs;
 * - 'wasm-heap (fix)': replaces a wasm kernel that computes wrong results (max_pool_grad.ts,
 *   resize_bilinear_grad.ts say what is wrong);
 * - 'wasm-ops (faster)': replaces a correct but slow wasm kernel;
 * - 'unsupported (complex64)': not supplied, wasm cannot store complex tensors;
 * - 'gradient (dilations > 1)': not a kernel; the Conv2D / DepthwiseConv2dNative gradients were
 *   replaced by versions that accept dilations (for every backend).
 */
export type KernelImplementation = 'wasm-ops' | 'wasm-heap' | 'cpu-fallback' | 'wasm-heap (fix)' | 'wasm-ops (faster)' | 'unsupported (complex64)' | 'gradient (dilations > 1)';

export interface KernelPatchReport {
  kernel: string;
  implementation: string;
}

export interface FastKernel {
  implementation: KernelImplementation;
  kernelFunc: KernelFunc;
}

/**
 * Dedicated implementations, by kernel name. To try a faster one, replace its entry here (or call
 * `setFastKernel` before `registerMissingKernels`); everything else missing gets the cpu fallback.
 */
// These three take an extra `dilations` attribute (see dilated_gradients.ts).
markDilationAware(conv2DBackpropFilterWasm);
markDilationAware(depthwiseBackpropFilterWasm);
markDilationAware(depthwiseBackpropInputWasm);

const fastKernels = new Map<string, FastKernel>([
  ['Conv2DBackpropFilter', { implementation: 'wasm-ops', kernelFunc: conv2DBackpropFilterWasm }],
  ['DepthwiseConv2dNativeBackpropFilter', { implementation: 'wasm-ops', kernelFunc: depthwiseBackpropFilterWasm }],
  ['DepthwiseConv2dNativeBackpropInput', { implementation: 'wasm-ops', kernelFunc: depthwiseBackpropInputWasm }],
  ['UnsortedSegmentSum', { implementation: 'wasm-heap', kernelFunc: unsortedSegmentSumWasm }],
]);

/** Kernels the wasm backend has but gets wrong or slowly: replaced. */
const replacements = new Map<string, FastKernel>([
  ['Conv2DBackpropInput', { implementation: 'wasm-ops (faster)', kernelFunc: conv2DBackpropInputWasm }],
  ['MaxPoolGrad', { implementation: 'wasm-heap (fix)', kernelFunc: maxPoolGradWasm }],
  ['ResizeBilinearGrad', { implementation: 'wasm-heap (fix)', kernelFunc: resizeBilinearGradWasm }],
]);

export function setFastKernel(kernelName: string, kernel: FastKernel): void {
  fastKernels.set(kernelName, kernel);
}

/** Kernel names the cpu backend has and `backend` lacks, computed from the live registry. */
export function missingKernels(backend: string): string[] {
  const have = new Set(tf.getKernelsForBackend(backend).map((k) => k.kernelName));
  return tf
    .getKernelsForBackend('cpu')
    .map((k) => k.kernelName)
    .filter((name) => !have.has(name))
    .sort();
}

const supplied = new Map<string, KernelPatchReport[]>();

/**
 * Registers, for the wasm backend, every kernel the cpu backend has and wasm lacks: dedicated
 * implementations where listed in `fastKernels`, the cpu fallback otherwise; complex64 kernels are
 * reported as unsupported. Replaces the wasm kernels listed in `replacements`. Also installs the dilation-aware conv gradients. Idempotent: later calls
 * return the first call's report.
 */
export function registerMissingKernels(backend: 'wasm'): KernelPatchReport[] {
  const previous = supplied.get(backend);
  if (previous) return previous;
  const report: KernelPatchReport[] = [];
  for (const kernelName of missingKernels(backend)) {
    const fast = fastKernels.get(kernelName);
    if (fast) {
      tf.registerKernel({ kernelName, backendName: backend, kernelFunc: fast.kernelFunc });
      report.push({ kernel: kernelName, implementation: fast.implementation });
    } else if (COMPLEX_KERNELS.has(kernelName)) {
      report.push({ kernel: kernelName, implementation: 'unsupported (complex64)' });
    } else {
      tf.registerKernel({ kernelName, backendName: backend, kernelFunc: cpuFallback(kernelName) });
      report.push({ kernel: kernelName, implementation: 'cpu-fallback' });
    }
  }
  for (const [kernelName, replacement] of replacements) {
    const original = tf.getKernel(kernelName, backend);
    if (original === undefined) continue;
    tf.unregisterKernel(kernelName, backend);
    tf.registerKernel({ kernelName, backendName: backend, kernelFunc: replacement.kernelFunc });
    report.push({ kernel: kernelName, implementation: replacement.implementation });
  }
  registerDilatedConvGradients();
  report.push({ kernel: 'Conv2D, DepthwiseConv2dNative', implementation: 'gradient (dilations > 1)' });
  supplied.set(backend, report);
  return report;
}

// The gradient fix concerns every backend, and src/backend/select.ts imports this module whichever
// backend it picks: install it on import.
registerDilatedConvGradients();
