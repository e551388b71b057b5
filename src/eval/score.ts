/**
 * Scores a directory of prediction label images against a directory of truth label images of the
 * same names (matched by file stem, after removing optional suffixes), under one protocol.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { UserError } from '../util/errors';
import { Progress } from '../util/progress';
import { BoundaryF1, type BoundaryScores } from './boundary';
import { ConfusionMatrix } from './confusion';
import { readLabelImage, type LabelEncoding } from './label_io';
import { computeMetrics, type SegmentationMetrics } from './metrics';
import type { EvalProtocol } from './protocols';

export const LABEL_EXTENSIONS = ['.png', '.tif', '.tiff', '.bmp'];

export interface ScoreOptions {
  predDir: string;
  truthDir: string;
  protocol: EvalProtocol;
  /** Removed from prediction / truth stems before matching (e.g. '_label_noBoundary'). */
  predSuffix?: string;
  truthSuffix?: string;
  encoding?: LabelEncoding;
  /** Boundary F1 tolerance in pixels; undefined or negative = no boundary F1. */
  boundaryTolerancePx?: number;
}

export interface ScorePerClass {
  id: number;
  name: string;
  iou: number;
  f1: number;
  precision: number;
  recall: number;
  bf?: number;
  truthPixels: number;
  predictedPixels: number;
  inMean: boolean;
  present: boolean;
}

export interface ScoreReport {
  dataset: string;
  protocol: string;
  protocolDescription: string;
  headline: string;
  images: number;
  countedPixels: number;
  ignoredPixels: number;
  mIoU: number;
  mF1: number;
  OA: number;
  mPrecision: number;
  mRecall: number;
  mBF?: number;
  boundaryTolerancePx?: number;
  perClass: ScorePerClass[];
  /** Rows = truth, columns = prediction. */
  confusion: number[][];
}

/** Label files of a directory keyed by stem (suffix removed); two files with one stem are an error. */
export function listLabelFiles(dir: string, suffix = ''): Map<string, string> {
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) throw new UserError('is not a directory', dir);
  const out = new Map<string, string>();
  for (const name of fs.readdirSync(dir).sort()) {
    const ext = path.extname(name).toLowerCase();
    if (!LABEL_EXTENSIONS.includes(ext)) continue;
    let stem = name.slice(0, name.length - ext.length);
    if (suffix && stem.endsWith(suffix)) stem = stem.slice(0, stem.length - suffix.length);
    const prev = out.get(stem);
    if (prev) throw new UserError(`two label files for '${stem}': ${path.basename(prev)} and ${name}`, dir);
    out.set(stem, path.join(dir, name));
  }
  return out;
}

function listNames(names: string[]): string {
  return names.slice(0, 5).join(', ') + (names.length > 5 ? `, ... (${names.length} in all)` : '');
}

export async function scoreDirectories(options: ScoreOptions): Promise<ScoreReport> {
  const { protocol } = options;
  const preds = listLabelFiles(options.predDir, options.predSuffix);
  const truths = listLabelFiles(options.truthDir, options.truthSuffix);
  if (truths.size === 0) throw new UserError(`no label images (${LABEL_EXTENSIONS.join(' ')})`, options.truthDir);
  const missing = [...truths.keys()].filter((k) => !preds.has(k)).map((k) => path.basename(truths.get(k)!));
  if (missing.length > 0) throw new UserError(`no prediction for ${missing.length} truth file(s): ${listNames(missing)}`, options.predDir);
  const extra = [...preds.keys()].filter((k) => !truths.has(k)).map((k) => path.basename(preds.get(k)!));
  if (extra.length > 0) throw new UserError(`${extra.length} prediction(s) have no truth file in ${options.truthDir}: ${listNames(extra)}`, options.predDir);

  const K = protocol.classNames.length;
  const cm = new ConfusionMatrix(K, protocol.ignoreIndex);
  const useBoundary = options.boundaryTolerancePx !== undefined && options.boundaryTolerancePx >= 0;
  const bf = useBoundary ? new BoundaryF1(K, options.boundaryTolerancePx) : undefined;
  const progress = new Progress({ label: `score ${protocol.id}`, total: truths.size, unit: 'img' });
  for (const [stem, truthFile] of truths) {
    const predFile = preds.get(stem)!;
    const truth = await readLabelImage(truthFile, protocol, options.encoding);
    const pred = await readLabelImage(predFile, protocol, options.encoding);
    if (truth.width !== pred.width || truth.height !== pred.height) {
      throw new UserError(`size ${pred.width}x${pred.height} differs from truth ${truthFile} (${truth.width}x${truth.height})`, predFile);
    }
    checkValues(truth.data, K, protocol.ignoreIndex, truthFile, truth.width, 'truth');
    checkValues(pred.data, K, -1, predFile, pred.width, 'prediction');
    cm.update(truth.data, pred.data);
    bf?.update(truth.data, pred.data, truth.height, truth.width);
    progress.tick(1);
  }
  const metrics = computeMetrics(cm, protocol);
  const boundary = bf?.result(protocol.meanClasses);
  return buildReport(protocol, truths.size, cm, metrics, boundary);
}

/** Values must be class ids (or the ignore id in the truth): a clear error naming the file otherwise. */
function checkValues(data: Uint8Array, K: number, ignore: number, file: string, width: number, what: string): void {
  for (let i = 0; i < data.length; i++) {
    const v = data[i];
    if (v >= K && v !== ignore) {
      throw new UserError(`${what} value ${v} at pixel (${i % width}, ${Math.floor(i / width)}) is not a class id 0..${K - 1}${ignore >= 0 ? ` or ignore ${ignore}` : ''}`, file);
    }
  }
}

function buildReport(protocol: EvalProtocol, images: number, cm: ConfusionMatrix, m: SegmentationMetrics, b?: BoundaryScores): ScoreReport {
  return {
    dataset: protocol.dataset,
    protocol: protocol.id,
    protocolDescription: protocol.description,
    headline: protocol.headline,
    images,
    countedPixels: m.countedPixels,
    ignoredPixels: cm.ignoredPixels + (cm.total() - m.countedPixels),
    mIoU: m.mIoU,
    mF1: m.mF1,
    OA: m.OA,
    mPrecision: m.mPrecision,
    mRecall: m.mRecall,
    ...(b ? { mBF: b.mBF, boundaryTolerancePx: b.tolerancePx } : {}),
    perClass: m.perClass.map((c) => ({
      id: c.id,
      name: c.name,
      iou: c.iou,
      f1: c.f1,
      precision: c.precision,
      recall: c.recall,
      ...(b ? { bf: b.perClass[c.id].bf } : {}),
      truthPixels: c.truthPixels,
      predictedPixels: c.predictedPixels,
      inMean: c.inMean,
      present: c.present,
    })),
    confusion: cm.toRows(),
  };
}

const pct = (v: number | undefined): string => (v === undefined || !Number.isFinite(v) ? '   n/a' : (100 * v).toFixed(2).padStart(6));

/** A plain-text table of a score report (per-class beside the means). */
export function formatScoreReport(r: ScoreReport): string {
  const width = Math.max(5, ...r.perClass.map((c) => c.name.length));
  const lines = [
    `${r.protocol}: ${r.protocolDescription}`,
    `${r.images} image(s), ${r.countedPixels} pixels counted, ${r.ignoredPixels} ignored`,
    `mIoU ${pct(r.mIoU)}  mF1 ${pct(r.mF1)}  OA ${pct(r.OA)}${r.mBF !== undefined ? `  mBF@${r.boundaryTolerancePx}px ${pct(r.mBF)}` : ''}  (headline: ${r.headline})`,
    '',
    `${'class'.padEnd(width)}     IoU     F1   prec    rec${r.mBF !== undefined ? '     BF' : ''}  in mean`,
  ];
  for (const c of r.perClass) {
    lines.push(
      `${c.name.padEnd(width)}  ${pct(c.iou)} ${pct(c.f1)} ${pct(c.precision)} ${pct(c.recall)}${r.mBF !== undefined ? ` ${pct(c.bf)}` : ''}  ${c.inMean ? 'yes' : 'no'}${c.present ? '' : ' (absent)'}`,
    );
  }
  return lines.join('\n');
}
