// Placeholder until the kernel polyfills land (see issue 2): reports nothing added.
export interface KernelPatchReport {
  kernel: string;
  implementation: string;
}

export function registerMissingKernels(_backend: 'wasm'): KernelPatchReport[] {
  return [];
}
