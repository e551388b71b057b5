/**
 * Evaluation of a segmenter on a fixed set: one dataset-level confusion matrix (src/eval) → mIoU,
 * mF1, OA and per-class scores under the dataset's protocol, plus boundary F1 (3 px tolerance).
 */
import * as tf from '@tensorflow/tfjs-core';
import { BoundaryF1 } from '../../eval/boundary';
import { ConfusionMatrix } from '../../eval/confusion';
import { computeMetrics, type SegmentationMetrics } from '../../eval/metrics';
import type { EvalProtocol } from '../../eval/protocols';
import type { SegmentationModel } from '../../models/types';
import { batchToTensor, type ImageBatch } from '../../pretrain/strategies/index';
import type { SegEvalSet } from './data';

export interface SegEvaluation {
  metrics: SegmentationMetrics;
  mBF: number;
}

/** Predictions (class ids, NHW) of a batch. */
export function predict(model: SegmentationModel, images: ImageBatch): Uint8Array {
  const t = tf.tidy(() => tf.argMax(model.forward(batchToTensor(images), false), -1));
  const out = Uint8Array.from(t.dataSync());
  t.dispose();
  return out;
}

export async function evaluateSegmenter(
  model: SegmentationModel,
  set: SegEvalSet,
  protocol: EvalProtocol,
  prepare: (images: ImageBatch) => ImageBatch,
  evalBatch: number,
): Promise<SegEvaluation> {
  const k = protocol.classNames.length;
  const cm = new ConfusionMatrix(k, protocol.ignoreIndex);
  const bf = new BoundaryF1(k, 3);
  for (let start = 0; start < set.count; start += evalBatch) {
    const { images, labels } = await set.batch(start, Math.min(set.count, start + evalBatch));
    const pred = predict(model, prepare(images));
    cm.update(labels, pred);
    const hw = images.height * images.width;
    for (let i = 0; i < images.size; i++) bf.update(labels.subarray(i * hw, (i + 1) * hw), pred.subarray(i * hw, (i + 1) * hw), images.height, images.width);
  }
  return { metrics: computeMetrics(cm, protocol), mBF: bf.result(protocol.meanClasses).mBF };
}
