import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import sharp from 'sharp';
import { comparisonChart, differenceChart, perClassChart, trainingCurveChart } from '../../src/report/charts';
import { predictionOverlay } from '../../src/report/overlay';
import { chartSvg, renderChart } from '../../src/report/render';
import type { ResultRow } from '../../src/report/results';
import { aggregate, pairedDifferences } from '../../src/report/stats';
import { MFNET } from '../../src/eval/protocols';

function rows(): ResultRow[] {
  const out: ResultRow[] = [];
  for (const dataset of ['isaid', 'mfnet']) {
    for (const strategy of ['baseline', 'generalised']) {
      for (const seed of [0, 1, 2]) {
        const b = { experiment: 'e', dataset, modality: 'RGB', strategy, init: '', seed, steps: 1, wallSeconds: 1, backend: 'wasm', protocol: dataset, codeVersion: 'x', config: '{}' };
        out.push({ ...b, metric: 'mIoU', class: '', value: 0.4 + 0.01 * seed + (strategy === 'generalised' ? 0.03 : 0) });
        for (const c of ['background', 'car', 'person']) out.push({ ...b, metric: 'IoU', class: c, value: 0.3 + 0.1 * seed });
      }
    }
  }
  return out;
}

test('charts render to SVG and PNG with the size given in the spec', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gp-charts-'));
  const r = rows();
  const aggs = aggregate(r);
  const specs = {
    comparison: comparisonChart(aggs, r, 'mIoU', { width: 400, height: 260 }),
    perClass: perClassChart(aggs, r, 'mfnet', 'IoU'),
    curve: trainingCurveChart([{ run: 'a', step: 0, value: 2 }, { run: 'a', step: 10, value: 1 }, { run: 'b', step: 5, value: 1.5 }], 'loss'),
    difference: differenceChart(pairedDifferences(r.filter((x) => x.class === ''), 'generalised', 'baseline')),
  };
  for (const [name, spec] of Object.entries(specs)) {
    const out = await renderChart(spec, path.join(dir, name), { scale: 2 });
    assert.equal(out.width, spec.width, `${name} width`);
    assert.equal(out.height, spec.height, `${name} height`);
    const svg = fs.readFileSync(out.svgPath, 'utf8');
    assert.match(svg, /^<svg/);
    assert.ok(fs.statSync(out.pngPath).size > 1000);
    const meta = await sharp(out.pngPath).metadata();
    assert.equal(meta.format, 'png');
    assert.equal(meta.width, 2 * spec.width);
    assert.equal(meta.height, 2 * spec.height);
    assert.deepEqual(JSON.parse(fs.readFileSync(out.specPath, 'utf8')), JSON.parse(JSON.stringify(spec)));
  }
  // The comparison chart draws its data: strategy names appear in the legend.
  const svg = await chartSvg(specs.comparison);
  assert.ok(svg.includes('generalised') && svg.includes('baseline'));
  fs.rmSync(dir, { recursive: true, force: true });
});

test('prediction overlay: image | truth | prediction side by side, coloured with the palette', async () => {
  const [H, W] = [8, 10];
  const image = { height: H, width: W, bands: ['R', 'G', 'B', 'T'], data: Float32Array.from({ length: H * W * 4 }, (_, i) => i % 7) };
  const truth = { height: H, width: W, data: new Uint8Array(H * W).fill(1) };
  const pred = { height: H, width: W, data: new Uint8Array(H * W).fill(2) };
  pred.data[0] = 255;
  const png = await predictionOverlay(image, truth, pred, { palette: MFNET.palette, gap: 2 });
  const { data, info } = await sharp(png).raw().toBuffer({ resolveWithObject: true });
  assert.equal(info.width, 3 * W + 4);
  assert.equal(info.height, H);
  const px = (x: number, y: number) => Array.from(data.subarray((y * info.width + x) * info.channels, (y * info.width + x) * info.channels + 3));
  assert.deepEqual(px(W + 2 + 3, 4), [...MFNET.palette[1]]);
  assert.deepEqual(px(2 * (W + 2) + 3, 4), [...MFNET.palette[2]]);
  assert.deepEqual(px(2 * (W + 2), 0), [128, 128, 128]);
  assert.deepEqual(px(W, 0), [255, 255, 255]);
});
