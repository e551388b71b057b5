import { test } from 'node:test';
import assert from 'node:assert/strict';
import { poly, warmupCosine } from '../../src/train/schedule';

const close = (a: number, b: number) => assert.ok(Math.abs(a - b) < 1e-12, `${a} vs ${b}`);

test('warm-up + cosine: linear rise, peak after warm-up, half at mid-decay, floor at the end', () => {
  const lr = warmupCosine({ baseLr: 1e-3, totalSteps: 110, warmupSteps: 10, minLr: 1e-5 });
  close(lr(0), 1e-4);
  close(lr(4), 5e-4);
  close(lr(9), 1e-3);
  close(lr(10), 1e-3);
  close(lr(60), 1e-5 + (1e-3 - 1e-5) / 2);
  close(lr(110), 1e-5);
  close(lr(109), 1e-5 + ((1e-3 - 1e-5) * (1 + Math.cos(Math.PI * 0.99))) / 2);
  // Monotone decreasing after warm-up.
  for (let s = 11; s < 110; s++) assert.ok(lr(s) <= lr(s - 1));
});

test('warm-up + cosine without warm-up starts at the base rate', () => {
  const lr = warmupCosine({ baseLr: 0.1, totalSteps: 100, warmupSteps: 0 });
  close(lr(0), 0.1);
  close(lr(50), 0.05);
});

test('poly: base at 0, (1 - 1/2)^0.9 of base at half, min at the end', () => {
  const lr = poly({ baseLr: 0.01, totalSteps: 200, power: 0.9 });
  close(lr(0), 0.01);
  close(lr(100), 0.01 * Math.pow(0.5, 0.9));
  close(lr(200), 0);
  const lin = poly({ baseLr: 1, totalSteps: 4, power: 1, minLr: 0.2 });
  close(lin(1), 0.8 * 0.75 + 0.2);
});
