import * as path from 'node:path';
import { intFlag, parseFlags, printJson, type Command } from '../command';
import { UserError } from '../../util/errors';
import { DECODERS } from '../../models/index';
import type { DecoderName } from '../../models/types';
import { parseExtensions } from '../../pretrain/extensions/registry';
import { defaultFinetuneOptions, type FinetuneData, type FinetuneOptions } from '../../train/finetune/config';
import { FINETUNE_DATASETS, PAPER_MODALITY, type FinetuneDataset } from '../../train/finetune/data';
import { runFinetune, type FinetuneRecord } from '../../train/finetune/run';
import { CLASS_WEIGHTINGS, type ClassWeighting } from '../../train/finetune/class-weights';
import { CONTROL_FLAGS, TRAINING_FLAGS, checkResumeFlags, numberFlag, parseModelFlag, positiveIntFlag } from '../../train/cli-support';
import { readJson, runPaths } from '../../train/run-folder';

const FLAGS = {
  ...TRAINING_FLAGS,
  root: { type: 'string' },
  init: { type: 'string' },
  modality: { type: 'string' },
  model: { type: 'string' },
  decoder: { type: 'string' },
  'stem-adaptation': { type: 'string' },
  'class-weights': { type: 'string' },
  extensions: { type: 'string' },
  crop: { type: 'string' },
} as const;

const RUN_FLAGS = Object.keys(FLAGS).filter((k) => !CONTROL_FLAGS.includes(k));

function optionsFromFlags(dataset: FinetuneDataset, v: Record<string, string | boolean | undefined>): FinetuneOptions {
  const c = 'finetune';
  const s = (k: string) => v[k] as string | undefined;
  const init = s('init');
  if (init === undefined) throw new UserError('--init CHECKPOINT|none is required');
  const steps = positiveIntFlag('steps', s('steps'), 300);
  const root = s('root');
  const data: FinetuneData = root
    ? { kind: 'files', root: path.resolve(root), cropSize: positiveIntFlag('crop', s('crop'), 256), maxEvalImages: s('val-count') === undefined ? undefined : positiveIntFlag('val-count', s('val-count'), 1) }
    : { kind: 'synthgeo', seed: intFlag(c, 'data-seed', s('data-seed'), 0), size: positiveIntFlag('image-size', s('image-size'), 48), trainCount: positiveIntFlag('train-count', s('train-count'), 300), valCount: positiveIntFlag('val-count', s('val-count'), 100), testCount: positiveIntFlag('val-count', s('val-count'), 200) };
  const decoder = (s('decoder') ?? 'fpn') as DecoderName;
  if (!(decoder in DECODERS)) throw new UserError(`--decoder must be one of ${Object.keys(DECODERS).join(', ')}`);
  const stem = s('stem-adaptation') ?? 'mean';
  if (stem !== 'mean' && stem !== 'repeat') throw new UserError(`--stem-adaptation must be mean or repeat, got '${stem}'`);
  const classWeighting = (s('class-weights') ?? 'none') as ClassWeighting;
  if (!CLASS_WEIGHTINGS.includes(classWeighting)) throw new UserError(`--class-weights must be ${CLASS_WEIGHTINGS.join(' or ')}, got '${classWeighting}'`);
  const base = defaultFinetuneOptions({ dataset, init, modality: '', steps });
  return defaultFinetuneOptions({
    dataset,
    init: init === 'none' ? 'none' : path.resolve(init),
    modality: s('modality') ?? PAPER_MODALITY[dataset],
    model: s('model') ? parseModelFlag(s('model')!) : undefined,
    decoder,
    stemAdaptation: stem,
    classWeighting,
    extensions: parseExtensions(s('extensions'), 'finetune'),
    data,
    steps,
    batch: positiveIntFlag('batch', s('batch'), base.batch),
    seed: intFlag(c, 'seed', s('seed'), base.seed),
    lr: numberFlag('lr', s('lr'), base.lr),
    checkpointEvery: positiveIntFlag('checkpoint-every', s('checkpoint-every'), base.checkpointEvery),
    validateEvery: positiveIntFlag('validate-every', s('validate-every'), base.validateEvery),
  });
}

export const finetuneCommand: Command = {
  name: 'finetune',
  summary: 'fine-tune a segmenter on isaid|mfnet|pst900|potsdam from a pre-training checkpoint (or none); writes a run folder',
  usage: [
    'geopretrain finetune isaid|mfnet|pst900|potsdam --init CHECKPOINT|none --out RUN',
    '         [--root DIR] [--modality M] [--model ENC-SIZE] [--decoder fpn|upernet] [--stem-adaptation mean|repeat] [--class-weights none|median-frequency]',
    '         [--extensions X2,X3,X6] [--steps N] [--batch N] [--seed N] [--lr X] [--crop N]',
    '         [--image-size N] [--train-count N] [--val-count N] [--data-seed N] [--checkpoint-every K] [--validate-every K]',
    '         [--resume] [--force] [--json]',
    '',
    'Without --root the SynthGeo target is generated in memory. --modality names a manifest modality',
    "(e.g. RGB, RGB-T, IRRG+DSM) or bands joined by '+'; default the paper's input (iSAID RGB, MFNet and",
    'PST900 RGB-T, Potsdam RGBIR+DSM). A checkpoint with another channel count gets its stem adapted',
    '(recorded in config.json). Final test metrics go to final.json; --json prints them.',
  ].join('\n'),
  async run(argv) {
    const { values, positionals } = parseFlags('finetune', argv, FLAGS, true);
    const dataset = positionals[0];
    if (dataset === undefined || !(FINETUNE_DATASETS as readonly string[]).includes(dataset)) {
      throw new UserError(`first argument must be one of ${FINETUNE_DATASETS.join(', ')}${dataset ? `, got '${dataset}'` : ''}`);
    }
    if (positionals.length > 1) throw new UserError(`unexpected argument '${positionals[1]}'`);
    const out = values.out;
    if (out === undefined) throw new UserError('--out RUN is required');
    let options: FinetuneOptions | undefined;
    const flagsGiven = RUN_FLAGS.some((k) => (values as Record<string, unknown>)[k] !== undefined);
    if (values.resume) {
      const saved = readJson<FinetuneRecord>(runPaths(out).config);
      if (saved.options?.dataset !== dataset) throw new UserError(`--resume: ${runPaths(out).config} is a ${saved.options?.dataset ?? 'non-finetune'} run, not ${dataset}`);
      if (flagsGiven) checkResumeFlags(true, optionsFromFlags(dataset, values), saved.options, runPaths(out).config);
    } else {
      options = optionsFromFlags(dataset as FinetuneDataset, values);
    }
    const r = await runFinetune(out, options, values.resume === true, { overwrite: values.force === true });
    const final = readJson<Record<string, unknown>>(runPaths(out).final);
    if (values.json) {
      printJson({ command: 'finetune', dir: r.dir, ...final });
    } else {
      const pct = (x: number) => (Number.isFinite(x) ? (100 * x).toFixed(1) + '%' : 'n/a');
      console.log(`finetune ${dataset} from ${r.init}: ${r.steps} steps, loss ${Number.isFinite(r.finalLoss) ? r.finalLoss.toFixed(4) : "n/a"}, test mIoU ${pct(r.mIoU)}, mF1 ${pct(r.mF1)}, OA ${pct(r.OA)}, boundary F1 ${pct(r.mBF)}, ${r.secondsPerStep.toFixed(3)} s/step -> ${r.dir}`);
    }
    return 0;
  },
};
