/**
 * One pre-training run: classifier + strategy input + AdamW/SGD + warm-up/cosine, checkpoints and
 * metrics in a run folder (see src/train/run-folder.ts), resumable exactly: the checkpoint holds
 * the sampler position and the augmentation Rng state, so a resumed run draws the same batches.
 */
import * as fs from 'node:fs';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../backend/select';
import { buildClassifier } from '../models/index';
import type { ClassifierModel } from '../models/types';
import { saveTrainingCheckpoint, startRun, type TrainingStreams } from '../train/checkpoint';
import { labelSmoothingCrossEntropy } from '../train/losses';
import { runTrainingLoop, type LoopResult, type PreparedBatch } from '../train/loop';
import { buildOptimiser } from '../train/optim/index';
import { prepareRunFolder, provenance, readJson, runPaths, writeConfig, writeFinal, type RunPaths } from '../train/run-folder';
import { TrainStream } from '../train/stream';
import { warmupCosine } from '../train/schedule';
import { UserError } from '../util/errors';
import { imagenetClsSource, synthGeoClsSource, type ClsSource } from './data';
import { symmetricKl } from './extensions/x5-consistency';
import { PretrainInput, type PretrainInputRecord } from './input';
import { batchToTensor } from './strategies/index';
import type { PretrainOptions } from './config';
import { validateClassifier } from './validate';

/** What config.json and every checkpoint of a pre-training run hold. */
export interface PretrainRecord {
  kind: 'pretrain';
  options: PretrainOptions;
  input: PretrainInputRecord;
  data: Record<string, unknown>;
  model: ClassifierModel['config'];
  provenance: Record<string, unknown>;
}

export interface PretrainResult {
  dir: string;
  label: string;
  steps: number;
  finalLoss: number;
  validation: Record<string, number>;
  secondsPerStep: number;
  elapsed: number;
}

export interface RunControl {
  /** Stop after this many total steps, as if killed (tests). */
  stopAfter?: number;
  /** Replace a non-empty output folder (tests, notebooks). */
  overwrite?: boolean;
  /** Called with each metrics record. */
  onStep?: (step: number, record: Record<string, unknown>) => void;
  /** Test hook: transforms the loss tensor of each step (e.g. to inject NaN). */
  lossHook?: (step: number, loss: tf.Scalar) => tf.Scalar;
}

async function openSource(o: PretrainOptions): Promise<ClsSource> {
  if (o.data.kind === 'synthgeo') return synthGeoClsSource(o.data);
  return imagenetClsSource(o.data.root, o.data.size, o.data.valCount);
}

function checkOptions(o: PretrainOptions): void {
  for (const [name, v] of [['steps', o.steps], ['batch', o.batch]] as const) {
    if (!Number.isInteger(v) || v < 1) throw new UserError(`--${name} must be a positive integer, got ${v}`);
  }
  if (!(o.lr > 0)) throw new UserError(`--lr must be positive, got ${o.lr}`);
}

/** Starts a new run in `out`, or continues the one there when `resume` (its config is used). */
export async function runPretrain(out: string, options: PretrainOptions | undefined, resume: boolean, control: RunControl = {}): Promise<PretrainResult> {
  const backend = await initBackend();
  // Resume needs the folder now; a new run creates it only once everything is checked.
  const paths: RunPaths = resume ? prepareRunFolder(out, true) : runPaths(out);
  const record: PretrainRecord | undefined = resume ? readJson<PretrainRecord>(paths.config) : undefined;
  if (resume && record?.kind !== 'pretrain') throw new UserError('--resume: not a pre-training run', paths.config);
  const o = record?.options ?? options;
  if (!o) throw new Error('runPretrain: options are required for a new run');
  checkOptions(o);

  const source = await openSource(o);
  if (source.train.size < o.batch) throw new UserError(`the training set has ${source.train.size} images, fewer than one batch of ${o.batch}`);
  const input = new PretrainInput(o.strategy, o.channels, o.extensions, record?.input.stats ?? source.stats(), o.normalisation);
  const model = buildClassifier({ encoder: o.model.encoder, size: o.model.size, inChannels: input.strategy.outChannels, numClasses: source.numClasses, seed: o.seed });
  const optimiser = buildOptimiser(model, o.optimiser);
  try {
    const config: PretrainRecord = record ?? { kind: 'pretrain', options: o, input: input.record, data: source.record, model: model.config, provenance: provenance(backend.choice) };
    if (!resume) {
      prepareRunFolder(out, false, control.overwrite);
      writeConfig(paths, config);
    }
    const { augRng, log, startStep, elapsedBefore, loaderStart } = startRun(paths, model, optimiser, resume, (o.seed * 2654435761 + 12345) >>> 0);

    if (resume && startStep >= o.steps && fs.existsSync(paths.final)) {
      // Nothing left to do: report the finished run as it was recorded.
      const f = readJson<Record<string, number | string>>(paths.final);
      const validation = Object.fromEntries(Object.entries(f).filter(([k, v]) => k.startsWith('top1') && typeof v === 'number')) as Record<string, number>;
      return { dir: paths.dir, label: String(f.label), steps: Number(f.steps), finalLoss: Number(f.finalLoss), validation, secondsPerStep: Number(f.secondsPerStep), elapsed: Number(f.elapsedSeconds) };
    }

    const stream = new TrainStream(source.train, o.batch, o.seed, source.trainTransform, loaderStart);
    const schedule = warmupCosine({ baseLr: o.lr, totalSteps: o.steps, warmupSteps: o.warmupSteps, minLr: o.minLr });
    let stepIndex = startStep;
    const task = {
      optimiser,
      schedule,
      async nextBatch(): Promise<PreparedBatch> {
        stepIndex += 1;
        const step = stepIndex;
        const raw = await stream.next();
        const [size, height, width, channels] = raw.shape;
        const norm = input.normalise({ size, height, width, channels, data: raw.images });
        const labels = raw.labels;
        const views = Array.from({ length: input.views }, () => batchToTensor(input.view(norm, augRng)));
        const y = tf.tensor1d(labels, 'int32');
        return {
          loss: () => {
            const logits = views.map((x) => model.forward(x, true));
            let loss = labelSmoothingCrossEntropy(logits[0], y, o.labelSmoothing);
            if (logits.length === 2) {
              const ce2 = labelSmoothingCrossEntropy(logits[1], y, o.labelSmoothing);
              loss = tf.add(tf.mul(tf.add(loss, ce2), 0.5), tf.mul(symmetricKl(logits[0], logits[1]), input.consistencyWeight));
            }
            return control.lossHook ? control.lossHook(step, loss) : loss;
          },
          dispose: () => tf.dispose([...views, y]),
        };
      },
      validate: () => validateClassifier(model, source, input, o.seed, o.evalBatch),
    };

    const result: LoopResult = await runTrainingLoop(task, {
      totalSteps: o.steps,
      startStep,
      validateEvery: o.validateEvery,
      checkpointEvery: o.checkpointEvery,
      clipNorm: o.clipNorm,
      log,
      checkpointDir: paths.checkpoint,
      lastCheckpointStep: resume ? startStep : undefined,
      progressLabel: `pretrain ${input.record.label} N=${input.strategy.outChannels}`,
      elapsedBefore,
      stopAfter: control.stopAfter,
      onStep: control.onStep,
      checkpoint: (step, elapsed) =>
        saveTrainingCheckpoint<PretrainRecord, TrainingStreams>(paths.checkpoint, model, optimiser, {
          step,
          totalSteps: o.steps,
          elapsed,
          streams: { loader: stream.position(), augmentation: augRng.getState() },
          config,
        }),
    }).finally(() => stream.close());
    const final: PretrainResult = {
      dir: paths.dir,
      label: input.record.label,
      steps: result.steps,
      finalLoss: result.lastLoss,
      validation: result.lastValidation ?? {},
      secondsPerStep: result.secondsPerStep,
      elapsed: result.elapsed,
    };
    if (result.steps >= o.steps) writeFinal(paths, { kind: 'pretrain', label: final.label, channels: input.strategy.outChannels, steps: final.steps, finalLoss: final.finalLoss, ...final.validation, secondsPerStep: final.secondsPerStep, elapsedSeconds: final.elapsed });
    return final;
  } finally {
    optimiser.dispose();
    model.dispose();
  }
}
