/**
 * Vega-Lite spec -> SVG (vega View with the 'none' renderer, no canvas needed) -> PNG (sharp/librsvg).
 * vega and vega-lite are ESM-only; they are loaded with importEsm so this works from tslab too.
 * Notebooks show charts with `display.html(await chartSvg(spec))` (SVG text, not a Vega mime output).
 */
import * as path from 'node:path';
import sharp from 'sharp';
import { writeFileAtomic, writeJsonAtomic } from '../util/atomic';
import { importEsm } from '../util/esm';
import type { VegaLiteSpec } from './charts';

interface VegaView {
  toSVG(scaleFactor?: number): Promise<string>;
  finalize(): void;
}
interface VegaModule {
  parse(spec: unknown): unknown;
  View: new (runtime: unknown, options: { renderer: 'none' }) => VegaView;
}
interface VegaLiteModule {
  compile(spec: unknown): { spec: unknown };
}

let modules: Promise<{ vega: VegaModule; vl: VegaLiteModule }> | undefined;

function loadVega(): Promise<{ vega: VegaModule; vl: VegaLiteModule }> {
  modules ??= Promise.all([importEsm<VegaModule>('vega'), importEsm<VegaLiteModule>('vega-lite')]).then(([vega, vl]) => ({ vega, vl }));
  return modules;
}

export interface SvgChart {
  svg: string;
  width: number;
  height: number;
}

/** Compiles a Vega-Lite spec and renders it to an SVG string with its pixel size. */
export async function specToSvg(spec: VegaLiteSpec | Record<string, unknown>): Promise<SvgChart> {
  const { vega, vl } = await loadVega();
  const compiled = vl.compile(spec).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: 'none' });
  try {
    const svg = await view.toSVG();
    const m = /<svg[^>]*\swidth="([\d.]+)"[^>]*\sheight="([\d.]+)"/.exec(svg);
    if (!m) throw new Error('vega produced an SVG without width/height');
    return { svg, width: Number(m[1]), height: Number(m[2]) };
  } finally {
    view.finalize();
  }
}

/** The SVG text of a chart, for notebooks (tslab display.html / display.svg). */
export async function chartSvg(spec: VegaLiteSpec | Record<string, unknown>): Promise<string> {
  return (await specToSvg(spec)).svg;
}

/** SVG text -> PNG bytes at `scale` x the SVG's pixel size (72 dpi = 1x). */
export async function svgToPng(svg: string, scale = 2): Promise<Buffer> {
  return sharp(Buffer.from(svg), { density: 72 * scale }).png().toBuffer();
}

export interface RenderedChart {
  specPath: string;
  svgPath: string;
  pngPath: string;
  /** Size of the SVG in CSS pixels (the PNG is scale x larger). */
  width: number;
  height: number;
  pngWidth: number;
  pngHeight: number;
}

/** Writes `<outBase>.vl.json`, `<outBase>.svg` and `<outBase>.png` (each atomically). */
export async function renderChart(spec: VegaLiteSpec | Record<string, unknown>, outBase: string, options: { scale?: number } = {}): Promise<RenderedChart> {
  const { svg, width, height } = await specToSvg(spec);
  const png = await svgToPng(svg, options.scale ?? 2);
  const meta = await sharp(png).metadata();
  const specPath = `${outBase}.vl.json`;
  const svgPath = `${outBase}.svg`;
  const pngPath = `${outBase}.png`;
  writeJsonAtomic(specPath, spec);
  writeFileAtomic(svgPath, svg);
  writeFileAtomic(pngPath, png);
  return { specPath, svgPath, pngPath, width, height, pngWidth: meta.width ?? 0, pngHeight: meta.height ?? 0 };
}

/** Path of a chart file relative to a Markdown file's directory (forward slashes). */
export function relativeLink(fromFile: string, target: string): string {
  return path.relative(path.dirname(fromFile), target).split(path.sep).join('/');
}
