import type { Rng } from '../../util/rng';
import { boxBlur, rasterizeBlob } from './raster';

/**
 * Thermal helpers shared by the MFNet- and PST900-like scenes. Objects are hot or cold by emission,
 * chosen per object and independent of class, so thermal shows where objects are and what outline
 * they have, never which class they are.
 */
export function objectTemperature(rng: Rng, ambient: number): number {
  return rng.bernoulli(0.6) ? Math.min(1, ambient + rng.uniform(0.22, 0.45)) : Math.max(0, ambient - rng.uniform(0.18, 0.35));
}

/** Hot or cold distractor blobs (label untouched). */
export function addThermalDistractors(rng: Rng, plane: Float32Array, size: number, count: number, ambient: number): void {
  for (let b = 0; b < count; b++) {
    const t = objectTemperature(rng, ambient);
    rasterizeBlob(rng, rng.uniform(0, size), rng.uniform(0, size), rng.uniform(2, 6), size, size, (i) => {
      plane[i] = t;
    });
  }
}

/** Sensor look: blur (thermal optics are soft), then noise. */
export function finishThermal(rng: Rng, plane: Float32Array, size: number, noise = 0.02): void {
  boxBlur(plane, size, size, 2);
  for (let i = 0; i < plane.length; i++) plane[i] = Math.min(1, Math.max(0, plane[i] + (rng.next() - 0.5) * 2 * noise));
}
