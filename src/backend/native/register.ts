import * as tf from '@tensorflow/tfjs-core';
import { loadNativeAddon, type NativeStatus } from './addon';
import { nativeBatchNormKernels } from './batch-norm';
import { nativeConvKernels } from './conv-kernels';
import { nativeElementwiseKernels } from './elementwise-kernels';
import { zeroCopyIdentityKernel } from './identity-kernel';
import { nativeLayoutKernels } from './layout-kernels';

export interface NativeKernelReport {
  /** Whether the oneDNN addon is in use. */
  active: boolean;
  /** Why not, when it is not. */
  reason: string;
  onednn: string | null;
  threads: number | null;
  /** Kernels now served natively for the backend. */
  kernels: string[];
}

let registered: NativeKernelReport | undefined;

/**
 * Overrides the wasm backend's heavy kernels with the oneDNN addon when it loads (call after the
 * backend is set and after registerMissingKernels). The kernels they replace stay as the fallback for
 * cases the addon does not take (NCHW, non-float32). Never throws; without the addon nothing changes.
 */
export function registerNativeKernels(backendName: string): NativeKernelReport {
  if (registered) return registered;
  const status: NativeStatus = loadNativeAddon();
  if (status.loaded === false) {
    registered = { active: false, reason: status.reason, onednn: null, threads: null, kernels: [] };
    return registered;
  }
  if (backendName !== 'wasm') {
    registered = { active: false, reason: `native kernels serve the wasm backend only (running ${backendName})`, onednn: null, threads: null, kernels: [] };
    return registered;
  }
  const previous = new Map<string, tf.KernelFunc | undefined>();
  const lookup = (name: string) => previous.get(name);
  const configs = [
    ...nativeConvKernels(status.addon, lookup),
    ...nativeLayoutKernels(status.addon, lookup),
    ...nativeElementwiseKernels(status.addon, lookup),
    zeroCopyIdentityKernel(tf.getKernel(tf.Identity, backendName)?.kernelFunc),
    ...nativeBatchNormKernels(status.addon),
  ];
  for (const config of configs) {
    const old = tf.getKernel(config.kernelName, backendName);
    previous.set(config.kernelName, old?.kernelFunc);
    if (old) tf.unregisterKernel(config.kernelName, backendName);
    tf.registerKernel(config);
  }
  registered = { active: true, reason: `oneDNN ${status.onednn} addon loaded from ${status.path}`, onednn: status.onednn, threads: status.threads, kernels: configs.map((c) => c.kernelName) };
  return registered;
}

/** The report of the registration done in this process (undefined before initBackend ran it). */
export function nativeKernelReport(): NativeKernelReport | undefined {
  return registered;
}
