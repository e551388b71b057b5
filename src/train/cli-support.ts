/** Flag helpers shared by the `pretrain` and `finetune` commands. */
import { encoderNames, encoderSizes } from '../models/index';
import type { EncoderName, ModelSize } from '../models/types';
import { UserError } from '../util/errors';

/** 'cnn-nano' → { encoder: 'cnn', size: 'nano' }, checked against the model registry. */
export function parseModelFlag(value: string): { encoder: EncoderName; size: ModelSize } {
  const m = /^([a-z]+)-([a-z]+)$/.exec(value.trim().toLowerCase());
  const names = encoderNames();
  if (!m || !(names as string[]).includes(m[1])) {
    throw new UserError(`--model must be ENCODER-SIZE with ENCODER one of ${names.join(', ')} (e.g. cnn-nano), got '${value}'`);
  }
  const encoder = m[1] as EncoderName;
  const sizes = encoderSizes(encoder);
  if (!(sizes as string[]).includes(m[2])) throw new UserError(`encoder ${encoder} has sizes ${sizes.join(', ')}, not '${m[2]}'`);
  return { encoder, size: m[2] as ModelSize };
}

export function numberFlag(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isFinite(n)) throw new UserError(`--${name} must be a number, got '${value}'`);
  return n;
}

export function positiveIntFlag(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new UserError(`--${name} must be a positive integer, got '${value}'`);
  return n;
}

/** Paths where two JSON-like values differ ('steps', 'data.seed'). */
export function differences(a: unknown, b: unknown, prefix = ''): string[] {
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) {
    return JSON.stringify(a) === JSON.stringify(b) ? [] : [prefix || '(value)'];
  }
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  const out: string[] = [];
  for (const k of keys) out.push(...differences((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], prefix ? `${prefix}.${k}` : k));
  return out;
}

/**
 * With --resume the run continues as its config.json says. When the command line also gives
 * training flags, they must describe the same run (the common "same command + --resume" pattern);
 * otherwise a UserError names what differs.
 */
export function checkResumeFlags(flagsGiven: boolean, fromFlags: unknown, saved: unknown, configFile: string): void {
  if (!flagsGiven) return;
  const diff = differences(fromFlags, saved);
  if (diff.length > 0) {
    throw new UserError(`--resume: the flags describe another run than ${configFile} (differs in ${diff.slice(0, 6).join(', ')}); give only --out and --resume to continue it as it was`);
  }
}

/** Flags every training command takes (pretrain, finetune). */
export const TRAINING_FLAGS = {
  steps: { type: 'string' },
  batch: { type: 'string' },
  seed: { type: 'string' },
  lr: { type: 'string' },
  'image-size': { type: 'string' },
  'train-count': { type: 'string' },
  'val-count': { type: 'string' },
  'data-seed': { type: 'string' },
  'checkpoint-every': { type: 'string' },
  'validate-every': { type: 'string' },
  out: { type: 'string' },
  resume: { type: 'boolean' },
  force: { type: 'boolean' },
  json: { type: 'boolean' },
} as const;

/** Flags that steer a run without being part of its configuration (not compared on --resume). */
export const CONTROL_FLAGS: readonly string[] = ['out', 'resume', 'json', 'force'];
