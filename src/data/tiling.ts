/**
 * Windows over large rasters. Sliding windows of `size` every `step` pixels; the last window of a
 * row/column is shifted back inside the raster (mmseg's iSAID converter: 896 crop / 512 step;
 * Potsdam 512 grid: 12x12 windows per 6000 px tile); a raster smaller than `size` gets one window
 * of its own size. Tiles are read on the fly through the datasets' windowed reads.
 */
import type { Window } from './readers/raster';
import type { DatasetSample, SampleRef, SegReadOptions, SegmentationDataset } from './datasets/types';

/** Start offsets along one axis. */
export function windowStarts(length: number, size: number, step: number): number[] {
  if (!(size > 0 && step > 0)) throw new RangeError(`window size and step must be positive, got ${size} and ${step}`);
  if (length <= size) return [0];
  const starts: number[] = [];
  for (let s = 0; s + size < length; s += step) starts.push(s);
  const last = length - size;
  if (starts[starts.length - 1] !== last) starts.push(last);
  return starts;
}

/** All windows over a width x height raster, row by row. */
export function slidingWindows(width: number, height: number, size: number, step = size): Window[] {
  const w = Math.min(size, width);
  const h = Math.min(size, height);
  const out: Window[] = [];
  for (const y of windowStarts(height, size, step)) {
    for (const x of windowStarts(width, size, step)) out.push({ x, y, width: w, height: h });
  }
  return out;
}

export interface TileOptions extends Omit<SegReadOptions, 'window'> {
  size: number;
  step?: number;
  /** Stop after this many tiles (previews, quick runs). */
  limit?: number;
}

export interface Tile {
  ref: SampleRef;
  window: Window;
  sample: DatasetSample;
}

/** Reads the tiles of every sample of a split, one window at a time. */
export async function* tiles(dataset: SegmentationDataset, split: string, options: TileOptions): AsyncGenerator<Tile> {
  let count = 0;
  for (const ref of dataset.list(split)) {
    const { width, height } = await dataset.size(ref);
    for (const window of slidingWindows(width, height, options.size, options.step ?? options.size)) {
      if (options.limit !== undefined && count >= options.limit) return;
      const sample = await dataset.read(ref, { modality: options.modality, window });
      count++;
      yield { ref, window, sample };
    }
  }
}

/** The mmseg-style tile name: <id>_<y0>_<y1>_<x0>_<x1>. */
export function tileName(id: string, w: Window): string {
  return `${id}_${w.y}_${w.y + w.height}_${w.x}_${w.x + w.width}`;
}
