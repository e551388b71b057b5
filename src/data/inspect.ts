/**
 * Validates a dataset on disk: layout, samples per split, image sizes and bands, class pixel
 * histogram, and every problem (missing pair, size mismatch, unknown label colour or value,
 * unreadable or truncated file) named by file. Used by `geopretrain inspect` and notebooks.
 */
import * as fs from 'node:fs';
import { errorMessage, isUserError } from '../util/errors';
import { Progress } from '../util/progress';
import { openDataset } from './datasets/registry';
import type { ClassificationDataset, DatasetOptions, SampleRef, SegmentationDataset } from './datasets/types';
import { openRaster, type RasterInfo } from './readers/index';

export interface InspectProblem {
  file: string;
  problem: string;
}

export interface SplitReport {
  name: string;
  samples: number;
  /** "WxH" -> number of samples. */
  sizes: Record<string, number>;
  /** role -> "N x dtype" -> number of files, e.g. { image: { "4 x uint8": 10 } }. */
  bands: Record<string, Record<string, number>>;
  /** Segmentation: pixels per class id (and ignore); classification: images per class. */
  classHistogram: { id: number; name: string; count: number; fraction: number }[];
  ignorePixels: number;
  problems: number;
}

export interface InspectReport {
  dataset: string;
  root: string;
  layout: { id: string; description: string };
  notes: string[];
  splits: SplitReport[];
  problems: InspectProblem[];
  ok: boolean;
}

export interface InspectOptions extends DatasetOptions {
  split?: string;
  /** Check at most this many samples per split. */
  limit?: number;
  /** Read headers only (skip decoding image pixels; labels are always decoded). */
  headersOnly?: boolean;
}

/** Decodes a whole file to prove it is readable; TIFFs in row bands so memory stays bounded. */
async function decodeCheck(file: string): Promise<void> {
  const src = await openRaster(file);
  try {
    if (src.info.format === 'tiff') {
      const rows = Math.max(1, Math.floor((1 << 24) / Math.max(1, src.info.width * src.info.bands)));
      for (let y = 0; y < src.info.height; y += rows) await src.read({ window: { x: 0, y, width: src.info.width, height: Math.min(rows, src.info.height - y) } });
    } else {
      await src.read();
    }
  } finally {
    await src.close();
  }
}

async function checkFile(file: string, decode: boolean, problems: InspectProblem[]): Promise<RasterInfo | undefined> {
  try {
    const src = await openRaster(file);
    const info = src.info;
    await src.close();
    if (decode) await decodeCheck(file);
    return info;
  } catch (err) {
    if (!isUserError(err)) throw err;
    problems.push({ file, problem: errorMessage(err).replace(`${file}: `, '') });
    return undefined;
  }
}

function newSplit(name: string, samples: number): SplitReport {
  return { name, samples, sizes: {}, bands: {}, classHistogram: [], ignorePixels: 0, problems: 0 };
}

function bump(record: Record<string, number>, key: string): void {
  record[key] = (record[key] ?? 0) + 1;
}

async function inspectSegSplit(ds: SegmentationDataset, split: string, refs: SampleRef[], options: InspectOptions, problems: InspectProblem[]): Promise<SplitReport> {
  const report = newSplit(split, refs.length);
  const counts = new Float64Array(256);
  const progress = new Progress({ label: `inspect ${ds.name}/${split}`, total: refs.length, unit: 'samples' });
  for (const ref of refs) {
    const before = problems.length;
    const infos = new Map<string, RasterInfo>();
    let present = true;
    for (const [role, file] of Object.entries(ref.files)) {
      if (!fs.existsSync(file)) {
        if (!ref.optional?.includes(role)) {
          problems.push({ file, problem: `missing ${role} file (the pair of sample ${ref.id})` });
          present = false;
        }
        continue;
      }
      const info = await checkFile(file, !options.headersOnly && role !== 'label', problems);
      if (!info) {
        present = false;
        continue;
      }
      infos.set(role, info);
      report.bands[role] ??= {};
      bump(report.bands[role]!, `${info.bands} x ${info.dtype}`);
    }
    const [firstRole, first] = [...infos.entries()][0] ?? [];
    if (first) {
      bump(report.sizes, `${first.width}x${first.height}`);
      for (const [role, info] of infos) {
        if (info.width !== first.width || info.height !== first.height) {
          problems.push({ file: info.file, problem: `size mismatch: ${role} is ${info.width}x${info.height} but ${firstRole} ${first.file} is ${first.width}x${first.height}` });
          present = false;
        }
      }
    }
    if (present && ref.files.label && infos.has('label')) {
      try {
        const { label, unknown } = await ds.readLabel(ref, { lenient: true });
        for (const u of unknown) problems.push({ file: ref.files.label, problem: `unknown label ${u.value.length === 3 ? 'colour' : 'value'} (${u.value.join(',')}) in ${u.pixels} pixel${u.pixels === 1 ? '' : 's'}` });
        for (let p = 0; p < label.data.length; p++) counts[label.data[p]!]! += 1;
      } catch (err) {
        if (!isUserError(err)) throw err;
        problems.push({ file: err.file ?? ref.files.label, problem: errorMessage(err).replace(`${err.file}: `, '') });
      }
    }
    report.problems += problems.length - before;
    progress.tick();
  }
  const total = counts.reduce((a, b) => a + b, 0);
  report.ignorePixels = counts[ds.ignoreIndex]!;
  report.classHistogram = ds.classes.map((c) => ({ id: c.id, name: c.name, count: counts[c.id]!, fraction: total > 0 ? counts[c.id]! / total : 0 }));
  return report;
}

async function inspectClsSplit(ds: ClassificationDataset, split: string, options: InspectOptions, problems: InspectProblem[]): Promise<SplitReport> {
  const refs = ds.list(split).slice(0, options.limit ?? Infinity);
  const report = newSplit(split, refs.length);
  const perClass = new Float64Array(ds.classNames.length);
  const progress = new Progress({ label: `inspect ${ds.name}/${split}`, total: refs.length, unit: 'images' });
  for (const ref of refs) {
    const before = problems.length;
    const info = await checkFile(ref.files.image!, !options.headersOnly, problems);
    if (info) {
      bump(report.sizes, `${info.width}x${info.height}`);
      report.bands.image ??= {};
      bump(report.bands.image, `${info.bands} x ${info.dtype}${info.format === 'jpeg' ? '' : ` (${info.format})`}`);
      perClass[ref.classId]! += 1;
    }
    report.problems += problems.length - before;
    progress.tick();
  }
  report.classHistogram = ds.classNames.map((name, id) => ({ id, name, count: perClass[id]!, fraction: refs.length > 0 ? perClass[id]! / refs.length : 0 }));
  return report;
}

/** Inspects a dataset; `ok` is false when any problem was found. */
export async function inspectDataset(name: string, root: string | undefined, options: InspectOptions = {}): Promise<InspectReport> {
  const ds = await openDataset(name, root, options);
  const problems: InspectProblem[] = [];
  const splits = options.split ? [options.split] : ds.splits;
  const reports: SplitReport[] = [];
  for (const split of splits) {
    if (ds.kind === 'segmentation') reports.push(await inspectSegSplit(ds, split, ds.list(split).slice(0, options.limit ?? Infinity), options, problems));
    else reports.push(await inspectClsSplit(ds, split, options, problems));
  }
  for (const s of ds.manifest.splits) {
    const found = reports.find((r) => r.name === s.name);
    if (found && s.count !== undefined && options.limit === undefined && found.samples !== s.count && !ds.manifest.synthetic) {
      ds.notes.push(`${s.name}: ${found.samples} samples, the release has ${s.count}`);
    }
  }
  return { dataset: ds.name, root: ds.root, layout: { id: ds.layout.id, description: ds.layout.description }, notes: ds.notes, splits: reports, problems, ok: problems.length === 0 };
}

/** Plain-text rendering of a report. */
export function formatInspectReport(r: InspectReport, maxProblems = 50): string {
  const lines = [`${r.dataset} at ${r.root}`, `layout: ${r.layout.id} — ${r.layout.description}`];
  for (const n of r.notes) lines.push(`note: ${n}`);
  for (const s of r.splits) {
    lines.push('', `split ${s.name}: ${s.samples} samples, ${s.problems} problem(s)`);
    lines.push(`  sizes: ${Object.entries(s.sizes).map(([k, v]) => `${k} x${v}`).join(', ') || '-'}`);
    for (const [role, b] of Object.entries(s.bands)) lines.push(`  ${role}: ${Object.entries(b).map(([k, v]) => `${k} (${v})`).join(', ')}`);
    const shown = s.classHistogram.filter((c) => c.count > 0);
    if (shown.length > 0) {
      lines.push(`  classes: ${shown.slice(0, 20).map((c) => `${c.name} ${(100 * c.fraction).toFixed(2)}%`).join(', ')}${shown.length > 20 ? `, … (${shown.length} classes present)` : ''}`);
    }
    if (s.ignorePixels > 0) lines.push(`  ignore pixels: ${s.ignorePixels}`);
  }
  lines.push('');
  if (r.problems.length === 0) lines.push('no problems found');
  else {
    lines.push(`${r.problems.length} problem(s):`);
    for (const p of r.problems.slice(0, maxProblems)) lines.push(`  ${p.file}: ${p.problem}`);
    if (r.problems.length > maxProblems) lines.push(`  … and ${r.problems.length - maxProblems} more (--json lists all)`);
  }
  return lines.join('\n');
}
