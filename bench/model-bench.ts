import * as tf from '@tensorflow/tfjs-core';
import { nativeKernelStats } from '../src/backend/native/stats';
import type { BenchModelSpec } from './models/types';
import { median, round } from './stats';
import { BENCH_OPTIMISER, makeStepper } from './train-step';
import type { TorchBuildReply, TorchReference } from './torch-reference';

export interface BenchSettings {
  /** Timed blocks per side (interleaved tfjs, PyTorch, PyTorch, tfjs, …). */
  repeats: number;
  /** Steps per block. */
  stepsPerRepeat: number;
  /** Untimed steps per side before timing. */
  warmup: number;
  threads: number;
  seed: number;
}

export interface SideResult {
  trainMsPerStep: number;
  trainMsAll: number[];
  inferImagesPerSec: number;
  params: number;
  state: number;
  outputShapeNHWC: number[];
  peakRssMB: number;
}

export interface ModelBenchResult {
  model: string;
  description: string;
  input: { batch: number; height: number; width: number; channels: number; dtype: 'float32' };
  classes: number;
  tfjs: SideResult & { tensorCounts: number[]; tensorCountStable: boolean; nativeKernelMs: Record<string, { calls: number; msPerStep: number; impl: string }> };
  pytorch: (SideResult & { version: string; threads: number }) | { skipped: string };
  /** tfjs ms/step ÷ PyTorch ms/step (null without PyTorch). */
  ratio: number | null;
  sameNetwork: boolean | null;
  mismatch: string | null;
}

const peakRssMB = () => round(process.resourceUsage().maxRSS / 1024, 1);

/** Benchmarks one model in tfjs and (when `torch` is given) its PyTorch twin, interleaving the timed blocks. */
export async function benchModel(spec: BenchModelSpec, settings: BenchSettings, torch: TorchReference | null, torchSkip: string): Promise<ModelBenchResult> {
  const [n, h, w, c] = spec.input;
  const net = spec.create(settings.seed);
  const stepper = makeStepper(net, spec.input, spec.classes, settings.seed + 11);
  const params = net.trainable.reduce((s, v) => s + v.size, 0);
  const state = net.state.reduce((s, v) => s + v.size, 0);
  const outputShape = tf.tidy(() => net.forward(tf.zeros(spec.input) as tf.Tensor4D, false).shape);

  let torchInfo: TorchBuildReply | null = null;
  let skip = torchSkip;
  if (torch && spec.torchName) {
    torchInfo = await torch.request<TorchBuildReply>({
      cmd: 'build', model: spec.torchName, args: spec.torchArgs ?? {}, input: spec.input, classes: spec.classes,
      threads: settings.threads, optimiser: BENCH_OPTIMISER, seed: settings.seed,
    });
  } else if (!spec.torchName) {
    skip = `no PyTorch twin for '${spec.name}'`;
  }

  for (let i = 0; i < settings.warmup; i++) stepper.step();
  if (torchInfo) await torch!.request({ cmd: 'train', steps: settings.warmup });

  const tfMs: number[] = [];
  const torchMs: number[] = [];
  const tensorCounts: number[] = [];
  let torchRssKb = 0;
  nativeKernelStats.clear();
  const runTf = () => {
    for (let i = 0; i < settings.stepsPerRepeat; i++) {
      const t0 = performance.now();
      stepper.step();
      tfMs.push(performance.now() - t0);
      tensorCounts.push(tf.memory().numTensors);
    }
  };
  const runTorch = async () => {
    if (!torchInfo) return;
    const r = await torch!.request<{ ms: number[]; max_rss_kb: number }>({ cmd: 'train', steps: settings.stepsPerRepeat });
    torchMs.push(...r.ms);
    torchRssKb = r.max_rss_kb;
  };
  for (let r = 0; r < settings.repeats; r++) {
    // ABBA order so that neither side always runs right after the other.
    if (r % 2 === 0) { runTf(); await runTorch(); } else { await runTorch(); runTf(); }
  }
  const nativeKernelMs: Record<string, { calls: number; msPerStep: number; impl: string }> = {};
  for (const [k, s] of nativeKernelStats) nativeKernelMs[k] = { calls: s.calls / tfMs.length, msPerStep: round(s.ms / tfMs.length, 3), impl: s.impl };

  // Inference throughput, interleaved the same way.
  const tfInfer: number[] = [];
  const torchInfer: number[] = [];
  const inferSteps = Math.max(1, settings.stepsPerRepeat);
  for (let r = 0; r < settings.repeats; r++) {
    const t0 = performance.now();
    for (let i = 0; i < inferSteps; i++) stepper.infer();
    tfInfer.push((performance.now() - t0) / inferSteps);
    if (torchInfo) torchInfer.push(...(await torch!.request<{ ms: number[] }>({ cmd: 'infer', steps: inferSteps })).ms);
  }
  stepper.dispose();
  net.dispose();

  const tfSide = {
    trainMsPerStep: round(median(tfMs)), trainMsAll: tfMs.map((v) => round(v, 1)), inferImagesPerSec: round((n * 1000) / median(tfInfer), 1),
    params, state, outputShapeNHWC: outputShape, peakRssMB: peakRssMB(),
    tensorCounts, tensorCountStable: tensorCounts.every((v) => v === tensorCounts[0]), nativeKernelMs,
  };
  let pytorch: ModelBenchResult['pytorch'] = { skipped: skip };
  let ratio: number | null = null;
  let sameNetwork: boolean | null = null;
  let mismatch: string | null = null;
  if (torchInfo) {
    pytorch = {
      trainMsPerStep: round(median(torchMs)), trainMsAll: torchMs.map((v) => round(v, 1)), inferImagesPerSec: round((n * 1000) / median(torchInfer), 1),
      params: torchInfo.params, state: torchInfo.state, outputShapeNHWC: torchInfo.output_nhwc, peakRssMB: round(torchRssKb / 1024, 1),
      version: torchInfo.torch, threads: torchInfo.threads,
    };
    ratio = round(tfSide.trainMsPerStep / pytorch.trainMsPerStep, 2);
    const problems: string[] = [];
    if (torchInfo.params !== params) problems.push(`parameters tfjs ${params} vs PyTorch ${torchInfo.params}`);
    if (torchInfo.state !== state) problems.push(`buffers tfjs ${state} vs PyTorch ${torchInfo.state}`);
    if (torchInfo.output_nhwc.join('x') !== outputShape.join('x')) problems.push(`output tfjs ${outputShape.join('x')} vs PyTorch ${torchInfo.output_nhwc.join('x')}`);
    sameNetwork = problems.length === 0;
    mismatch = problems.length ? problems.join('; ') : null;
  }
  return {
    model: spec.name, description: spec.description, input: { batch: n, height: h, width: w, channels: c, dtype: 'float32' }, classes: spec.classes,
    tfjs: tfSide, pytorch, ratio, sameNetwork, mismatch,
  };
}
