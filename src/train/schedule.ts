/**
 * Learning-rate schedules as plain functions of the step (0-based: the rate used by update number
 * step+1), so that a resumed run computes the same rates as an uninterrupted one.
 */
export type LrSchedule = (step: number) => number;

export interface WarmupCosineOptions {
  baseLr: number;
  totalSteps: number;
  warmupSteps: number;
  /** The floor of the cosine (default 0). */
  minLr?: number;
}

/**
 * Linear warm-up then cosine decay (pre-training). Steps 0..warmup-1 rise linearly to baseLr
 * (step s uses baseLr·(s+1)/warmup); then lr = min + (base − min)·(1 + cos(π·p))/2 with
 * p = (s − warmup)/(total − warmup) going from 0 to (almost) 1.
 */
export function warmupCosine(o: WarmupCosineOptions): LrSchedule {
  const minLr = o.minLr ?? 0;
  const warm = Math.max(0, Math.min(o.warmupSteps, o.totalSteps));
  return (step) => {
    if (step < warm) return (o.baseLr * (step + 1)) / warm;
    const span = Math.max(1, o.totalSteps - warm);
    const p = Math.min(1, (step - warm) / span);
    return minLr + ((o.baseLr - minLr) * (1 + Math.cos(Math.PI * p))) / 2;
  };
}

export interface PolyOptions {
  baseLr: number;
  totalSteps: number;
  /** Default 0.9 (the segmentation convention). */
  power?: number;
  minLr?: number;
  /** Optional linear warm-up steps before the poly decay (default 0). */
  warmupSteps?: number;
}

/** Poly decay (fine-tuning): lr = (base − min)·(1 − s/total)^power + min, after an optional warm-up. */
export function poly(o: PolyOptions): LrSchedule {
  const power = o.power ?? 0.9;
  const minLr = o.minLr ?? 0;
  const warm = o.warmupSteps ?? 0;
  return (step) => {
    if (step < warm) return (o.baseLr * (step + 1)) / warm;
    const p = Math.min(1, step / Math.max(1, o.totalSteps));
    return (o.baseLr - minLr) * Math.pow(1 - p, power) + minLr;
  };
}
