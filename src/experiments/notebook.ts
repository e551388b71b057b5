/**
 * What the notebooks call: settings from the environment (profile, results folder, data roots), one
 * call per experiment (runs are cached by configuration in a shared runs/ folder, so re-running a
 * cell trains nothing already trained), and inline display of tables, charts and predictions
 * through tslab. The CLI never imports this file.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { projectRoot } from '../util/paths';
import { profile as getProfile, type SuiteProfile } from './profiles';
import { runSuite, type SuiteResult } from './suite';
import { target as getTarget, TARGETS, type TargetName } from './targets';
import { openFinetunedRun } from './finetuned';
import { predictionOverlay } from '../report/overlay';
import { readResults, type ResultRow } from '../report/results';
import { aggregate } from '../report/stats';
import { predict } from '../train/finetune/validate';
import { SynthImageNet } from '../data/synthgeo/imagenet';
import { drawChannelMap } from '../pretrain/strategies/csp';
import { Rng } from '../util/rng';
import sharp from 'sharp';

export interface NotebookSettings {
  name: string;
  profile: SuiteProfile;
  /** This notebook's results, report and charts. */
  out: string;
  /** Run folders shared by every notebook and `reproduce` with the same results root. */
  runsDir: string;
  dataRoots: Partial<Record<TargetName | 'imagenet', string>>;
}

type Tslab = { display: { html(s: string): void; markdown(s: string): void; png(b: Uint8Array): void } };

function tslab(): Tslab | null {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require('tslab') as Tslab;
  } catch {
    return null;
  }
}

/**
 * Settings of one notebook. The profile is GEOPRETRAIN_PROFILE (default quick; the notebook test sets
 * GEOPRETRAIN_NOTEBOOK_TEST=1 for the smoke profile); results go to GEOPRETRAIN_RESULTS (default
 * results/notebooks); a dataset's root comes from the argument or GEOPRETRAIN_DATA_<NAME>.
 */
export function notebookSettings(name: string, roots: Partial<Record<TargetName | 'imagenet', string | undefined>> = {}): NotebookSettings {
  const profileName = process.env.GEOPRETRAIN_NOTEBOOK_TEST === '1' ? 'smoke' : (process.env.GEOPRETRAIN_PROFILE ?? 'quick');
  const results = path.resolve(process.env.GEOPRETRAIN_RESULTS ?? path.join(projectRoot(), 'results', 'notebooks'));
  const dataRoots: NotebookSettings['dataRoots'] = {};
  for (const n of ['imagenet', ...TARGETS.map((t) => t.name)] as const) {
    const root = roots[n] || process.env[`GEOPRETRAIN_DATA_${n.toUpperCase()}`];
    if (root) dataRoots[n] = path.resolve(root);
  }
  return { name, profile: getProfile(profileName), out: path.join(results, name), runsDir: path.join(results, 'runs'), dataRoots };
}

/** Runs (or finds cached) the runs whose ids start with `only`, then writes this notebook's report. */
export async function runExperiment(s: NotebookSettings, only: string[], targets?: TargetName[]): Promise<SuiteResult> {
  const result = await runSuite(s.profile, { out: s.out, runsDir: s.runsDir, dataRoots: s.dataRoots, only, targets });
  console.log(`${result.queue.ran.length} runs trained now, ${result.queue.skipped.length} found done (cached), ${result.queue.failed.length} failed, ${result.seconds.toFixed(0)} s`);
  if (result.queue.failed.length > 0) {
    throw new Error(`runs failed: ${result.queue.failed.map((f) => `${f.id}${f.log ? ` (log ${f.log})` : ''}`).join(', ')}`);
  }
  return result;
}

export const runPretraining = (s: NotebookSettings) => runExperiment(s, ['pretrain-']);
export const runTarget = (s: NotebookSettings, t: TargetName) => runExperiment(s, [`finetune-${t}-`, `evaluate-${t}-`], [t]);
export const runAblation = (s: NotebookSettings) => runExperiment(s, s.profile.ablation.targets.flatMap((t) => [`finetune-${t}-`, `evaluate-${t}-`]), s.profile.ablation.targets);
export const runEverything = (s: NotebookSettings) => runExperiment(s, []);

/** The settings and the sizes of the profile, as one line for the notebook. */
export function describeSettings(s: NotebookSettings): string {
  const p = s.profile;
  const roots = Object.entries(s.dataRoots).map(([k, v]) => `${k}=${v}`).join(', ') || 'none (SynthGeo, generated in memory)';
  return `profile ${p.name} (${p.summary}); model ${p.model}+${p.decoder}; ${p.seeds} seeds; data roots: ${roots}; results in ${s.out}`;
}

/** Mean ± std per strategy of the experiment's mean metrics, as a Markdown table shown inline. */
export function showTable(result: SuiteResult, experimentPrefix: string, metrics: string[]): void {
  const rows = rowsOf(result).filter((r) => r.experiment.startsWith(experimentPrefix) && r.class === '' && metrics.includes(r.metric));
  const aggs = aggregate(rows);
  const keys = [...new Set(aggs.map((a) => `${a.dataset}\u0000${a.modality}\u0000${a.strategy}`))];
  const cell = (d: string, mo: string, st: string, m: string) => {
    const a = aggs.find((x) => x.dataset === d && x.modality === mo && x.strategy === st && x.metric === m);
    return a ? `${(100 * a.mean).toFixed(2)}${a.n > 1 ? ` ± ${(100 * a.std).toFixed(2)}` : ''} (n=${a.n})` : '–';
  };
  const lines = [`| dataset | input | strategy | ${metrics.map((m) => `${m} (%)`).join(' | ')} |`, `|---|---|---|${metrics.map(() => '---').join('|')}|`];
  for (const k of keys) {
    const [d, mo, st] = k.split('\u0000');
    lines.push(`| ${d} | ${mo} | ${st} | ${metrics.map((m) => cell(d, mo, st, m)).join(' | ')} |`);
  }
  show(lines.join('\n'), 'markdown');
}

/** The report's significance sentences for the datasets given (or all). */
export function showSentences(result: SuiteResult, datasets?: string[]): void {
  const sentences = (result.report?.sentences ?? []).filter((x) => !datasets || datasets.some((d) => x.includes(`On ${d} `)));
  show(sentences.map((x) => `- ${x}`).join('\n') || 'No paired comparison (fewer than one paired seed).', 'markdown');
}

/** Displays the report's charts whose file names contain every one of `parts` (SVG inline). */
export function showCharts(result: SuiteResult, ...parts: string[]): void {
  const charts = (result.report?.charts ?? []).filter((c) => parts.every((p) => path.basename(c.svgPath).includes(p)));
  for (const c of charts) show(fs.readFileSync(c.svgPath, 'utf8'), 'html');
  if (charts.length === 0) show(`no chart matches ${parts.join(' + ')}`, 'text');
}

/**
 * Image | truth | prediction of the fine-tuned models of one seed (one row per initialisation) on
 * the first test images; shown inline and written as PNG into the notebook's folder.
 */
export async function showPredictions(s: NotebookSettings, t: TargetName, seed = 1, images = 2): Promise<void> {
  const written: string[] = [];
  for (const init of ['baseline', 'generalised', 'random']) {
    const dir = path.join(s.runsDir, `finetune-${t}-${init}-s${seed}`);
    if (!fs.existsSync(path.join(dir, 'final.json'))) continue;
    const run = await openFinetunedRun(dir, { root: s.dataRoots[t] });
    try {
      const set = run.source.evalSets.test;
      const n = Math.min(images, set.count);
      if (n === 0) continue;
      const { images: batch, labels } = await set.batch(0, n);
      const pred = predict(run.model, run.prepare(batch));
      const hw = batch.height * batch.width;
      const bands = run.source.bands;
      const display = ['R', 'G', 'B'].every((b) => bands.includes(b)) ? ['R', 'G', 'B'].map((b) => bands.indexOf(b)) : [0, 0, 0];
      for (let i = 0; i < n; i++) {
        const image = { height: batch.height, width: batch.width, bands, data: batch.data.subarray(i * hw * batch.channels, (i + 1) * hw * batch.channels) };
        const png = await predictionOverlay(image, { height: batch.height, width: batch.width, data: labels.subarray(i * hw, (i + 1) * hw) }, { height: batch.height, width: batch.width, data: pred.subarray(i * hw, (i + 1) * hw) }, { palette: run.source.protocol.palette, displayBands: display });
        const file = path.join(s.out, 'predictions', `${t}-${init}-s${seed}-${i}.png`);
        fs.mkdirSync(path.dirname(file), { recursive: true });
        fs.writeFileSync(file, png);
        written.push(file);
        show(`${getTarget(t).title}, init ${init}, seed ${seed}, test image ${i}: image | truth | prediction`, 'text');
        show(png, 'png');
      }
    } finally {
      run.dispose();
    }
  }
  show(`written: ${written.map((w) => path.relative(s.out, w)).join(', ')} (in ${s.out})`, 'text');
}

/**
 * SynthGeo's pre-training set as the two strategies see it: per class, an image with its planted
 * cues, the same class in the shape-only set, and two CSP views (channels duplicated to 4 and
 * permuted; the first three shown as RGB). Written as PNG and shown inline.
 */
export async function showPretrainingSamples(s: NotebookSettings, classes = 10): Promise<void> {
  const gen = new SynthImageNet({ seed: 0, size: 32 });
  const size = gen.size;
  const columns = 4;
  const gap = 2;
  const rows = Math.min(classes, gen.numClasses);
  const width = columns * (size + gap);
  const height = rows * (size + gap);
  const grid = new Uint8Array(width * height * 3).fill(255);
  const rng = new Rng(7);
  const put = (img: Float32Array, map: readonly number[], channels: number, row: number, col: number) => {
    for (let y = 0; y < size; y++) {
      for (let x = 0; x < size; x++) {
        const o = ((row * (size + gap) + y) * width + col * (size + gap) + x) * 3;
        for (let c = 0; c < 3; c++) grid[o + c] = Math.max(0, Math.min(255, Math.round(img[(y * size + x) * channels + map[c]])));
      }
    }
  };
  const lines: string[] = [];
  for (let k = 0; k < rows; k++) {
    const std = gen.render('val', k);
    const shape = gen.sample('val', k, 'shape-only');
    put(std.sample.image.data, [0, 1, 2], 3, k, 0);
    put(shape.image.data, [0, 1, 2], 3, k, 1);
    for (let v = 0; v < 2; v++) put(std.sample.image.data, drawChannelMap(rng, 4).slice(0, 3), 3, k, 2 + v);
    lines.push(`${gen.classNames[k]}: cues ${Object.entries(std.cues).filter(([, on]) => on).map(([c]) => c).join(', ') || 'none'}`);
  }
  const png = await sharp(Buffer.from(grid), { raw: { width, height, channels: 3 } }).resize(width * 4, height * 4, { kernel: 'nearest' }).png().toBuffer();
  const file = path.join(s.out, 'pretraining-samples.png');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, png);
  show('columns: image with its planted cues | same class, shape-only set | two CSP views (4 channels, permuted; first three as RGB)', 'text');
  show(png, 'png');
  show(lines.join('\n'), 'text');
  show(`written: ${file}`, 'text');
}

/** tf.memory() in one line (the notebooks print it to show it stays flat). */
export function memoryLine(): string {
  const m = tf.memory();
  return `tensors ${m.numTensors}, bytes ${m.numBytes}`;
}

function rowsOf(result: SuiteResult): ResultRow[] {
  const dir = result.report ? path.dirname(result.report.reportPath) : null;
  return dir && fs.existsSync(dir) ? readResults(dir) : [];
}

function show(content: string | Uint8Array, kind: 'markdown' | 'html' | 'png' | 'text'): void {
  const t = tslab();
  if (!t || kind === 'text') {
    if (typeof content === 'string') console.log(content);
    return;
  }
  if (kind === 'png') t.display.png(content as Uint8Array);
  else if (kind === 'html') t.display.html(content as string);
  else t.display.markdown(content as string);
}
