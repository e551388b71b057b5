/**
 * The training loop shared by pre-training and fine-tuning: step, log, validate, checkpoint.
 * A task supplies batches (each as a loss closure) and validation; the loop owns the step count,
 * the learning-rate schedule, the metrics log, the progress bar and the checkpoint cadence.
 * A non-finite loss stops the run without writing a checkpoint, so the last good one is kept.
 */
import * as tf from '@tensorflow/tfjs-core';
import { Progress } from '../util/progress';
import type { MetricsLog, MetricsRecord } from './metrics-log';
import type { Optimiser } from './optim/index';
import type { LrSchedule } from './schedule';
import { NonFiniteLossError, trainStep } from './step';

/** One drawn batch: its loss (called inside tf.variableGrads) and the tensors to free after. */
export interface PreparedBatch {
  loss(): tf.Scalar;
  dispose(): void;
}

export interface TrainingTask {
  readonly optimiser: Optimiser;
  readonly schedule: LrSchedule;
  /** Draws the next batch, advancing the data position and the random streams. */
  nextBatch(): Promise<PreparedBatch> | PreparedBatch;
  /** Validation metrics (fractions), e.g. { top1: 0.7 } or { mIoU: 0.4 }. */
  validate?(): Promise<Record<string, number>> | Record<string, number>;
}

export interface LoopOptions {
  totalSteps: number;
  /** Steps already done (resume). */
  startStep: number;
  validateEvery: number;
  checkpointEvery: number;
  clipNorm?: number;
  log: MetricsLog;
  /** Writes a checkpoint after `step` updates, `elapsed` training seconds so far (must be atomic). */
  checkpoint(step: number, elapsed: number): Promise<void>;
  /** The step of the checkpoint on disk before this session, if any (for messages). */
  lastCheckpointStep?: number;
  checkpointDir: string;
  progressLabel: string;
  /** Seconds of training before this session (resume), so logged times are cumulative. */
  elapsedBefore?: number;
  /** Stop after this many total steps as if killed (tests); no final checkpoint unless due. */
  stopAfter?: number;
  /** Called after every step (tests, notebooks). */
  onStep?(step: number, record: MetricsRecord): void;
}

export interface LoopResult {
  /** Total steps done (including before a resume). */
  steps: number;
  lastLoss: number;
  lastValidation?: Record<string, number>;
  /** Mean seconds per training step in this session (validation and checkpoints excluded). */
  secondsPerStep: number;
  elapsed: number;
}

/** The run stopped because the loss diverged; the checkpoint on disk is the last good one. */
export class TrainingDivergedError extends Error {
  constructor(
    message: string,
    readonly step: number,
    readonly lastGoodCheckpointStep: number | undefined,
  ) {
    super(message);
    this.name = 'TrainingDivergedError';
  }
}

export async function runTrainingLoop(task: TrainingTask, o: LoopOptions): Promise<LoopResult> {
  const start = Date.now();
  const before = o.elapsedBefore ?? 0;
  const elapsed = () => before + (Date.now() - start) / 1000;
  const progress = new Progress({ label: o.progressLabel, total: o.totalSteps, unit: 'step' });
  if (o.startStep > 0) progress.tick(o.startStep);
  let lastCheckpoint = o.lastCheckpointStep;
  // A resumed run that has nothing left to do reports the last logged loss.
  const logged = o.startStep > 0 ? o.log.read().filter((r) => r.step <= o.startStep && typeof r.loss === 'number') : [];
  let lastLoss = logged.length > 0 ? (logged[logged.length - 1].loss as number) : NaN;
  let lastValidation: Record<string, number> | undefined = [...logged].reverse().find((r) => r.val !== undefined)?.val as Record<string, number> | undefined;
  let stepSeconds = 0;
  let stepsRun = 0;
  let stepsDone = o.startStep;

  for (let step = o.startStep; step < o.totalSteps; step++) {
    const lr = task.schedule(step);
    const t0 = performance.now();
    const batch = await task.nextBatch();
    let result;
    try {
      result = trainStep(task.optimiser, () => batch.loss(), { step: step + 1, lr, clipNorm: o.clipNorm });
    } catch (err) {
      if (err instanceof NonFiniteLossError) {
        o.log.append({ step: step + 1, event: 'non-finite-loss', loss: String(err.loss), gradNorm: String(err.gradNorm), lr, time: elapsed() });
        const kept = lastCheckpoint !== undefined ? `the last good checkpoint (step ${lastCheckpoint}) is kept in ${o.checkpointDir}` : 'no checkpoint had been written yet';
        throw new TrainingDivergedError(`training stopped: the loss is not finite at step ${step + 1} (loss ${err.loss}, gradient norm ${err.gradNorm}); ${kept}; try a lower learning rate`, step + 1, lastCheckpoint);
      }
      throw err;
    } finally {
      batch.dispose();
    }
    const stepTime = (performance.now() - t0) / 1000;
    stepSeconds += stepTime;
    stepsRun += 1;
    const done = step + 1;
    stepsDone = done;
    lastLoss = result.loss;
    const record: MetricsRecord = { step: done, loss: result.loss, lr, gradNorm: result.gradNorm, stepSeconds: stepTime, time: elapsed() };
    const validateNow = task.validate !== undefined && ((o.validateEvery > 0 && done % o.validateEvery === 0) || done === o.totalSteps);
    if (validateNow) {
      lastValidation = await task.validate!();
      record.val = lastValidation;
    }
    o.log.append(record);
    const fields: Record<string, number | string> = { loss: result.loss, lr };
    if (lastValidation) for (const [k, v] of Object.entries(lastValidation)) fields[k] = v;
    progress.tick(1, fields);
    o.onStep?.(done, record);
    if ((o.checkpointEvery > 0 && done % o.checkpointEvery === 0) || done === o.totalSteps) {
      await o.checkpoint(done, elapsed());
      lastCheckpoint = done;
    }
    if (o.stopAfter !== undefined && done >= o.stopAfter) break;
  }
  return { steps: stepsDone, lastLoss, lastValidation, secondsPerStep: stepsRun > 0 ? stepSeconds / stepsRun : 0, elapsed: elapsed() };
}
