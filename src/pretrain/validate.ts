/**
 * Validation of a pre-training classifier: top-1 accuracy on each held-out set (SynthGeo: the
 * in-domain validation split and the shape-only set), and on the in-domain set with the channel
 * order reversed (RGB→BGR for 3 channels) — the paper's robustness check: a CSP model should not
 * care, an IM-RGB model does. The strategy's channel map is drawn from a fixed Rng so every
 * validation sees the same inputs.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { ClassifierModel } from '../models/types';
import { Rng } from '../util/rng';
import { perImageNormaliseInPlace } from './extensions/x2-modality-agnostic';
import type { ClsSource } from './data';
import type { PretrainInput } from './input';
import { batchToTensor, type ImageBatch } from './strategies/index';

export function reverseChannels(b: ImageBatch): ImageBatch {
  const out = { ...b, data: new Float32Array(b.data.length) };
  const c = b.channels;
  for (let p = 0; p < b.data.length; p += c) for (let k = 0; k < c; k++) out.data[p + k] = b.data[p + c - 1 - k];
  return out;
}

/** The deterministic evaluation view: normalise, strategy (fixed Rng), per-image normalisation for X2. */
export function evalView(input: PretrainInput, raw: ImageBatch, rng: Rng): ImageBatch {
  const b = input.strategy.apply(input.normalise(raw), rng);
  return input.record.inputNormalisation === 'per-image' ? perImageNormaliseInPlace(b) : b;
}

function correct(model: ClassifierModel, batch: ImageBatch, labels: Int32Array): number {
  const pred = tf.tidy(() => {
    const x = batchToTensor(batch);
    return tf.argMax(model.forward(x, false), 1);
  });
  const p = pred.dataSync();
  pred.dispose();
  let n = 0;
  for (let i = 0; i < labels.length; i++) if (p[i] === labels[i]) n++;
  return n;
}

export async function validateClassifier(model: ClassifierModel, source: ClsSource, input: PretrainInput, seed: number, evalBatch: number): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const set of source.evalSets) {
    const rng = new Rng((seed ^ 0x7f4a7c15) >>> 0);
    let hits = 0;
    let hitsReversed = 0;
    for (let start = 0; start < set.count; start += evalBatch) {
      const { images, labels } = await set.batch(start, Math.min(set.count, start + evalBatch));
      const view = evalView(input, images, rng);
      hits += correct(model, view, labels);
      if (set.name === 'val') hitsReversed += correct(model, reverseChannels(view), labels);
    }
    const key = set.name === 'val' ? 'top1' : `top1${set.name[0].toUpperCase()}${set.name.slice(1)}`;
    out[key] = hits / set.count;
    if (set.name === 'val') out.top1Reversed = hitsReversed / set.count;
  }
  return out;
}
