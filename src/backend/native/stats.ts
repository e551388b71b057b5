/** Calls and milliseconds per natively served kernel, with the implementation that ran (read by the bench and tests). */
export const nativeKernelStats = new Map<string, { calls: number; ms: number; impl: string }>();

/** Runs `f`, adding its time to the kernel's entry; `f` may return the implementation name. */
export function timed(kernel: string, impl: string, f: () => string | void): void {
  const t0 = performance.now();
  const ran = f();
  const s = nativeKernelStats.get(kernel) ?? { calls: 0, ms: 0, impl };
  s.calls++;
  s.ms += performance.now() - t0;
  s.impl = typeof ran === 'string' ? ran : impl;
  nativeKernelStats.set(kernel, s);
}
