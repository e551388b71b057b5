/**
 * Evaluation protocols: which classes exist (ids, names, colours), which enter the means, which
 * truth pixels count in OA, which truth classes are dropped, and the headline metric. Every result
 * records its protocol id (e.g. 'potsdam/rsp-eroded'), because the variants are not comparable.
 *
 * Class ids are the project's (src/data label maps): 0..K-1 in the order listed, ignore = 255.
 * Facts from /work/shared/datasets.md; these tables stay here until the dataset manifests exist,
 * then `protocolFromClasses` builds the same objects from a manifest's class list.
 */
import { UserError } from '../util/errors';
import type { MetricProtocol } from './metrics';

export type Rgb = readonly [number, number, number];
export type HeadlineMetric = 'mIoU' | 'mF1';
export type PotsdamVariant = 'mmseg' | 'rsp' | 'geoseg';
export type PotsdamLabels = 'eroded' | 'full';

export interface EvalProtocol extends MetricProtocol {
  /** Recorded with every result, e.g. 'isaid', 'potsdam/geoseg-full'. */
  id: string;
  dataset: string;
  classNames: readonly string[];
  /** Colour per class id, used to decode colour-coded labels and to draw overlays. */
  palette: readonly Rgb[];
  /** True when the palette is the dataset's official colour code (else a project display choice). */
  paletteOfficial: boolean;
  /** Colours in colour-coded truth that mean "ignore" (Potsdam eroded boundary: black). */
  ignoreColours: readonly Rgb[];
  ignoreIndex: number;
  headline: HeadlineMetric;
  /** Potsdam: eroded (noBoundary) or full reference labels. */
  labels?: PotsdamLabels;
  description: string;
}

const ISAID_CLASSES: [string, Rgb][] = [
  ['background', [0, 0, 0]], ['ship', [0, 0, 63]], ['storage_tank', [0, 63, 63]], ['baseball_diamond', [0, 63, 0]],
  ['tennis_court', [0, 63, 127]], ['basketball_court', [0, 63, 191]], ['ground_track_field', [0, 63, 255]],
  ['bridge', [0, 127, 63]], ['large_vehicle', [0, 127, 127]], ['small_vehicle', [0, 0, 127]], ['helicopter', [0, 0, 191]],
  ['swimming_pool', [0, 0, 255]], ['roundabout', [0, 191, 127]], ['soccer_ball_field', [0, 127, 191]],
  ['plane', [0, 127, 255]], ['harbor', [0, 100, 155]],
];

const MFNET_CLASSES: [string, Rgb][] = [
  ['unlabeled', [0, 0, 0]], ['car', [64, 0, 128]], ['person', [64, 64, 0]], ['bike', [0, 128, 192]], ['curve', [0, 0, 192]],
  ['car_stop', [128, 128, 0]], ['guardrail', [64, 64, 128]], ['color_cone', [192, 128, 128]], ['bump', [192, 64, 0]],
];

/** PST900 has no official colour code; these display colours are the project's choice. */
const PST900_CLASSES: [string, Rgb][] = [
  ['background', [0, 0, 0]], ['fire_extinguisher', [255, 0, 0]], ['backpack', [0, 0, 255]], ['hand_drill', [0, 255, 0]],
  ['survivor', [255, 255, 255]],
];

const POTSDAM_CLASSES: [string, Rgb][] = [
  ['impervious_surfaces', [255, 255, 255]], ['building', [0, 0, 255]], ['low_vegetation', [0, 255, 255]], ['tree', [0, 255, 0]],
  ['car', [255, 255, 0]], ['clutter', [255, 0, 0]],
];

const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

function table(dataset: string, classes: [string, Rgb][], official: boolean, description: string): EvalProtocol {
  const all = range(classes.length);
  return {
    id: dataset,
    dataset,
    classNames: classes.map(([n]) => n),
    palette: classes.map(([, c]) => c),
    paletteOfficial: official,
    ignoreColours: [],
    ignoreIndex: 255,
    meanClasses: all,
    oaClasses: all,
    ignoredTruthClasses: [],
    headline: 'mIoU',
    description,
  };
}

export const ISAID: EvalProtocol = table('isaid', ISAID_CLASSES, true, 'iSAID: mIoU over 16 classes including background (mmseg, RSP); 255 = padding/ignore.');
export const MFNET: EvalProtocol = table('mfnet', MFNET_CLASSES, true, 'MFNet: mIoU over 9 classes including unlabeled (RTFNet consider_unlabeled, CMX nanmean).');
export const PST900: EvalProtocol = table('pst900', PST900_CLASSES, false, 'PST900: mIoU over 5 classes including background (official eval_iou.py).');

/**
 * ISPRS Potsdam. Variants (not comparable with each other):
 *  - mmseg:  6 classes, clutter in every mean; OA over all.
 *  - rsp:    clutter truth pixels ignored in loss and metrics: means and OA over the 5 other classes.
 *  - geoseg: means over the first 5 classes (clutter excluded), OA over all 6 (GeoSeg train_supervision).
 * labels: 'eroded' = the noBoundary reference (black boundary pixels -> ignore; the usual choice of all
 * three toolkits), 'full' = 5_Labels_all.
 */
export function potsdamProtocol(variant: PotsdamVariant = 'rsp', labels: PotsdamLabels = 'eroded'): EvalProtocol {
  const base = table('potsdam', POTSDAM_CLASSES, true, '');
  const five = range(5);
  const all = range(6);
  const byVariant: Record<PotsdamVariant, Pick<EvalProtocol, 'meanClasses' | 'oaClasses' | 'ignoredTruthClasses' | 'description'>> = {
    mmseg: { meanClasses: all, oaClasses: all, ignoredTruthClasses: [], description: 'Potsdam (mmseg): 6 classes incl. clutter in mIoU/mF1; OA over all' },
    rsp: { meanClasses: five, oaClasses: five, ignoredTruthClasses: [5], description: 'Potsdam (RSP): clutter ignored in metrics; mF1/mIoU/OA over 5 classes' },
    geoseg: { meanClasses: five, oaClasses: all, ignoredTruthClasses: [], description: 'Potsdam (GeoSeg): mIoU/mF1 over first 5 classes (clutter excluded); OA over all 6' },
  };
  const v = byVariant[variant];
  if (!v) throw new UserError(`unknown Potsdam protocol variant '${variant}' (mmseg, rsp, geoseg)`);
  return {
    ...base,
    ...v,
    id: `potsdam/${variant}-${labels}`,
    ignoreColours: labels === 'eroded' ? [[0, 0, 0]] : [],
    headline: 'mF1',
    labels,
    description: `${v.description}; ${labels === 'eroded' ? 'eroded (noBoundary) labels, boundary = ignore' : 'full labels'}.`,
  };
}

/** A class entry as a dataset manifest lists it. */
export interface ManifestClass {
  id?: number;
  name: string;
  color?: Rgb | number[];
  /** Whether the class enters the means (default true). */
  inMean?: boolean;
  /** Whether truth pixels of the class are dropped from every metric (default false). */
  ignoreInMetrics?: boolean;
}

export interface ManifestLike {
  dataset: string;
  classes: ManifestClass[];
  ignoreIndex?: number;
  headline?: HeadlineMetric;
  ignoreColours?: (Rgb | number[])[];
}

/** A protocol from a manifest-like class list; ids must be 0..K-1 (in order when given). */
export function protocolFromClasses(m: ManifestLike, file?: string): EvalProtocol {
  if (!Array.isArray(m.classes) || m.classes.length === 0) throw new UserError('class list is empty or missing', file);
  m.classes.forEach((c, i) => {
    if (c.id !== undefined && c.id !== i) throw new UserError(`class '${c.name}' has id ${c.id}, expected ${i} (ids must be 0..K-1 in order)`, file);
    if (typeof c.name !== 'string' || c.name === '') throw new UserError(`class ${i} has no name`, file);
  });
  const K = m.classes.length;
  const palette = m.classes.map((c, i) => (c.color ? (toRgb(c.color, file) as Rgb) : defaultColour(i)));
  const ignored = range(K).filter((i) => m.classes[i].ignoreInMetrics);
  const meanClasses = range(K).filter((i) => m.classes[i].inMean !== false && !m.classes[i].ignoreInMetrics);
  return {
    id: m.dataset,
    dataset: m.dataset,
    classNames: m.classes.map((c) => c.name),
    palette,
    paletteOfficial: m.classes.every((c) => c.color !== undefined),
    ignoreColours: (m.ignoreColours ?? []).map((c) => toRgb(c, file)),
    ignoreIndex: m.ignoreIndex ?? 255,
    meanClasses,
    oaClasses: range(K).filter((i) => !m.classes[i].ignoreInMetrics),
    ignoredTruthClasses: ignored,
    headline: m.headline ?? 'mIoU',
    description: `${m.dataset}: ${m.headline ?? 'mIoU'} over ${meanClasses.length} of ${K} classes (from its class list).`,
  };
}

function toRgb(c: readonly number[], file?: string): Rgb {
  if (c.length !== 3 || c.some((v) => !Number.isInteger(v) || v < 0 || v > 255)) throw new UserError(`colour [${c.join(',')}] is not an RGB triple of 0..255`, file);
  return [c[0], c[1], c[2]];
}

/** Distinct display colours for classes without an official colour (golden-angle hues). */
export function defaultColour(i: number): Rgb {
  if (i === 0) return [0, 0, 0];
  const h = (i * 137.508) % 360;
  const s = 0.75;
  const l = i % 2 === 0 ? 0.45 : 0.6;
  const k = (n: number) => (n + h / 30) % 12;
  const a = s * Math.min(l, 1 - l);
  const f = (n: number) => Math.round(255 * (l - a * Math.max(-1, Math.min(k(n) - 3, Math.min(9 - k(n), 1)))));
  return [f(0), f(8), f(4)];
}

/** 'rsp', 'rsp-full', 'geoseg-eroded' ... -> variant and labels (an explicit `labels` wins). */
function parsePotsdamVariant(variant: string | undefined, labels: PotsdamLabels | undefined, defaultLabels: PotsdamLabels): [PotsdamVariant, PotsdamLabels] {
  const [v, l] = (variant ?? 'rsp').split('-');
  if (l !== undefined && l !== 'eroded' && l !== 'full') throw new UserError(`unknown Potsdam protocol '${variant}' (mmseg, rsp, geoseg, optionally -eroded or -full)`);
  return [v as PotsdamVariant, labels ?? (l as PotsdamLabels | undefined) ?? defaultLabels];
}

/** A copy of a protocol under another dataset name (SynthGeo targets mirror the real datasets' classes). */
function renamed(p: EvalProtocol, dataset: string): EvalProtocol {
  return { ...p, dataset, id: p.id.replace(p.dataset, dataset), description: `${dataset} (synthetic, same classes): ${p.description}` };
}

const registered = new Map<string, (variant?: string, labels?: PotsdamLabels) => EvalProtocol>([
  ['isaid', () => ISAID],
  ['mfnet', () => MFNET],
  ['pst900', () => PST900],
  ['potsdam', (variant, labels) => potsdamProtocol(...parsePotsdamVariant(variant, labels, 'eroded'))],
  ['synthgeo-isaid', () => renamed(ISAID, 'synthgeo-isaid')],
  ['synthgeo-mfnet', () => renamed(MFNET, 'synthgeo-mfnet')],
  ['synthgeo-pst900', () => renamed(PST900, 'synthgeo-pst900')],
  // SynthGeo Potsdam tiles have no eroded boundaries: full labels, clutter ignored (RSP-style) by default.
  ['synthgeo-potsdam', (variant, labels) => renamed(potsdamProtocol(...parsePotsdamVariant(variant, labels, 'full')), 'synthgeo-potsdam')],
]);

/** Registers (or replaces) a dataset's protocol, e.g. a SynthGeo target built from its manifest. */
export function registerProtocol(dataset: string, make: EvalProtocol | ((variant?: string, labels?: PotsdamLabels) => EvalProtocol)): void {
  registered.set(dataset, typeof make === 'function' ? make : () => make);
}

export function knownDatasets(): string[] {
  return [...registered.keys()];
}

/**
 * The protocol of a dataset. `variant` selects a Potsdam variant ('mmseg' | 'rsp' | 'geoseg');
 * `labels` eroded/full. Other datasets have a single protocol (a variant is an error).
 * SynthGeo targets (synthgeo-isaid, -mfnet, -pst900, -potsdam) share the real datasets' classes;
 * other datasets can be registered (registerProtocol) or given as a class list.
 */
export function getProtocol(dataset: string, variant?: string, labels?: PotsdamLabels): EvalProtocol {
  const make = registered.get(dataset);
  if (!make) throw new UserError(`no evaluation protocol for dataset '${dataset}' (known: ${knownDatasets().join(', ')}; or pass a class list)`);
  const protocol = make(variant, labels);
  if (!dataset.endsWith('potsdam') && variant !== undefined && variant !== protocol.id && variant !== 'default') {
    throw new UserError(`dataset '${dataset}' has one protocol ('${protocol.id}'); --protocol ${variant} does not apply`);
  }
  return protocol;
}
