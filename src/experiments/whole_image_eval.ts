/**
 * Evaluation of a fine-tuned run on whole images of a real dataset: sliding windows with overlap and
 * logit averaging (src/eval/sliding_window.ts; optional flip averaging), windows read from disk so a
 * 6000×6000 tile is never decoded whole, one dataset-level confusion matrix under the protocol, and
 * boundary F1. Channel permutations apply to the raw bands before the run's normalisation.
 */
import { BoundaryF1 } from '../eval/boundary';
import { ConfusionMatrix } from '../eval/confusion';
import { computeMetrics, type SegmentationMetrics } from '../eval/metrics';
import { slidingWindowPredict, type RasterSource, type SegModel } from '../eval/sliding_window';
import { openSegmentationDataset } from '../data/datasets/registry';
import { UserError } from '../util/errors';
import { permuteChannels, type FinetunedRun } from './finetuned';

export interface WholeImageOptions {
  split: string;
  window: number;
  stride: number;
  flip: boolean;
  /** Channel c of the model input is raw band order[c]. */
  order: readonly number[];
  maxImages?: number;
}

export interface WholeImageEvaluation {
  metrics: SegmentationMetrics;
  mBF: number;
  images: number;
  windows: number;
}

export async function evaluateWholeImages(run: FinetunedRun, root: string, o: WholeImageOptions): Promise<WholeImageEvaluation> {
  const ds = await openSegmentationDataset(run.record.options.dataset, root);
  if (!ds.splits.includes(o.split)) throw new UserError(`no '${o.split}' split found (splits: ${ds.splits.join(', ') || 'none'})`, root);
  const refs = ds.list(o.split).slice(0, o.maxImages ?? Infinity);
  if (refs.length === 0) throw new UserError(`the '${o.split}' split has no images`, root);
  const protocol = run.source.protocol;
  const k = protocol.classNames.length;
  const cm = new ConfusionMatrix(k, protocol.ignoreIndex);
  const bf = new BoundaryF1(k, 3);
  const channels = run.record.model.inChannels;
  const modality = run.record.options.modality;
  const model: SegModel = (x) => run.model.forward(x, false);
  let windows = 0;
  for (const ref of refs) {
    const { width, height } = await ds.size(ref);
    const source: RasterSource = {
      height,
      width,
      channels,
      read: async (y0, x0, h, w) => {
        const s = await ds.read(ref, { modality, window: { x: x0, y: y0, width: w, height: h }, withLabel: false });
        const raw = { size: 1, height: h, width: w, channels, data: s.image.data };
        return run.prepare(permuteChannels(raw, o.order)).data;
      },
    };
    const r = await slidingWindowPredict(model, source, { window: o.window, stride: o.stride, flip: o.flip });
    windows += r.windows;
    const truth = (await ds.readLabel(ref)).label;
    if (!r.labels) throw new Error('sliding-window inference returned no label map');
    cm.update(truth.data, r.labels.data);
    bf.update(truth.data, r.labels.data, height, width);
  }
  return { metrics: computeMetrics(cm, protocol), mBF: bf.result(protocol.meanClasses).mBF, images: refs.length, windows };
}
