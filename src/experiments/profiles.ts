/**
 * Suite sizes. Each profile is one typed configuration of the whole comparison: the same budget and
 * hyper-parameters for both pre-training strategies, paired seeds (pre-training seed s is fine-tuned
 * with seed s), three initialisations per target.
 *
 * `quick` is the README's main job: it must finish within 10 minutes on a 2-core CPU (wasm backend,
 * two runs at a time since wasm runs one thread) and still compare both strategies on all four
 * targets. Its evidence is recorded in `evidence` and in bench/NOTES.md.
 */
import type { TargetName } from './targets';

export type ProfileName = 'smoke' | 'quick' | 'standard' | 'paper';

export interface PretrainBudget {
  steps: number;
  batch: number;
  imageSize: number;
  trainCount: number;
  valCount: number;
}

export interface FinetuneBudget {
  /** Loss class weights (recorded in each run's config). */
  classWeights: 'none' | 'median-frequency';
  steps: number;
  batch: number;
  imageSize: number;
  trainCount: number;
  valCount: number;
}

export interface SuiteProfile {
  name: ProfileName;
  summary: string;
  /** Why these numbers: measurements behind the choice. */
  evidence: string;
  /** Encoder and size as the CLI's --model flag (e.g. 'resnet-nano'), and the decoder. */
  model: string;
  decoder: 'fpn' | 'upernet';
  seeds: number;
  /**
   * 'paired': fine-tuning seed s starts from the pre-training run of seed s (both sources of
   * variation in the interval). 'shared': one pre-training run (seed 1) per strategy serves every
   * fine-tuning seed — cheaper, and the interval then covers fine-tuning variation only.
   */
  pretrainSeeds: 'paired' | 'shared';
  pretrain: PretrainBudget;
  finetune: FinetuneBudget;
  targets: TargetName[];
  /** Extension sets fine-tuned beside plain CSP, and on which targets. */
  ablation: { extensions: string[][]; targets: TargetName[] };
  /** Runs executed at once (wasm uses one thread per process). */
  parallel: number;
}

const ALL_TARGETS: TargetName[] = ['isaid', 'mfnet', 'pst900', 'potsdam'];

export const PROFILES: Record<ProfileName, SuiteProfile> = {
  smoke: {
    name: 'smoke',
    summary: 'Plumbing check in about a minute (tests, notebooks under test): every run kind, far too small to compare anything',
    evidence: 'None: the numbers of a smoke run mean nothing; it exercises every step of the suite.',
    model: 'cnn-nano',
    decoder: 'fpn',
    seeds: 2,
    pretrainSeeds: 'paired',
    pretrain: { steps: 4, batch: 16, imageSize: 32, trainCount: 64, valCount: 32 },
    finetune: { classWeights: 'median-frequency', steps: 4, batch: 4, imageSize: 32, trainCount: 16, valCount: 8 },
    targets: ALL_TARGETS,
    ablation: { extensions: [['X1']], targets: ['mfnet'] },
    parallel: 2,
  },
  quick: {
    name: 'quick',
    summary: 'CPU-sized SynthGeo suite: both strategies, random-init control, four targets, 3 paired seeds, one ablation',
    evidence: [
      'synthgeo-notes.md: differences between initialisations appear with 48x48 targets and 300 training images, and',
      '3 seeds resolved the clear cases. The 10-minute budget on 2 cores sets the rest: a training step of cnn-nano+FPN',
      '(batch 16, 48 px) takes 75 ms with the native kernels on an idle machine (bench/NOTES.md, `geopretrain bench`),',
      'and the whole quick suite measured 6 min 43 s from a clean clone including `npm ci`; so the 39',
      'fine-tuning runs get 120 steps each (fewer steps than the ~300 of the feasibility study: the comparison partly',
      'measures how fast each initialisation converges), and one pre-training run per strategy and channel count',
      '(200 steps, batch 64) is shared by the three fine-tuning seeds, so the intervals cover fine-tuning variation only.',
      'Fine-tuning uses median-frequency class weights: with plain cross-entropy every initialisation, random included,',
      'predicted background everywhere after 120 steps on the MFNet-like set (mIoU 9.9 %, measured), which compares nothing;',
      'with the weights the same run reached 27.2 % mIoU. The standard profile pairs pre-training seeds and trains near convergence.',
    ].join(' '),
    model: 'cnn-nano',
    decoder: 'fpn',
    seeds: 3,
    pretrainSeeds: 'shared',
    pretrain: { steps: 200, batch: 64, imageSize: 32, trainCount: 3000, valCount: 300 },
    finetune: { classWeights: 'median-frequency', steps: 120, batch: 16, imageSize: 48, trainCount: 300, valCount: 100 },
    targets: ALL_TARGETS,
    ablation: { extensions: [['X1']], targets: ['mfnet'] },
    parallel: 2,
  },
  standard: {
    name: 'standard',
    summary: 'Larger SynthGeo suite near convergence (about an hour on a 2-core CPU): 5 paired seeds, every extension',
    evidence: 'synthgeo-notes.md: ~900 fine-tuning steps is near convergence and still separates strategies; 5 seeds where the spread of the difference is larger.',
    model: 'cnn-nano',
    decoder: 'fpn',
    seeds: 5,
    pretrainSeeds: 'paired',
    pretrain: { steps: 600, batch: 64, imageSize: 32, trainCount: 6000, valCount: 500 },
    finetune: { classWeights: 'median-frequency', steps: 600, batch: 16, imageSize: 48, trainCount: 300, valCount: 200 },
    targets: ALL_TARGETS,
    ablation: { extensions: [['X1'], ['X2'], ['X3'], ['X4'], ['X5'], ['X6']], targets: ['mfnet', 'potsdam'] },
    parallel: 2,
  },
  paper: {
    name: 'paper',
    summary: 'Paper scale on real data and a GPU (tfjs-node-gpu): ConvNeXt-T + UperNet, ImageNet pre-training',
    evidence: 'method.md and datasets.md: ConvNeXt-T/Swin-T + UperNet; crops 512 (896 for iSAID in mmseg); ImageNet 224 crops; 80k fine-tuning iterations in the mmseg configs (scaled here by --steps).',
    model: 'convnext-tiny',
    decoder: 'upernet',
    seeds: 3,
    pretrainSeeds: 'paired',
    pretrain: { steps: 300_000, batch: 256, imageSize: 224, trainCount: 1_281_167, valCount: 50_000 },
    finetune: { classWeights: 'none', steps: 80_000, batch: 8, imageSize: 512, trainCount: 0, valCount: 0 },
    targets: ALL_TARGETS,
    ablation: { extensions: [['X1'], ['X3'], ['X4']], targets: ['mfnet', 'potsdam'] },
    parallel: 1,
  },
};

export function profile(name: string): SuiteProfile {
  if (!(name in PROFILES)) throw new Error(`unknown profile '${name}' (${Object.keys(PROFILES).join(', ')})`);
  return PROFILES[name as ProfileName];
}
