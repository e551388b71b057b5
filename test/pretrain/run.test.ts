import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { defaultPretrainOptions, type PretrainOptions } from '../../src/pretrain/config';
import { runPretrain } from '../../src/pretrain/run';
import { readCheckpoint } from '../../src/models/checkpoint';
import { TrainingDivergedError } from '../../src/train/loop';
import { MetricsLog } from '../../src/train/metrics-log';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gp-pretrain-'));
process.on('exit', () => fs.rmSync(tmp, { recursive: true, force: true }));

function tiny(over: Partial<PretrainOptions> = {}): PretrainOptions {
  return defaultPretrainOptions({
    data: { kind: 'synthgeo', seed: 3, size: 16, trainCount: 20, valCount: 10, shapeOnlyCount: 10 },
    batch: 8,
    steps: 6,
    checkpointEvery: 3,
    validateEvery: 3,
    warmupSteps: 2,
    evalBatch: 10,
    ...over,
  });
}

function maxAbsDiff(a: Map<string, { data: Float32Array | Int32Array }>, b: Map<string, { data: Float32Array | Int32Array }>): number {
  assert.deepEqual([...a.keys()].sort(), [...b.keys()].sort());
  let m = 0;
  for (const [k, { data: v }] of a) {
    const w = b.get(k)!.data;
    for (let i = 0; i < v.length; i++) m = Math.max(m, Math.abs(v[i] - w[i]));
  }
  return m;
}

test('a run killed after its step-3 checkpoint and resumed in a fresh model ends where an uninterrupted run ends', async () => {
  // CSP N=4 with X1, X3, X4, X5: every random stream (sampler across an epoch boundary, channel
  // maps, spectral/viewpoint/Fourier draws, two views) must continue exactly.
  const o = tiny({ channels: 4, extensions: ['X1', 'X3', 'X4', 'X5'] });
  const full = await runPretrain(path.join(tmp, 'full'), o, false);
  const killed = await runPretrain(path.join(tmp, 'killed'), o, false, { stopAfter: 4 });
  assert.equal(killed.steps, 4);
  assert.ok(!fs.existsSync(path.join(tmp, 'killed', 'final.json')));
  assert.equal((readCheckpoint(path.join(tmp, 'killed', 'checkpoint')).state as { step: number }).step, 3);
  const resumed = await runPretrain(path.join(tmp, 'killed'), undefined, true);
  assert.equal(resumed.steps, 6);

  const a = readCheckpoint(path.join(tmp, 'full', 'checkpoint'));
  const b = readCheckpoint(path.join(tmp, 'killed', 'checkpoint'));
  assert.ok(maxAbsDiff(a.model, b.model) < 1e-6, 'same weights (incl. running statistics)');
  assert.ok(maxAbsDiff(a.extra, b.extra) < 1e-6, 'same optimiser moments');
  assert.deepEqual((a.state as { streams: unknown }).streams, (b.state as { streams: unknown }).streams);
  // The metrics log of the resumed run has each step once, with the same losses.
  const la = new MetricsLog(path.join(tmp, 'full', 'metrics.jsonl')).read();
  const lb = new MetricsLog(path.join(tmp, 'killed', 'metrics.jsonl')).read();
  assert.deepEqual(lb.map((r) => r.step), [1, 2, 3, 4, 5, 6]);
  for (let i = 0; i < 6; i++) assert.ok(Math.abs((la[i].loss as number) - (lb[i].loss as number)) < 1e-6);
  assert.deepEqual(full.validation, resumed.validation);
  // A checkpoint made in another run of the same seed is not secretly identical to step 0.
  assert.notEqual(la[0].loss, la[5].loss);
});

test('training loss falls, and tensors stay flat across steps and validations', async () => {
  const counts: number[] = [];
  const o = tiny({ steps: 14, batch: 10, lr: 5e-3, warmupSteps: 1, checkpointEvery: 7, validateEvery: 5, labelSmoothing: 0, data: { kind: 'synthgeo', seed: 1, size: 16, trainCount: 10, valCount: 10, shapeOnlyCount: 10 } });
  const losses: number[] = [];
  await runPretrain(path.join(tmp, 'falls'), o, false, {
    onStep: (_step, r) => {
      losses.push(r.loss as number);
      counts.push(tf.memory().numTensors);
    },
  });
  const first = losses[0];
  const last = (losses[11] + losses[12] + losses[13]) / 3;
  assert.ok(last < first - 0.3, `loss ${first} → ${last}`);
  assert.ok(counts.every((c) => c === counts[0]), `tensor counts ${counts.join(',')}`);
});

test('a non-finite loss stops the run with a clear message and keeps the last good checkpoint', async () => {
  const dir = path.join(tmp, 'nan');
  const o = tiny({ steps: 8, checkpointEvery: 2 });
  await assert.rejects(
    runPretrain(dir, o, false, { lossHook: (step, loss) => (step === 5 ? tf.mul(loss, NaN) : loss) }),
    (err: unknown) => {
      assert.ok(err instanceof TrainingDivergedError);
      assert.match(err.message, /not finite at step 5/);
      assert.match(err.message, /last good checkpoint \(step 4\)/);
      return true;
    },
  );
  const ck = readCheckpoint(path.join(dir, 'checkpoint'));
  assert.equal((ck.state as { step: number }).step, 4);
  for (const t of ck.model.values()) for (const v of t.data) assert.ok(Number.isFinite(v));
  assert.ok(!fs.existsSync(path.join(dir, 'final.json')));
  const log = new MetricsLog(path.join(dir, 'metrics.jsonl')).read();
  assert.equal(log[log.length - 1].event, 'non-finite-loss');
  // The kept checkpoint resumes (the NaN was injected, so the continued run finishes).
  const resumed = await runPretrain(dir, undefined, true);
  assert.equal(resumed.steps, 8);
});
