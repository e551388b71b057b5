/**
 * The suite as a list of runs: pre-training (two strategies × the channel counts the targets need,
 * plus ablation variants), fine-tuning (each target × baseline / generalised / random init, × paired
 * seeds, plus ablation variants) and channel-order evaluations. Every run is an ordinary
 * `geopretrain` command writing its own folder, so `reproduce --plan` can hand the list to a
 * scheduler (Slurm arrays, Kubernetes Jobs) and the results merge as tables.
 */
import * as path from 'node:path';
import type { PlannedRun } from './run_queue';
import type { SuiteProfile } from './profiles';
import { target, type TargetName, type TargetSpec } from './targets';

export type InitLabel = 'baseline' | 'generalised' | 'random' | string;

export interface PretrainPlan {
  kind: 'pretrain';
  strategy: 'baseline' | 'generalised';
  extensions: string[];
  channels: number;
  seed: number;
  run: PlannedRun;
}

export interface FinetunePlan {
  kind: 'finetune';
  target: TargetSpec;
  /** 'baseline' (IM-RGB), 'generalised' (CSP), 'random' or 'generalised+X1…'. */
  init: InitLabel;
  seed: number;
  pretrainId: string | null;
  run: PlannedRun;
}

export interface EvaluationPlan {
  kind: 'evaluate';
  target: TargetSpec;
  init: InitLabel;
  seed: number;
  perturbations: { name: string; order: number[] }[];
  finetuneId: string;
  run: PlannedRun;
}

export type SuiteRun = PretrainPlan | FinetunePlan | EvaluationPlan;

export interface PlanOptions {
  out: string;
  /** Where run folders go (default <out>/runs); notebooks share one so no run is trained twice. */
  runsDir?: string;
  seeds?: number;
  /** Real data roots by target name; SynthGeo (in memory) for the others. */
  dataRoots?: Partial<Record<TargetName | 'imagenet', string>>;
  targets?: TargetName[];
  /** Include the ablation variants (default true). */
  ablation?: boolean;
  /** Include channel-order evaluations (default true). */
  channelOrder?: boolean;
}

export function variantLabel(extensions: string[]): InitLabel {
  return extensions.length === 0 ? 'generalised' : `generalised+${extensions.join('+')}`;
}

function pretrainId(strategy: string, extensions: string[], channels: number, seed: number): string {
  const name = strategy === 'baseline' ? 'baseline' : variantLabel(extensions);
  return `pretrain-${name}-c${channels}-s${seed}`;
}

export function buildPlan(p: SuiteProfile, o: PlanOptions): SuiteRun[] {
  const seeds = Array.from({ length: o.seeds ?? p.seeds }, (_, i) => i + 1);
  const targets = (o.targets ?? p.targets).map(target);
  const runs: SuiteRun[] = [];
  const dir = (id: string) => path.join(o.runsDir ?? path.join(o.out, 'runs'), id);
  const pre = p.pretrain;
  const fine = p.finetune;
  const pretrained = new Map<string, PretrainPlan>();

  const addPretrain = (strategy: 'baseline' | 'generalised', extensions: string[], channels: number, seed: number): PretrainPlan => {
    const id = pretrainId(strategy, extensions, channels, seed);
    const existing = pretrained.get(id);
    if (existing) return existing;
    const args = ['pretrain', '--strategy', strategy, '--channels', String(channels), '--model', p.model, '--steps', String(pre.steps), '--batch', String(pre.batch), '--seed', String(seed), '--image-size', String(pre.imageSize)];
    if (extensions.length > 0) args.push('--extensions', extensions.join(','));
    if (o.dataRoots?.imagenet) args.push('--data', 'imagenet', '--root', o.dataRoots.imagenet);
    else args.push('--train-count', String(pre.trainCount), '--val-count', String(pre.valCount));
    args.push('--out', dir(id));
    const plan: PretrainPlan = { kind: 'pretrain', strategy, extensions, channels, seed, run: { id, args, outDir: dir(id), doneFile: 'final.json', dependsOn: [], cost: pre.steps * pre.batch * 2 } };
    pretrained.set(id, plan);
    runs.push(plan);
    return plan;
  };

  const addFinetune = (t: TargetSpec, init: InitLabel, from: PretrainPlan | null, seed: number): FinetunePlan => {
    const id = `finetune-${t.name}-${init}-s${seed}`;
    const args = ['finetune', t.name, '--init', from ? from.run.outDir : 'none', '--modality', t.modality, '--model', p.model, '--decoder', p.decoder, '--steps', String(fine.steps), '--batch', String(fine.batch), '--seed', String(seed), '--validate-every', String(fine.steps), '--class-weights', fine.classWeights];
    const root = o.dataRoots?.[t.name];
    if (root) args.push('--root', root, '--crop', String(fine.imageSize));
    else args.push('--image-size', String(fine.imageSize), '--train-count', String(fine.trainCount), '--val-count', String(fine.valCount));
    args.push('--out', dir(id));
    const plan: FinetunePlan = { kind: 'finetune', target: t, init, seed, pretrainId: from?.run.id ?? null, run: { id, args, outDir: dir(id), doneFile: 'final.json', dependsOn: from ? [from.run.id] : [], cost: fine.steps * fine.batch } };
    runs.push(plan);
    return plan;
  };

  for (const seed of seeds) {
    for (const t of targets) {
      // IM-RGB: one RGB checkpoint, adapted to the target's channels at fine-tuning (recorded there).
      const preSeed = p.pretrainSeeds === 'shared' ? 1 : seed;
      const baseline = addPretrain('baseline', [], 3, preSeed);
      const generalised = addPretrain('generalised', [], t.channels, preSeed);
      const runsForTarget: FinetunePlan[] = [
        addFinetune(t, 'baseline', baseline, seed),
        addFinetune(t, 'generalised', generalised, seed),
        addFinetune(t, 'random', null, seed),
      ];
      if (o.ablation !== false && p.ablation.targets.includes(t.name)) {
        for (const ext of p.ablation.extensions) {
          const variant = addPretrain('generalised', ext, t.channels, preSeed);
          runsForTarget.push(addFinetune(t, variantLabel(ext), variant, seed));
        }
      }
      if (o.channelOrder !== false) {
        for (const f of runsForTarget.filter((r) => r.init === 'baseline' || r.init === 'generalised')) {
          const id = `evaluate-${t.name}-${f.init}-s${seed}`;
          const args = ['evaluate', t.name, '--checkpoint', f.run.outDir];
          for (const perturbation of t.perturbations) args.push('--permute', perturbation.order.join(','));
          args.push('--json-out', path.join(dir(id), 'metrics.json'));
          const root = o.dataRoots?.[t.name];
          if (root) args.push('--root', root);
          runs.push({ kind: 'evaluate', target: t, init: f.init, seed, perturbations: t.perturbations, finetuneId: f.run.id, run: { id, args, outDir: dir(id), doneFile: 'metrics.json', dependsOn: [f.run.id], cost: fine.valCount } });
        }
      }
    }
  }
  return runs;
}
