import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import sharp from 'sharp';
import { potsdamProtocol, MFNET, type Rgb } from '../../src/eval/protocols';
import { scoreDirectories } from '../../src/eval/score';
import { Rng } from '../../src/util/rng';

const tmp = (name: string) => fs.mkdtempSync(path.join(os.tmpdir(), `gp-score-${name}-`));

async function writeIds(file: string, ids: Uint8Array, w: number, h: number): Promise<void> {
  await sharp(Buffer.from(ids), { raw: { width: w, height: h, channels: 1 } }).toColourspace('b-w').png().toFile(file);
}

async function writeColours(file: string, ids: Uint8Array, w: number, h: number, palette: readonly Rgb[], ignore: Rgb = [0, 0, 0]): Promise<void> {
  const rgb = Buffer.alloc(ids.length * 3);
  ids.forEach((v, i) => rgb.set(v === 255 ? ignore : palette[v], i * 3));
  const img = sharp(rgb, { raw: { width: w, height: h, channels: 3 } });
  await (file.endsWith('.tif') ? img.tiff({ compression: 'lzw' }) : img.png()).toFile(file);
}

function randomPair(n: number, K: number, rng: Rng, ignoreRate: number): { truth: Uint8Array; pred: Uint8Array } {
  const truth = new Uint8Array(n);
  const pred = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    truth[i] = rng.next() < ignoreRate ? 255 : rng.int(K);
    pred[i] = truth[i] !== 255 && rng.next() < 0.5 ? truth[i] : rng.int(K);
  }
  return { truth, pred };
}

/** Reference: IoU/F1 per class by counting, means over `meanOver`, truth classes in `drop` removed. */
function reference(truth: number[], pred: number[], K: number, meanOver: number[], drop: number[], oaOver: number[]) {
  const iou: number[] = [];
  const f1: number[] = [];
  for (let c = 0; c < K; c++) {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    truth.forEach((t, i) => {
      if (t === 255 || drop.includes(t)) return;
      if (t === c && pred[i] === c) tp++;
      else if (pred[i] === c) fp++;
      else if (t === c) fn++;
    });
    iou.push(tp + fp + fn ? tp / (tp + fp + fn) : NaN);
    f1.push(tp + fp + fn ? (2 * tp) / (2 * tp + fp + fn) : NaN);
  }
  const m = (xs: number[]) => xs.filter((x) => !Number.isNaN(x)).reduce((a, b, _i, arr) => a + b / arr.length, 0);
  const kept = truth.map((t, i) => [t, pred[i]]).filter(([t]) => t !== 255 && !drop.includes(t) && oaOver.includes(t));
  return { iou, mIoU: m(meanOver.map((c) => iou[c])), mF1: m(meanOver.map((c) => f1[c])), OA: kept.filter(([t, p]) => t === p).length / kept.length };
}

test('scores class-id PNGs (MFNet) against a direct count', async () => {
  const dir = tmp('ids');
  fs.mkdirSync(path.join(dir, 'pred'));
  fs.mkdirSync(path.join(dir, 'gt'));
  const rng = new Rng(11);
  const all: { truth: number[]; pred: number[] } = { truth: [], pred: [] };
  const sizes = [[20, 16], [13, 9], [31, 7]];
  for (let k = 0; k < sizes.length; k++) {
    const [w, h] = sizes[k];
    const { truth, pred } = randomPair(w * h, 9, rng, 0.1);
    if (k === 1) {
      // One truth file as a 16-bit grey PNG: read at 16 bits, same ids.
      await sharp(Uint16Array.from(truth), { raw: { width: w, height: h, channels: 1 } }).toColourspace('grey16').png().toFile(path.join(dir, 'gt', `0000${k}D.png`));
    } else {
      await writeIds(path.join(dir, 'gt', `0000${k}D.png`), truth, w, h);
    }
    await writeIds(path.join(dir, 'pred', `0000${k}D.png`), pred, w, h);
    all.truth.push(...truth);
    all.pred.push(...pred);
  }
  const r = await scoreDirectories({ predDir: path.join(dir, 'pred'), truthDir: path.join(dir, 'gt'), protocol: MFNET, boundaryTolerancePx: 1 });
  const nine = Array.from({ length: 9 }, (_, i) => i);
  const ref = reference(all.truth, all.pred, 9, nine, [], nine);
  assert.equal(r.images, 3);
  assert.ok(Math.abs(r.mIoU - ref.mIoU) < 1e-12, `${r.mIoU} vs ${ref.mIoU}`);
  assert.ok(Math.abs(r.mF1 - ref.mF1) < 1e-12);
  assert.ok(Math.abs(r.OA - ref.OA) < 1e-12);
  r.perClass.forEach((c, i) => assert.ok(Math.abs(c.iou - ref.iou[i]) < 1e-12));
  assert.equal(r.ignoredPixels, all.truth.filter((t) => t === 255).length);
  assert.ok(r.mBF !== undefined && r.mBF > 0 && r.mBF < 1);
  fs.rmSync(dir, { recursive: true, force: true });
});

test('scores colour PNG predictions against colour TIFF truth (Potsdam rsp, eroded black = ignore)', async () => {
  const dir = tmp('colour');
  fs.mkdirSync(path.join(dir, 'pred'));
  fs.mkdirSync(path.join(dir, 'gt'));
  const protocol = potsdamProtocol('rsp', 'eroded');
  const rng = new Rng(12);
  const [w, h] = [24, 18];
  const { truth, pred } = randomPair(w * h, 6, rng, 0.15);
  await writeColours(path.join(dir, 'gt', 'top_potsdam_2_13_label_noBoundary.tif'), truth, w, h, protocol.palette);
  await writeColours(path.join(dir, 'pred', 'top_potsdam_2_13.png'), pred, w, h, protocol.palette);
  const r = await scoreDirectories({ predDir: path.join(dir, 'pred'), truthDir: path.join(dir, 'gt'), protocol, truthSuffix: '_label_noBoundary' });
  const five = [0, 1, 2, 3, 4];
  const ref = reference([...truth], [...pred], 6, five, [5], five);
  assert.ok(Math.abs(r.mF1 - ref.mF1) < 1e-12, `${r.mF1} vs ${ref.mF1}`);
  assert.ok(Math.abs(r.OA - ref.OA) < 1e-12);
  assert.equal(r.protocol, 'potsdam/rsp-eroded');
  assert.equal(r.mBF, undefined);
  fs.rmSync(dir, { recursive: true, force: true });
});

test('missing files, size mismatches, unknown colours and bad ids are errors naming the files', async () => {
  const dir = tmp('bad');
  const pred = path.join(dir, 'pred');
  const gt = path.join(dir, 'gt');
  fs.mkdirSync(pred);
  fs.mkdirSync(gt);
  const ids = new Uint8Array(12).fill(1);
  await writeIds(path.join(gt, 'a.png'), ids, 4, 3);
  await writeIds(path.join(gt, 'b.png'), ids, 4, 3);
  await writeIds(path.join(pred, 'a.png'), ids, 4, 3);
  const run = () => scoreDirectories({ predDir: pred, truthDir: gt, protocol: MFNET });
  await assert.rejects(run(), (e: Error) => e.name === 'UserError' && /no prediction for 1 truth file\(s\): b\.png/.test(e.message) && e.message.includes(pred));
  await writeIds(path.join(pred, 'b.png'), ids, 3, 4);
  await assert.rejects(run(), (e: Error) => /size 3x4 differs from truth .*b\.png \(4x3\)/.test(e.message) && e.message.includes(path.join(pred, 'b.png')));
  await writeIds(path.join(pred, 'b.png'), new Uint8Array(12).fill(9), 4, 3);
  await assert.rejects(run(), (e: Error) => /prediction value 9 at pixel \(0, 0\)/.test(e.message) && e.message.includes('b.png'));
  await writeColours(path.join(pred, 'b.png'), ids, 4, 3, [[1, 2, 3], [1, 2, 3]]);
  await assert.rejects(run(), (e: Error) => /colour \(1,2,3\) .* not in the mfnet palette/.test(e.message) && e.message.includes('b.png'));
  await writeIds(path.join(pred, 'c.png'), ids, 4, 3);
  fs.rmSync(path.join(pred, 'b.png'));
  await assert.rejects(run(), /no prediction for 1 truth file/);
  await writeIds(path.join(pred, 'b.png'), ids, 4, 3);
  await assert.rejects(run(), /1 prediction\(s\) have no truth file .*: c\.png/);
  fs.rmSync(dir, { recursive: true, force: true });
});

test('CLI: score --json prints one object with fractions; errors are one line with a non-zero exit', async () => {
  const dir = tmp('cli');
  fs.mkdirSync(path.join(dir, 'pred'));
  fs.mkdirSync(path.join(dir, 'gt'));
  const rng = new Rng(13);
  const { truth, pred } = randomPair(16 * 16, 5, rng, 0.05);
  await writeIds(path.join(dir, 'gt', 'x.png'), truth, 16, 16);
  await writeIds(path.join(dir, 'pred', 'x.png'), pred, 16, 16);
  const bin = path.resolve(__dirname, '../../bin/geopretrain.js');
  const env = { ...process.env, GEOPRETRAIN_QUIET: '1' };
  const ok = spawnSync(process.execPath, [bin, 'score', 'pst900', '--pred', path.join(dir, 'pred'), '--gt', path.join(dir, 'gt'), '--json'], { encoding: 'utf8', env });
  assert.equal(ok.status, 0, ok.stderr);
  const out = JSON.parse(ok.stdout);
  const ref = reference([...truth], [...pred], 5, [0, 1, 2, 3, 4], [], [0, 1, 2, 3, 4]);
  assert.ok(Math.abs(out.mIoU - ref.mIoU) < 1e-12);
  assert.equal(out.perClass.length, 5);
  assert.ok(out.OA >= 0 && out.OA <= 1);
  const bad = spawnSync(process.execPath, [bin, 'score', 'pst900', '--pred', path.join(dir, 'nope'), '--gt', path.join(dir, 'gt')], { encoding: 'utf8', env });
  assert.notEqual(bad.status, 0);
  assert.equal(bad.stderr.trim().split('\n').length, 1);
  assert.match(bad.stderr, /nope: is not a directory/);
  fs.rmSync(dir, { recursive: true, force: true });
});
