/**
 * X6 boundary-aware loss at fine-tuning (for the blurrier boundaries the paper reports): pixels
 * within `radius` (Chebyshev distance) of a label boundary — a neighbour with another valid class —
 * get weight `boundaryWeight`, the others 1. The segmentation loss is the weighted mean, so the
 * boundary pixels count `boundaryWeight` times as much. Ignored pixels keep weight 1 (the loss
 * gives them 0 anyway) and do not make boundaries.
 */
import type { Extension } from './types';

export interface BoundaryWeightOptions {
  radius: number;
  boundaryWeight: number;
}

export const BOUNDARY_DEFAULTS: BoundaryWeightOptions = { radius: 1, boundaryWeight: 3 };

/** Per-pixel weights for `size` label maps of height×width (NHW, uint8). */
export function boundaryWeights(
  labels: Uint8Array,
  size: number,
  height: number,
  width: number,
  ignoreIndex: number,
  o: BoundaryWeightOptions = BOUNDARY_DEFAULTS,
): Float32Array {
  const w = new Float32Array(size * height * width).fill(1);
  const r = o.radius;
  for (let i = 0; i < size; i++) {
    const base = i * height * width;
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const v = labels[base + y * width + x];
        if (v === ignoreIndex) continue;
        let edge = false;
        for (let dy = -r; dy <= r && !edge; dy++) {
          const yy = y + dy;
          if (yy < 0 || yy >= height) continue;
          for (let dx = -r; dx <= r; dx++) {
            const xx = x + dx;
            if (xx < 0 || xx >= width) continue;
            const u = labels[base + yy * width + xx];
            if (u !== v && u !== ignoreIndex) {
              edge = true;
              break;
            }
          }
        }
        if (edge) w[base + y * width + x] = o.boundaryWeight;
      }
    }
  }
  return w;
}

export const x6Boundary: Extension = {
  id: 'X6',
  name: 'boundary-aware loss',
  summary: 'fine-tuning cross-entropy weighted up near label boundaries',
  stages: ['finetune'],
  pixelWeights: (labels, size, height, width, ignoreIndex) => boundaryWeights(labels, size, height, width, ignoreIndex),
};
