/**
 * One fine-tuning run: a segmenter for the target's bands, initialised from a pre-training
 * checkpoint (or randomly), AdamW with poly decay, cross-entropy with the ignore index (X6: boundary
 * weights; X3: viewpoint augmentation), validation mIoU, final test metrics. Run folder as in
 * src/train/run-folder.ts; resumable exactly like pre-training.
 */
import * as fs from 'node:fs';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../../backend/select';
import { buildSegmenter } from '../../models/index';
import type { SegmentationModel } from '../../models/types';
import { extensionsOf } from '../../pretrain/extensions/registry';
import { perImageNormaliseInPlace } from '../../pretrain/extensions/x2-modality-agnostic';
import { batchToTensor, cloneBatch, normaliseInPlace, type ChannelStats, type ImageBatch } from '../../pretrain/strategies/index';
import { UserError } from '../../util/errors';
import { saveTrainingCheckpoint, startRun, type TrainingStreams } from '../checkpoint';
import { runTrainingLoop, type PreparedBatch } from '../loop';
import { segmentationCrossEntropy } from '../losses';
import { buildOptimiser } from '../optim/index';
import { prepareRunFolder, provenance, readJson, runPaths, writeConfig, writeFinal } from '../run-folder';
import { TrainStream } from '../stream';
import { poly } from '../schedule';
import type { FinetuneOptions } from './config';
import { realSegSource, synthGeoSegSource, type SegSource } from './data';
import { describePretrainCheckpoint, initialiseSegmenter, type InitRecord } from './init';
import { evaluateSegmenter } from './validate';
import { classFrequencies, medianFrequencyWeights } from './class-weights';
import type { RunControl } from '../../pretrain/run';

export interface FinetuneRecord {
  kind: 'finetune';
  options: FinetuneOptions;
  init: InitRecord;
  data: Record<string, unknown>;
  model: SegmentationModel['config'];
  normalisation: { mode: 'dataset' | 'per-image'; stats?: ChannelStats };
  extensions: string[];
  provenance: Record<string, unknown>;
}

export interface FinetuneResult {
  dir: string;
  init: string;
  steps: number;
  finalLoss: number;
  /** Test-set metrics (fractions). */
  mIoU: number;
  mF1: number;
  OA: number;
  mBF: number;
  perClass: { id: number; name: string; iou: number; f1: number; present: boolean }[];
  secondsPerStep: number;
  elapsed: number;
}

async function openSource(o: FinetuneOptions): Promise<SegSource> {
  if (o.data.kind === 'synthgeo') return synthGeoSegSource({ dataset: o.dataset, modality: o.modality, ...o.data });
  return realSegSource({ dataset: o.dataset, modality: o.modality, root: o.data.root, cropSize: o.data.cropSize, maxEvalImages: o.data.maxEvalImages });
}

/** The encoder to build: --model, else the checkpoint's, else cnn-nano. */
function chooseEncoder(o: FinetuneOptions): { encoder: FinetuneOptions['model'] & object } {
  if (o.model) return { encoder: o.model };
  if (o.init === 'none') return { encoder: { encoder: 'cnn', size: 'nano' } };
  const { ck } = describePretrainCheckpoint(o.init);
  return { encoder: { encoder: ck.config.encoder, size: ck.config.size } };
}

export async function runFinetune(out: string, options: FinetuneOptions | undefined, resume: boolean, control: RunControl = {}): Promise<FinetuneResult> {
  const backend = await initBackend();
  // Resume needs the folder now; a new run creates it only once everything is checked.
  const paths = resume ? prepareRunFolder(out, true) : runPaths(out);
  const saved = resume ? readJson<FinetuneRecord>(paths.config) : undefined;
  if (resume && saved?.kind !== 'finetune') throw new UserError('--resume: not a fine-tuning run', paths.config);
  const o = saved?.options ?? options;
  if (!o) throw new Error('runFinetune: options are required for a new run');
  if (!Number.isInteger(o.steps) || o.steps < 1 || !Number.isInteger(o.batch) || o.batch < 1) throw new UserError(`--steps and --batch must be positive integers`);

  const source = await openSource(o);
  if (source.train.size < o.batch) throw new UserError(`the training set has ${source.train.size} samples, fewer than one batch of ${o.batch}`);
  const exts = extensionsOf(o.extensions);
  for (const e of exts) if (!e.stages.includes('finetune')) throw new UserError(`extension ${e.id} (${e.name}) does not act at fine-tuning`);
  const { encoder } = saved ? { encoder: { encoder: saved.model.encoder, size: saved.model.size } } : chooseEncoder(o);
  const model = buildSegmenter({ encoder: encoder.encoder, size: encoder.size, decoder: o.decoder, inChannels: source.bands.length, numClasses: source.numClasses, seed: o.seed });
  try {
    model.checkInputSize(source.cropSize, source.cropSize);
  } catch (err) {
    model.dispose();
    throw new UserError(`${(err as Error).message}`);
  }
  const optimiser = buildOptimiser(model, o.optimiser);
  try {
    const init = saved?.init ?? initialiseSegmenter(model, o.init, o.stemAdaptation);
    const perImage = init.inputNormalisation === 'per-image' || exts.some((e) => e.perImageNormalisation);
    const stats = perImage ? undefined : (saved?.normalisation.stats ?? (await source.stats()));
    const record: FinetuneRecord = saved ?? {
      kind: 'finetune',
      options: o,
      init,
      data: source.record,
      model: model.config,
      normalisation: { mode: perImage ? 'per-image' : 'dataset', stats },
      extensions: o.extensions,
      provenance: provenance(backend.choice),
    };
    if (!resume) {
      prepareRunFolder(out, false, control.overwrite);
      writeConfig(paths, record);
    }
    const classWeights = (o.classWeighting ?? 'none') === 'median-frequency' ? medianFrequencyWeights(await classFrequencies(source.train, source.numClasses, source.ignoreIndex)) : undefined;
    const prepare = (images: ImageBatch): ImageBatch => (stats ? normaliseInPlace(cloneBatch(images), stats, 'source') : perImageNormaliseInPlace(cloneBatch(images)));

    const { augRng, log, startStep, elapsedBefore, loaderStart } = startRun(paths, model, optimiser, resume, (o.seed * 2246822519 + 977) >>> 0);
    if (resume && startStep >= o.steps && fs.existsSync(paths.final)) {
      // Nothing left to do: report the finished run as it was recorded.
      const f = readJson<FinetuneResult & { elapsedSeconds: number }>(paths.final);
      return { dir: paths.dir, init: init.label, steps: f.steps, finalLoss: f.finalLoss, mIoU: f.mIoU, mF1: f.mF1, OA: f.OA, mBF: f.mBF, perClass: f.perClass, secondsPerStep: f.secondsPerStep, elapsed: f.elapsedSeconds };
    }
    const stream = new TrainStream(source.train, o.batch, o.seed, source.trainTransform, loaderStart);
    let stepIndex = startStep;
    const task = {
      optimiser,
      schedule: poly({ baseLr: o.lr, totalSteps: o.steps, power: o.power, minLr: o.minLr, warmupSteps: o.warmupSteps }),
      async nextBatch(): Promise<PreparedBatch> {
        stepIndex += 1;
        const step = stepIndex;
        const raw = await stream.next();
        const [size, height, width, channels] = raw.shape;
        const images = prepare({ size, height, width, channels, data: raw.images });
        const labels = Uint8Array.from(raw.labels);
        for (const e of exts) e.segAugment?.(images, labels, augRng);
        let weights: Float32Array | undefined;
        for (const e of exts) {
          if (!e.pixelWeights) continue;
          const w = e.pixelWeights(labels, size, height, width, source.ignoreIndex);
          if (weights) for (let i = 0; i < w.length; i++) weights[i] *= w[i];
          else weights = w;
        }
        const x = batchToTensor(images);
        const y = tf.tensor3d(labels, [size, height, width], 'int32');
        const pw = weights ? tf.tensor3d(weights, [size, height, width]) : undefined;
        return {
          loss: () => {
            const loss = segmentationCrossEntropy(model.forward(x, true), y, { ignoreIndex: source.ignoreIndex, pixelWeights: pw, classWeights });
            return control.lossHook ? control.lossHook(step, loss) : loss;
          },
          dispose: () => tf.dispose(pw ? [x, y, pw] : [x, y]),
        };
      },
      validate: async (): Promise<Record<string, number>> => {
        if (source.evalSets.val.count === 0) return {};
        const r = await evaluateSegmenter(model, source.evalSets.val, source.protocol, prepare, o.evalBatch);
        return { mIoU: r.metrics.mIoU, mF1: r.metrics.mF1, OA: r.metrics.OA };
      },
    };
    const result = await runTrainingLoop(task, {
      totalSteps: o.steps,
      startStep,
      validateEvery: o.validateEvery,
      checkpointEvery: o.checkpointEvery,
      clipNorm: o.clipNorm,
      log,
      checkpointDir: paths.checkpoint,
      lastCheckpointStep: resume ? startStep : undefined,
      progressLabel: `finetune ${o.dataset} from ${init.label}`,
      elapsedBefore,
      stopAfter: control.stopAfter,
      onStep: control.onStep,
      checkpoint: (step, elapsed) =>
        saveTrainingCheckpoint<FinetuneRecord, TrainingStreams>(paths.checkpoint, model, optimiser, {
          step,
          totalSteps: o.steps,
          elapsed,
          streams: { loader: stream.position(), augmentation: augRng.getState() },
          config: record,
        }),
    }).finally(() => stream.close());
    const final: FinetuneResult = { dir: paths.dir, init: init.label, steps: result.steps, finalLoss: result.lastLoss, mIoU: NaN, mF1: NaN, OA: NaN, mBF: NaN, perClass: [], secondsPerStep: result.secondsPerStep, elapsed: result.elapsed };
    if (result.steps >= o.steps) {
      const test = source.evalSets.test.count > 0 ? await evaluateSegmenter(model, source.evalSets.test, source.protocol, prepare, o.evalBatch) : undefined;
      if (test) {
        final.mIoU = test.metrics.mIoU;
        final.mF1 = test.metrics.mF1;
        final.OA = test.metrics.OA;
        final.mBF = test.mBF;
        final.perClass = test.metrics.perClass.filter((c) => c.inMean).map((c) => ({ id: c.id, name: c.name, iou: c.iou, f1: c.f1, present: c.present }));
      }
      writeFinal(paths, {
        kind: 'finetune',
        dataset: o.dataset,
        modality: o.modality,
        bands: source.bands,
        init: init.label,
        adaptation: init.adaptation,
        extensions: o.extensions,
        seed: o.seed,
        steps: final.steps,
        finalLoss: final.finalLoss,
        split: 'test',
        protocol: source.protocol.id,
        headline: source.protocol.headline,
        mIoU: final.mIoU,
        mF1: final.mF1,
        OA: final.OA,
        mBF: final.mBF,
        perClass: final.perClass,
        secondsPerStep: final.secondsPerStep,
        elapsedSeconds: final.elapsed,
      });
    }
    return final;
  } finally {
    optimiser.dispose();
    model.dispose();
  }
}
