import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { defaultPretrainOptions } from '../../src/pretrain/config';
import { runPretrain } from '../../src/pretrain/run';
import { defaultFinetuneOptions, type FinetuneOptions } from '../../src/train/finetune/config';
import { runFinetune, type FinetuneRecord } from '../../src/train/finetune/run';
import { initialiseSegmenter } from '../../src/train/finetune/init';
import { buildSegmenter } from '../../src/models';
import { readCheckpoint } from '../../src/models/checkpoint';
import { MetricsLog } from '../../src/train/metrics-log';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gp-finetune-'));
process.on('exit', () => fs.rmSync(tmp, { recursive: true, force: true }));

async function pretrain(name: string, strategy: string, channels: number, extensions: ('X2')[] = []): Promise<string> {
  const dir = path.join(tmp, name);
  const o = defaultPretrainOptions({ strategy, channels, extensions, steps: 2, batch: 4, checkpointEvery: 2, validateEvery: 2, evalBatch: 4, data: { kind: 'synthgeo', seed: 0, size: 16, trainCount: 8, valCount: 4, shapeOnlyCount: 4 } });
  await runPretrain(dir, o, false);
  return dir;
}

function tinyFinetune(init: string, over: Partial<FinetuneOptions> = {}): FinetuneOptions {
  return defaultFinetuneOptions({
    dataset: 'mfnet',
    modality: 'RGB-T',
    init,
    steps: 6,
    batch: 4,
    checkpointEvery: 3,
    validateEvery: 3,
    evalBatch: 4,
    data: { kind: 'synthgeo', seed: 2, size: 16, trainCount: 12, valCount: 4, testCount: 4 },
    ...over,
  });
}

test('the encoder of a checkpoint is copied; IM-RGB (3 bands) into 4 bands adapts the stem by the mean rule and says so', async () => {
  const baseline = await pretrain('imrgb', 'baseline', 3);
  const csp4 = await pretrain('csp4', 'generalised', 4);
  const seg = buildSegmenter({ encoder: 'cnn', size: 'nano', decoder: 'fpn', inChannels: 4, numClasses: 9, seed: 5 });
  const rec = initialiseSegmenter(seg, csp4, 'mean');
  assert.equal(rec.label, 'CSP');
  assert.deepEqual(rec.adaptation, { method: 'none', fromChannels: 4, toChannels: 4, scale: 1 });
  const ck = readCheckpoint(path.join(csp4, 'checkpoint'));
  for (const [name, v] of seg.namedWeights()) {
    if (!name.startsWith('encoder.')) continue;
    assert.deepEqual(Array.from(v.dataSync()), Array.from(ck.model.get(name)!.data), name);
  }
  const recB = initialiseSegmenter(seg, baseline, 'mean');
  assert.equal(recB.label, 'IM-RGB');
  assert.equal(recB.adaptation.method, 'mean');
  assert.equal(recB.adaptation.scale, 3 / 4);
  // Stem: the 3 source filters times 3/4, the 4th = mean of the source filters times 3/4.
  const stemName = seg.encoder.stemWeightName;
  const src = readCheckpoint(path.join(baseline, 'checkpoint')).model.get(stemName)!;
  const [kh, kw, , out] = src.shape;
  const got = seg.namedWeights().get(stemName)!.dataSync();
  for (let p = 0; p < kh * kw; p++) {
    for (let o = 0; o < out; o++) {
      const s = [0, 1, 2].map((c) => src.data[(p * 3 + c) * out + o]);
      for (let c = 0; c < 3; c++) assert.ok(Math.abs(got[(p * 4 + c) * out + o] - 0.75 * s[c]) < 1e-6);
      assert.ok(Math.abs(got[(p * 4 + 3) * out + o] - (0.75 * (s[0] + s[1] + s[2])) / 3) < 1e-6);
    }
  }
  seg.dispose();
});

test('fine-tuning writes config (init, adaptation, seed, backend, code version), metrics, checkpoint and final metrics; loss falls', async () => {
  const baseline = path.join(tmp, 'imrgb');
  const dir = path.join(tmp, 'ft-imrgb');
  const r = await runFinetune(dir, tinyFinetune(baseline, { steps: 12, lr: 5e-3, checkpointEvery: 6, validateEvery: 6 }), false);
  const cfg = JSON.parse(fs.readFileSync(path.join(dir, 'config.json'), 'utf8')) as FinetuneRecord;
  assert.equal(cfg.init.label, 'IM-RGB');
  assert.equal(cfg.init.strategy, 'baseline');
  assert.equal(cfg.init.adaptation.method, 'mean');
  assert.equal(cfg.options.seed, 1);
  assert.ok(typeof cfg.provenance.backend === 'string');
  assert.ok('codeVersion' in cfg.provenance);
  assert.equal(cfg.normalisation.mode, 'dataset');
  const final = JSON.parse(fs.readFileSync(path.join(dir, 'final.json'), 'utf8')) as Record<string, unknown>;
  for (const k of ['mIoU', 'mF1', 'OA']) assert.ok((final[k] as number) >= 0 && (final[k] as number) <= 1, `${k} = ${final[k]}`);
  assert.equal(final.mIoU, r.mIoU);
  const log = new MetricsLog(path.join(dir, 'metrics.jsonl')).read();
  assert.equal(log.length, 12);
  assert.ok(log[5].val && log[11].val);
  const first = log[0].loss as number;
  const last = ((log[10].loss as number) + (log[11].loss as number)) / 2;
  assert.ok(last < first - 0.2, `loss ${first} → ${last}`);
});

test('a killed fine-tuning run (X3 + X6) resumes to the same weights as an uninterrupted one', async () => {
  const o = tinyFinetune(path.join(tmp, 'csp4'), { extensions: ['X3', 'X6'] });
  await runFinetune(path.join(tmp, 'ft-full'), o, false);
  await runFinetune(path.join(tmp, 'ft-killed'), o, false, { stopAfter: 5 });
  await runFinetune(path.join(tmp, 'ft-killed'), undefined, true);
  const a = readCheckpoint(path.join(tmp, 'ft-full', 'checkpoint'));
  const b = readCheckpoint(path.join(tmp, 'ft-killed', 'checkpoint'));
  for (const [name, t] of a.model) {
    const u = b.model.get(name)!.data;
    for (let i = 0; i < t.data.length; i++) assert.ok(Math.abs(t.data[i] - u[i]) < 1e-6, name);
  }
  const fa = JSON.parse(fs.readFileSync(path.join(tmp, 'ft-full', 'final.json'), 'utf8'));
  const fb = JSON.parse(fs.readFileSync(path.join(tmp, 'ft-killed', 'final.json'), 'utf8'));
  assert.equal(fa.mIoU, fb.mIoU);
  assert.deepEqual(fa.extensions, ['X3', 'X6']);
});

test('an X2 checkpoint fine-tunes with per-image normalisation, slicing its stem for fewer bands', async () => {
  const x2 = await pretrain('csp5-x2', 'generalised', 5, ['X2']);
  const dir = path.join(tmp, 'ft-x2');
  await runFinetune(dir, tinyFinetune(x2, { steps: 2, checkpointEvery: 2, validateEvery: 2 }), false);
  const cfg = JSON.parse(fs.readFileSync(path.join(dir, 'config.json'), 'utf8')) as FinetuneRecord;
  assert.equal(cfg.init.adaptation.method, 'slice');
  assert.equal(cfg.init.adaptation.fromChannels, 5);
  assert.equal(cfg.init.adaptation.toChannels, 4);
  assert.equal(cfg.normalisation.mode, 'per-image');
});
