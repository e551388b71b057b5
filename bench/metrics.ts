/**
 * Confusion-matrix throughput: pixels per second of ConfusionMatrix.update on random 8-bit labels
 * (truth with ~5% ignore pixels), best of a few repetitions after a warm-up.
 * Run: node --import tsx bench/metrics.ts [megapixels]
 */
import { ConfusionMatrix } from '../src/eval/confusion';
import { Rng } from '../src/util/rng';

export interface MetricsBench {
  name: string;
  pixelsPerSecond: number;
  pixels: number;
  classes: number;
}

export function benchMetrics(pixels = 50_000_000, classes = 16, repeats = 3): MetricsBench {
  const rng = new Rng(1);
  const truth = new Uint8Array(pixels);
  const pred = new Uint8Array(pixels);
  for (let i = 0; i < pixels; i++) {
    const r = rng.nextU32();
    truth[i] = (r & 0xff) < 13 ? 255 : (r >>> 8) % classes;
    pred[i] = (r >>> 20) % classes;
  }
  const cm = new ConfusionMatrix(classes, 255);
  cm.update(truth.subarray(0, 1_000_000), pred.subarray(0, 1_000_000)); // warm-up (JIT)
  let best = Infinity;
  for (let k = 0; k < repeats; k++) {
    cm.reset();
    const t0 = process.hrtime.bigint();
    cm.update(truth, pred);
    const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
    best = Math.min(best, seconds);
  }
  return { name: 'confusion-matrix-u8', pixelsPerSecond: pixels / best, pixels, classes };
}

if (require.main === module) {
  const mp = Number(process.argv[2] ?? 50);
  const r = benchMetrics(Math.round(mp * 1e6));
  console.log(`${r.name}: ${(r.pixelsPerSecond / 1e6).toFixed(1)} Mpixel/s (${r.pixels} pixels, ${r.classes} classes)`);
}
