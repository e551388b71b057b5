/**
 * Training checkpoints: the model's weights (src/models/checkpoint.ts format) plus everything needed
 * to continue exactly — optimiser state (tensors in the 'extra' group, scalars in the state), the
 * step, the random streams and data position, elapsed time and the run's config. Written
 * atomically by the models' saveCheckpoint (temporary folder, then rename), so a kill at any
 * moment leaves either the previous or the new checkpoint.
 */
import { loadWeights, readCheckpoint, saveCheckpoint } from '../models/checkpoint';
import type { Model } from '../models/types';
import { UserError } from '../util/errors';
import type { Optimiser, OptimiserScalars } from './optim/index';
import type { LoaderPosition } from '../data/loader';
import { Rng, type RngState } from '../util/rng';
import { MetricsLog } from './metrics-log';
import type { RunPaths } from './run-folder';

export interface TrainingState<C = unknown, S = unknown> {
  format: 'geopretrain-training';
  version: 1;
  /** Updates done. */
  step: number;
  totalSteps: number;
  /** Training seconds so far. */
  elapsed: number;
  optimiser: OptimiserScalars;
  /** Data position and RNG states of the task. */
  streams: S;
  config: C;
}

export async function saveTrainingCheckpoint<C, S>(dir: string, model: Model, optimiser: Optimiser, state: Omit<TrainingState<C, S>, 'format' | 'version' | 'optimiser'>): Promise<void> {
  const full: TrainingState<C, S> = { format: 'geopretrain-training', version: 1, ...state, optimiser: optimiser.scalars() };
  await saveCheckpoint(dir, model, { state: full, extraTensors: optimiser.stateTensors() });
}

/** The training state stored in a checkpoint folder, without loading any tensor into a model. */
export function readTrainingState<C, S>(dir: string): TrainingState<C, S> {
  const ck = readCheckpoint(dir);
  return checkState<C, S>(ck.state, dir);
}

function checkState<C, S>(state: unknown, dir: string): TrainingState<C, S> {
  const s = state as Partial<TrainingState<C, S>> | undefined;
  if (!s || s.format !== 'geopretrain-training' || typeof s.step !== 'number') {
    throw new UserError('not a training checkpoint of geopretrain (state.json has no training state)', dir);
  }
  return s as TrainingState<C, S>;
}

/** Loads weights and optimiser state into freshly built objects; returns the training state. */
export function restoreTrainingCheckpoint<C, S>(dir: string, model: Model, optimiser: Optimiser): TrainingState<C, S> {
  const ck = readCheckpoint(dir);
  const state = checkState<C, S>(ck.state, dir);
  loadWeights(model, ck);
  try {
    optimiser.restore(ck.extra, state.optimiser);
  } catch (err) {
    throw new UserError(`optimiser state does not fit the model: ${(err as Error).message}`, dir);
  }
  return state;
}

/** The random streams and data position every training run checkpoints (pre-training, fine-tuning). */
export interface TrainingStreams {
  /** The training loader's position after the last batch used. */
  loader: LoaderPosition;
  /** The run's augmentation Rng (strategy/extension draws). */
  augmentation: RngState;
}

/** Where a run starts: fresh, or exactly where its last checkpoint left it. */
export interface RunStart {
  augRng: Rng;
  log: MetricsLog;
  startStep: number;
  elapsedBefore: number;
  loaderStart: LoaderPosition | undefined;
}

/**
 * The augmentation Rng (seeded from `augSeed`), the metrics log, and — when resuming — the weights,
 * optimiser state, streams and step restored from the run's checkpoint (the log cut back to it).
 */
export function startRun(paths: RunPaths, model: Model, optimiser: Optimiser, resume: boolean, augSeed: number): RunStart {
  const start: RunStart = { augRng: new Rng(augSeed), log: new MetricsLog(paths.metrics), startStep: 0, elapsedBefore: 0, loaderStart: undefined };
  if (resume) {
    const state = restoreTrainingCheckpoint<unknown, TrainingStreams>(paths.checkpoint, model, optimiser);
    start.loaderStart = state.streams.loader;
    start.augRng.setState(state.streams.augmentation);
    start.startStep = state.step;
    start.elapsedBefore = state.elapsed;
    start.log.truncateAfter(start.startStep);
  }
  return start;
}
