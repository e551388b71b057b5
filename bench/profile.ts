/**
 * Where a training step's time goes, per kernel: `node --import tsx bench/profile.ts [model] [steps]`.
 * Prints total ms per kernel name and the costliest (kernel, input shapes) pairs, over `steps` profiled
 * steps after two warm-up steps. GEOPRETRAIN_NATIVE=0 profiles the plain wasm kernels.
 */
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../src/backend/select';
import { BENCH_MODELS } from './models/registry';
import { makeStepper } from './train-step';

export interface KernelCost {
  key: string;
  calls: number;
  ms: number;
}

/** Profiles `steps` training steps of a model; returns cost per kernel name and per kernel+shapes. */
export async function profileModel(name: string, steps = 3): Promise<{ stepMs: number; byKernel: KernelCost[]; byShape: KernelCost[] }> {
  const spec = BENCH_MODELS[name]?.();
  if (!spec) throw new Error(`unknown model '${name}' (known: ${Object.keys(BENCH_MODELS).join(', ')})`);
  const net = spec.create(1);
  const stepper = makeStepper(net, spec.input, spec.classes, 2);
  stepper.step();
  stepper.step();
  const byKernel = new Map<string, KernelCost>();
  const byShape = new Map<string, KernelCost>();
  const add = (m: Map<string, KernelCost>, key: string, ms: number) => {
    const c = m.get(key) ?? { key, calls: 0, ms: 0 };
    c.calls += 1 / steps;
    c.ms += ms / steps;
    m.set(key, c);
  };
  let wall = 0;
  for (let s = 0; s < steps; s++) {
    const t0 = performance.now();
    const info = await tf.profile(() => { stepper.step(); });
    wall += performance.now() - t0;
    for (const k of info.kernels) {
      const ms = typeof k.kernelTimeMs === 'number' ? k.kernelTimeMs : 0;
      add(byKernel, k.name, ms);
      add(byShape, `${k.name} ${JSON.stringify(k.inputShapes)}`, ms);
    }
  }
  stepper.dispose();
  net.dispose();
  const sorted = (m: Map<string, KernelCost>) => [...m.values()].sort((a, b) => b.ms - a.ms);
  return { stepMs: wall / steps, byKernel: sorted(byKernel), byShape: sorted(byShape) };
}

async function main(): Promise<void> {
  await initBackend();
  const name = process.argv[2] ?? 'cnn-fpn-nano';
  const r = await profileModel(name, Number(process.argv[3] ?? 3));
  const total = r.byKernel.reduce((s, k) => s + k.ms, 0);
  console.log(`${name}: ${r.stepMs.toFixed(1)} ms/step under the profiler, kernels ${total.toFixed(1)} ms`);
  for (const k of r.byKernel) console.log(`${k.ms.toFixed(2).padStart(8)} ms ${k.calls.toFixed(0).padStart(4)}x  ${k.key}`);
  console.log('\ncostliest kernel+shapes:');
  for (const k of r.byShape.slice(0, 30)) console.log(`${k.ms.toFixed(2).padStart(8)} ms ${k.calls.toFixed(0).padStart(4)}x  ${k.key}`);
}

if (require.main === module) main().catch((err) => { console.error(err); process.exit(1); });
