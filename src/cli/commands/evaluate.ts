import * as path from 'node:path';
import { UserError } from '../../util/errors';
import { writeJsonAtomic } from '../../util/atomic';
import { intFlag, parseFlags, printJson, type Command } from '../command';
import { checkPermutation, openFinetunedRun, permuteChannels } from '../../experiments/finetuned';
import { evaluateSegmenter } from '../../train/finetune/validate';
import { savePredictions } from '../../experiments/save_predictions';
import { evaluateWholeImages } from '../../experiments/whole_image_eval';

const USAGE = `geopretrain evaluate <dataset> --checkpoint RUN [--root DIR] [--split test|val]
                      [--permute 2,1,0,3 ...] [--window N --stride N --flip] [--save-predictions DIR]
                      [--json] [--json-out FILE]

Evaluates a fine-tuned run on its dataset's test split under the dataset's protocol (mIoU, mF1, OA,
boundary F1, per class). On real data (--root, or the run's own root) whole images are predicted by
overlapping sliding windows read from disk, logits averaged (--flip adds flipped windows; --window
defaults to the training crop, --stride to 2/3 of it). Without a root the run's SynthGeo test images
are regenerated from the recorded seed. Each --permute adds an evaluation with the input channels reordered (channel c takes
input channel order[c], e.g. 2,1,0 = RGB→BGR), the channel-order robustness test of the paper.
--save-predictions writes the predictions as label PNGs (colour-coded for iSAID and Potsdam, class
ids otherwise), the formats \`geopretrain score\` reads.`;

export const evaluateCommand: Command = {
  name: 'evaluate',
  summary: 'metrics of a fine-tuned run on a test split, optionally with permuted input channels',
  usage: USAGE,
  async run(argv) {
    const { values, positionals } = parseFlags('evaluate', argv, {
      checkpoint: { type: 'string' },
      root: { type: 'string' },
      split: { type: 'string' },
      permute: { type: 'string', multiple: true },
      json: { type: 'boolean' },
      'json-out': { type: 'string' },
      'save-predictions': { type: 'string' },
      window: { type: 'string' },
      stride: { type: 'string' },
      flip: { type: 'boolean' },
    });
    const dataset = positionals[0];
    if (!dataset) throw new UserError('evaluate needs a dataset (isaid, mfnet, pst900, potsdam)');
    if (!values.checkpoint) throw new UserError('--checkpoint RUN is required (a fine-tuning run folder)');
    const split = values.split ?? 'test';
    if (split !== 'test' && split !== 'val') throw new UserError(`--split must be test or val, got '${split}'`);
    const orders = (values.permute ?? []).map((p) => p.split(',').map((s) => {
      const n = Number(s);
      if (!Number.isInteger(n)) throw new UserError(`--permute expects comma-separated channel indices, got '${p}'`);
      return n;
    }));
    const run = await openFinetunedRun(values.checkpoint, { root: values.root ? path.resolve(values.root) : undefined });
    try {
      if (run.record.options.dataset !== dataset) throw new UserError(`the run was fine-tuned on ${run.record.options.dataset}, not ${dataset}`, values.checkpoint);
      const identity = run.source.bands.map((_, i) => i);
      for (const order of orders) checkPermutation(order, identity.length);
      const data = run.record.options.data;
      const root = values.root ? path.resolve(values.root) : data.kind === 'files' ? data.root : undefined;
      // Real data: whole images by sliding windows; SynthGeo: its fixed test images, as in training.
      const window = intFlag('evaluate', 'window', values.window, data.kind === 'files' ? data.cropSize : 256);
      const stride = intFlag('evaluate', 'stride', values.stride, Math.max(1, Math.round((window * 2) / 3)));
      if (window < 1 || stride < 1 || stride > window) throw new UserError(`--window and --stride must be positive with stride <= window (got ${window}, ${stride})`);
      const evaluations = [];
      for (const order of [identity, ...orders]) {
        let metrics;
        let mBF: number;
        let method: Record<string, unknown>;
        if (root) {
          const r = await evaluateWholeImages(run, root, { split, window, stride, flip: values.flip === true, order });
          metrics = r.metrics;
          mBF = r.mBF;
          method = { kind: 'sliding-window', window, stride, flip: values.flip === true, images: r.images, windows: r.windows };
        } else {
          const prepare = order === identity ? run.prepare : (images: Parameters<typeof run.prepare>[0]) => run.prepare(permuteChannels(images, order));
          const r = await evaluateSegmenter(run.model, run.source.evalSets[split], run.source.protocol, prepare, run.record.options.evalBatch);
          metrics = r.metrics;
          mBF = r.mBF;
          method = { kind: 'synthgeo-test-images', images: run.source.evalSets[split].count };
        }
        evaluations.push({
          order,
          bands: order.map((i) => run.source.bands[i]),
          protocol: run.source.protocol.id,
          method,
          mIoU: metrics.mIoU,
          mF1: metrics.mF1,
          OA: metrics.OA,
          mBF,
          perClass: metrics.perClass.filter((c) => c.inMean).map((c) => ({ id: c.id, name: c.name, iou: c.iou, f1: c.f1, present: c.present })),
        });
      }
      let predictions: { dir: string; files: number } | undefined;
      if (values['save-predictions']) {
        const dir = path.resolve(values['save-predictions']);
        predictions = { dir, files: await savePredictions(run, run.source.evalSets[split], dir, run.record.options.evalBatch) };
      }
      const out = { dataset, run: path.resolve(values.checkpoint), split, images: run.source.evalSets[split].count, evaluations, predictions };
      if (values['json-out']) writeJsonAtomic(path.resolve(values['json-out']), out);
      if (values.json) printJson(out);
      else {
        if (predictions) console.log(`predictions: ${predictions.files} PNGs in ${predictions.dir}`);
        for (const e of evaluations) {
          console.log(`${dataset} ${split} [${e.bands.join(',')}]: mIoU ${(100 * e.mIoU).toFixed(2)}  mF1 ${(100 * e.mF1).toFixed(2)}  OA ${(100 * e.OA).toFixed(2)}  mBF ${(100 * e.mBF).toFixed(2)}  (${e.protocol})`);
        }
      }
      return 0;
    } finally {
      run.dispose();
    }
  },
};
