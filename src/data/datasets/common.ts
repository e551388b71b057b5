/** Helpers shared by the dataset modules: layout detection, file listing, band assembly, labels. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { UserError } from '../../util/errors';
import { codecFor, type UnknownValue } from '../labels/codec';
import type { DatasetManifest, LayoutSpec } from '../manifest/types';
import { openRaster, type Raster, type RasterSource, type Window } from '../readers/index';
import type { ImageHWC, LabelMap } from '../types';
import type { LabelRead } from './types';

/** The first manifest layout with any of its `detect` paths under root, or a UserError listing what was expected. */
export function detectLayout(manifest: DatasetManifest, root: string): LayoutSpec {
  for (const layout of manifest.layouts) {
    if (layout.detect.some((p) => fs.existsSync(path.join(root, p)))) return layout;
  }
  const expected = manifest.layouts.map((l) => `${l.id} (${l.detect.join(' or ')})`).join('; ');
  throw new UserError(`${manifest.name}: no known layout under this root; expected one of: ${expected}`, root);
}

export function layoutById(manifest: DatasetManifest, id: string): LayoutSpec {
  const l = manifest.layouts.find((x) => x.id === id);
  if (!l) throw new Error(`${manifest.name}: manifest has no layout ${id}`);
  return l;
}

/** Visible regular files of a folder (sorted), optionally filtered by a name test; [] when the folder is missing. */
export function listFiles(dir: string, accept: (name: string) => boolean = () => true): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((e) => (e.isFile() || e.isSymbolicLink()) && !e.name.startsWith('.') && accept(e.name))
    .map((e) => e.name)
    .sort();
}

/** Sub-folders of a folder (sorted). */
export function listDirs(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && !e.name.startsWith('.'))
    .map((e) => e.name)
    .sort();
}

export const isImageName = (name: string): boolean => /\.(png|jpe?g|tiff?|bmp)$/i.test(name);

/** Band names of a modality, or a UserError naming the modalities on offer. */
export function modalityBands(manifest: DatasetManifest, modality: string, available?: string[]): string[] {
  const m = manifest.modalities.find((x) => x.name === modality);
  const offered = available ?? manifest.modalities.map((x) => x.name);
  if (!m || !offered.includes(modality)) throw new UserError(`${manifest.name}: modality '${modality}' is not available here (available: ${offered.join(', ')})`);
  return m.bands;
}

/** Where each band of an image comes from: a raster and a channel of it. */
export interface BandSource {
  name: string;
  raster: Raster;
  channel: number;
  file: string;
  /** A 1-2 band (gray) file may supply R, G and B from its first band (a few aerial images are grayscale). */
  grayFallback?: boolean;
}

/** Interleaves named bands from one or more rasters of equal size into a float32 HWC image. */
export function assembleImage(sources: BandSource[]): ImageHWC {
  const first = sources[0];
  if (!first) throw new Error('assembleImage needs at least one band');
  const { width, height } = first.raster;
  for (const s of sources) {
    if (s.raster.width !== width || s.raster.height !== height) {
      throw new UserError(`size mismatch: ${s.raster.width}x${s.raster.height} here but ${width}x${height} in ${first.file}`, s.file);
    }
    if (s.grayFallback && s.raster.bands <= 2) s.channel = 0;
    if (s.channel >= s.raster.bands) throw new UserError(`band ${s.name} needs channel ${s.channel + 1} but the file has ${s.raster.bands}`, s.file);
  }
  const nb = sources.length;
  const data = new Float32Array(width * height * nb);
  sources.forEach((s, b) => {
    const src = s.raster.data;
    const stride = s.raster.bands;
    for (let p = 0, i = s.channel, o = b; p < width * height; p++, i += stride, o += nb) data[o] = src[i]!;
  });
  return { width, height, bands: sources.map((s) => s.name), data };
}

/** Reads rasters of several files (each once, same window), closing them; a missing file is a UserError. */
export async function readFiles(files: string[], window?: Window): Promise<Map<string, Raster>> {
  const out = new Map<string, Raster>();
  for (const file of new Set(files)) {
    const src: RasterSource = await openRaster(file);
    try {
      out.set(file, await src.read({ window }));
    } finally {
      await src.close();
    }
  }
  return out;
}

/** A label of all-ignore pixels (splits without labels). */
export function ignoreLabel(width: number, height: number, ignoreIndex: number): LabelMap {
  return { width, height, data: new Uint8Array(width * height).fill(ignoreIndex) };
}

/** Reads and decodes a label file with the layout's encoding. */
export async function readLabelFile(
  file: string,
  manifest: DatasetManifest,
  layout: LayoutSpec,
  options: { window?: Window; lenient?: boolean; useIgnoreColours?: boolean } = {},
): Promise<LabelRead> {
  const encoding = layout.labels ?? { kind: 'id' as const };
  const codec = codecFor(encoding, manifest.classes, manifest.ignoreIndex, { useIgnoreColours: options.useIgnoreColours });
  const src = await openRaster(file);
  let raster: Raster;
  try {
    raster = await src.read({ window: options.window, paletteIndices: encoding.kind === 'id' });
  } finally {
    await src.close();
  }
  if (encoding.kind === 'id' && raster.bands === 3 && raster.dtype === 'uint8') raster = grayFromEqualRgb(raster, file);
  let data: Uint8Array;
  let unknown: UnknownValue[] = [];
  if (options.lenient) ({ data, unknown } = codec.decodeLenient(raster, file));
  else data = codec.decode(raster, file);
  return { label: { width: raster.width, height: raster.height, data }, hasLabel: true, unknown };
}

/** An id label saved as RGB with R=G=B (some tools do) becomes one band; a truly coloured one is an error. */
function grayFromEqualRgb(r: Raster, file: string): Raster {
  const n = r.width * r.height;
  const out = new Uint8Array(n);
  for (let p = 0; p < n; p++) {
    const v = r.data[p * 3]!;
    if (r.data[p * 3 + 1] !== v || r.data[p * 3 + 2] !== v) throw new UserError('id label file holds colours (expected one band of class ids)', file);
    out[p] = v;
  }
  return { width: r.width, height: r.height, bands: 1, dtype: 'uint8', data: out };
}

/** Throws unless a label and an image have the same size. */
export function requireSameSize(image: { width: number; height: number }, imageFile: string, label: { width: number; height: number }, labelFile: string): void {
  if (image.width !== label.width || image.height !== label.height) {
    throw new UserError(`size mismatch: label is ${label.width}x${label.height} but image ${imageFile} is ${image.width}x${image.height}`, labelFile);
  }
}

/** A file's name without its (last) extension. */
export function stem(name: string): string {
  return path.basename(name).replace(/\.[^.]+$/, '');
}

/** Throws a UserError when a required file of a sample is missing. */
export function requireFile(file: string, what: string): void {
  if (!fs.existsSync(file)) throw new UserError(`missing ${what}`, file);
}
