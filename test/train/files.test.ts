import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { SYNTH_DATASETS } from '../../src/data/synthgeo/registry';
import { defaultPretrainOptions } from '../../src/pretrain/config';
import { runPretrain } from '../../src/pretrain/run';
import { defaultFinetuneOptions } from '../../src/train/finetune/config';
import { runFinetune } from '../../src/train/finetune/run';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gp-files-'));
process.on('exit', () => fs.rmSync(tmp, { recursive: true, force: true }));

test('pre-training reads ImageNet from disk and fine-tuning reads MFNet files (tiny folders in the real layouts)', async () => {
  const imagenet = path.join(tmp, 'imagenet');
  const mfnet = path.join(tmp, 'mfnet');
  await SYNTH_DATASETS.imagenet.write(imagenet, { seed: 0, train: 20, test: 10, size: 24 });
  await SYNTH_DATASETS.mfnet.write(mfnet, { seed: 0, train: 6, test: 3, size: 40 });

  const pt = path.join(tmp, 'pt');
  const p = await runPretrain(pt, defaultPretrainOptions({ channels: 4, data: { kind: 'imagenet', root: imagenet, size: 16 }, steps: 2, batch: 4, checkpointEvery: 2, validateEvery: 2, evalBatch: 5 }), false);
  assert.equal(p.steps, 2);
  assert.ok(p.validation.top1 >= 0 && p.validation.top1 <= 1);
  const cfg = JSON.parse(fs.readFileSync(path.join(pt, 'config.json'), 'utf8'));
  assert.equal(cfg.data.source, 'imagenet');
  assert.equal(cfg.data.valCount, 10);

  // 40x40 images, 32x32 crops: random windows for training, covering tiles for evaluation.
  const ft = path.join(tmp, 'ft');
  const f = await runFinetune(ft, defaultFinetuneOptions({ dataset: 'mfnet', modality: 'RGB-T', init: pt, data: { kind: 'files', root: mfnet, cropSize: 32 }, steps: 2, batch: 2, checkpointEvery: 2, validateEvery: 2, evalBatch: 4 }), false);
  assert.ok(f.mIoU >= 0 && f.mIoU <= 1);
  const fcfg = JSON.parse(fs.readFileSync(path.join(ft, 'config.json'), 'utf8'));
  assert.deepEqual(fcfg.data.bands, ['R', 'G', 'B', 'T']);
  assert.equal(fcfg.init.label, 'CSP');
});
