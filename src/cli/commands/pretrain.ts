import * as path from 'node:path';
import { intFlag, parseFlags, printJson, type Command } from '../command';
import { UserError } from '../../util/errors';
import { defaultPretrainOptions, type PretrainData, type PretrainOptions } from '../../pretrain/config';
import { parseExtensions } from '../../pretrain/extensions/registry';
import { runPretrain, type PretrainRecord } from '../../pretrain/run';
import { NORMALISATION_MODES, type NormalisationMode } from '../../pretrain/strategies/index';
import { CONTROL_FLAGS, TRAINING_FLAGS, checkResumeFlags, numberFlag, parseModelFlag, positiveIntFlag } from '../../train/cli-support';
import { readJson, runPaths } from '../../train/run-folder';

const FLAGS = {
  ...TRAINING_FLAGS,
  strategy: { type: 'string' },
  channels: { type: 'string' },
  extensions: { type: 'string' },
  data: { type: 'string' },
  root: { type: 'string' },
  model: { type: 'string' },
  optimiser: { type: 'string' },
  normalisation: { type: 'string' },
} as const;

const RUN_FLAGS = Object.keys(FLAGS).filter((k) => !CONTROL_FLAGS.includes(k));

function optionsFromFlags(v: Record<string, string | boolean | undefined>): PretrainOptions {
  const c = 'pretrain';
  const s = (k: string) => v[k] as string | undefined;
  const strategy = s('strategy');
  if (strategy === undefined) throw new UserError('--strategy baseline|generalised is required');
  const steps = positiveIntFlag('steps', s('steps'), 600);
  const dataKind = s('data') ?? 'synthgeo';
  let data: PretrainData;
  if (dataKind === 'synthgeo') {
    if (s('root') !== undefined) throw new UserError('--root is for --data imagenet (SynthGeo is generated in memory)');
    data = { kind: 'synthgeo', seed: intFlag(c, 'data-seed', s('data-seed'), 0), size: positiveIntFlag('image-size', s('image-size'), 32), trainCount: positiveIntFlag('train-count', s('train-count'), 6000), valCount: positiveIntFlag('val-count', s('val-count'), 500), shapeOnlyCount: positiveIntFlag('val-count', s('val-count'), 500) };
  } else if (dataKind === 'imagenet') {
    const root = s('root');
    if (root === undefined) throw new UserError('--data imagenet needs --root DIR');
    data = { kind: 'imagenet', root: path.resolve(root), size: positiveIntFlag('image-size', s('image-size'), 224), valCount: s('val-count') === undefined ? undefined : positiveIntFlag('val-count', s('val-count'), 1) };
  } else {
    throw new UserError(`--data must be synthgeo or imagenet, got '${dataKind}'`);
  }
  const normalisation = (s('normalisation') ?? 'source') as NormalisationMode;
  if (!NORMALISATION_MODES.includes(normalisation)) throw new UserError(`--normalisation must be ${NORMALISATION_MODES.join(' or ')}`);
  const optimiser = s('optimiser') ?? 'adamw';
  if (optimiser !== 'adamw' && optimiser !== 'sgd') throw new UserError(`--optimiser must be adamw or sgd, got '${optimiser}'`);
  const base = defaultPretrainOptions({ steps });
  return defaultPretrainOptions({
    strategy,
    channels: positiveIntFlag('channels', s('channels'), 3),
    extensions: parseExtensions(s('extensions'), 'pretrain'),
    normalisation,
    data,
    model: s('model') ? parseModelFlag(s('model')!) : base.model,
    steps,
    batch: positiveIntFlag('batch', s('batch'), base.batch),
    seed: intFlag(c, 'seed', s('seed'), base.seed),
    lr: numberFlag('lr', s('lr'), optimiser === 'sgd' ? 0.1 : base.lr),
    optimiser: optimiser === 'sgd' ? { name: 'sgd', weightDecay: 1e-4, momentum: 0.9 } : base.optimiser,
    checkpointEvery: positiveIntFlag('checkpoint-every', s('checkpoint-every'), base.checkpointEvery),
    validateEvery: positiveIntFlag('validate-every', s('validate-every'), base.validateEvery),
  });
}

export const pretrainCommand: Command = {
  name: 'pretrain',
  summary: 'classification pre-training with the baseline (IM-RGB) or generalised (CSP) strategy; writes a checkpoint run folder',
  usage: [
    'geopretrain pretrain --strategy baseline|generalised [--channels N] [--extensions X1,...] --out DIR',
    '         [--data synthgeo|imagenet] [--root DIR] [--model ENC-SIZE] [--steps N] [--batch N] [--seed N]',
    '         [--lr X] [--optimiser adamw|sgd] [--normalisation source|shared] [--image-size N] [--train-count N]',
    '         [--val-count N] [--data-seed N] [--checkpoint-every K] [--validate-every K] [--resume] [--force] [--json]',
    '',
    'Default data: SynthGeo\'s classification set generated in memory (validation: in-domain and shape-only).',
    'CSP duplicates RGB to N channels and permutes them per sample; extensions X1-X5 apply on top of CSP only.',
    'The output folder holds config.json, metrics.jsonl, checkpoint/ and final.json; --resume continues a',
    'killed run exactly; --force replaces a finished or foreign run in --out.',
  ].join('\n'),
  async run(argv) {
    const { values, positionals } = parseFlags('pretrain', argv, FLAGS, false);
    if (positionals.length > 0) throw new UserError(`unexpected argument '${positionals[0]}'`);
    const out = values.out;
    if (out === undefined) throw new UserError('--out DIR is required');
    let options: PretrainOptions | undefined;
    const flagsGiven = RUN_FLAGS.some((k) => (values as Record<string, unknown>)[k] !== undefined);
    if (values.resume) {
      const saved = readJson<PretrainRecord>(runPaths(out).config);
      if (flagsGiven) checkResumeFlags(true, optionsFromFlags(values), saved.options, runPaths(out).config);
    } else {
      options = optionsFromFlags(values);
    }
    const r = await runPretrain(out, options, values.resume === true, { overwrite: values.force === true });
    if (values.json) {
      printJson({ command: 'pretrain', dir: r.dir, label: r.label, steps: r.steps, finalLoss: r.finalLoss, ...r.validation, secondsPerStep: r.secondsPerStep, elapsedSeconds: r.elapsed });
    } else {
      const v = r.validation;
      const pct = (x: number | undefined) => (x === undefined ? 'n/a' : (100 * x).toFixed(1) + '%');
      const extra = v.top1ShapeOnly !== undefined ? `, shape-only ${pct(v.top1ShapeOnly)}` : '';
      console.log(`pretrain ${r.label}: ${r.steps} steps, loss ${Number.isFinite(r.finalLoss) ? r.finalLoss.toFixed(4) : "n/a"}, top-1 ${pct(v.top1)}${extra}, channels reversed ${pct(v.top1Reversed)}, ${r.secondsPerStep.toFixed(3)} s/step -> ${r.dir}`);
    }
    return 0;
  },
};
