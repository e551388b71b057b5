/**
 * Segmentation metrics from one dataset-level confusion matrix, over exactly the classes a protocol
 * counts.
 *
 * Per class c (TP = counts[c][c], FP = column c minus TP, FN = row c minus TP):
 *   IoU = TP / (TP + FP + FN)       precision = TP / (TP + FP)      recall = TP / (TP + FN)
 *   F1  = 2 TP / (2 TP + FP + FN)   (= 2PR / (P + R) wherever P and R are defined)
 *
 * Classes that never occur — the rule, applied to every per-class score:
 *   - no truth and no prediction (TP = FP = FN = 0): IoU, F1, precision and recall are NaN, and the
 *     class is left out of every mean (nanmean, as mmseg and CMX do). `present` is false.
 *   - truth absent but predicted (TP = FN = 0, FP > 0): IoU = 0 and F1 = 0 — the false positives
 *     are penalised — precision = 0, recall = NaN (0/0, left out of mean recall).
 *   - truth present but never predicted: IoU = F1 = recall = 0, precision = NaN.
 * A mean over an empty set (every counted class absent) is NaN.
 *
 * Protocol effects (see protocols.ts): truth rows of `ignoredTruthClasses` are dropped before
 * anything is computed (those pixels count nowhere, as if they were the ignore id; predictions of such
 * a class on other pixels still count as errors); means run over `meanClasses`; OA = correct /
 * counted over truth rows in `oaClasses`.
 */
import type { ConfusionMatrix } from './confusion';

export interface MetricProtocol {
  classNames: readonly string[];
  meanClasses: readonly number[];
  oaClasses: readonly number[];
  ignoredTruthClasses: readonly number[];
}

export interface ClassScores {
  id: number;
  name: string;
  iou: number;
  f1: number;
  precision: number;
  recall: number;
  /** Counted truth pixels of the class (row sum). */
  truthPixels: number;
  /** Pixels predicted as the class (column sum), on counted truth. */
  predictedPixels: number;
  /** Whether the class enters the means of this protocol. */
  inMean: boolean;
  /** False when the class has neither truth nor prediction pixels (its scores are NaN). */
  present: boolean;
}

export interface SegmentationMetrics {
  mIoU: number;
  mF1: number;
  mPrecision: number;
  mRecall: number;
  OA: number;
  /** Pixels counted by the matrix after the protocol's dropped truth classes. */
  countedPixels: number;
  perClass: ClassScores[];
}

/** The mean of the finite values; NaN when there are none. */
export function nanMean(values: readonly number[]): number {
  let s = 0;
  let n = 0;
  for (const v of values) {
    if (Number.isFinite(v)) {
      s += v;
      n++;
    }
  }
  return n > 0 ? s / n : NaN;
}

export function computeMetrics(cm: ConfusionMatrix, protocol: MetricProtocol): SegmentationMetrics {
  const K = cm.numClasses;
  if (protocol.classNames.length !== K) {
    throw new RangeError(`protocol has ${protocol.classNames.length} classes, confusion matrix ${K}`);
  }
  const dropped = new Set(protocol.ignoredTruthClasses);
  const rowSum = new Float64Array(K);
  const colSum = new Float64Array(K);
  const diag = new Float64Array(K);
  for (let t = 0; t < K; t++) {
    if (dropped.has(t)) continue;
    for (let p = 0; p < K; p++) {
      const v = cm.counts[t * K + p];
      rowSum[t] += v;
      colSum[p] += v;
    }
    diag[t] = cm.counts[t * K + t];
  }
  const inMean = new Set(protocol.meanClasses);
  const perClass: ClassScores[] = [];
  for (let c = 0; c < K; c++) {
    const tp = diag[c];
    const fp = colSum[c] - tp;
    const fn = rowSum[c] - tp;
    const present = tp + fp + fn > 0;
    perClass.push({
      id: c,
      name: protocol.classNames[c],
      iou: present ? tp / (tp + fp + fn) : NaN,
      f1: present ? (2 * tp) / (2 * tp + fp + fn) : NaN,
      precision: tp + fp > 0 ? tp / (tp + fp) : NaN,
      recall: tp + fn > 0 ? tp / (tp + fn) : NaN,
      truthPixels: rowSum[c],
      predictedPixels: colSum[c],
      inMean: inMean.has(c),
      present,
    });
  }
  const counted = perClass.filter((c) => c.inMean);
  let correct = 0;
  let all = 0;
  for (const c of protocol.oaClasses) {
    if (dropped.has(c)) continue;
    correct += diag[c];
    all += rowSum[c];
  }
  let countedPixels = 0;
  for (let c = 0; c < K; c++) countedPixels += rowSum[c];
  return {
    mIoU: nanMean(counted.map((c) => c.iou)),
    mF1: nanMean(counted.map((c) => c.f1)),
    mPrecision: nanMean(counted.map((c) => c.precision)),
    mRecall: nanMean(counted.map((c) => c.recall)),
    OA: all > 0 ? correct / all : NaN,
    countedPixels,
    perClass,
  };
}
