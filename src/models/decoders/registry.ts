/** Decoders by name: one line each. */
import type { DecoderName } from '../types';
import { buildFpnDecoder } from './fpn';
import type { DecoderBuilder } from './types';
import { buildUperNetDecoder } from './upernet';

export const DECODERS: Record<DecoderName, { build: DecoderBuilder; description: string }> = {
  fpn: { build: buildFpnDecoder, description: 'FPN-lite: laterals, top-down sum, one 3×3 smoothing' },
  upernet: { build: buildUperNetDecoder, description: 'UperNet: PPM + FPN + fuse (the paper)' },
};

export function decoderNames(): DecoderName[] {
  return Object.keys(DECODERS) as DecoderName[];
}
