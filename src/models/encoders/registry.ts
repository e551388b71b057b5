/** Encoders by name: one line per family. Sizes each family offers are the keys of its table. */
import type { ParamScope } from '../params';
import type { Encoder, EncoderName, ModelSize } from '../types';
import { buildCnnEncoder, CNN_SIZES } from './cnn';
import { buildConvNeXtEncoder, CONVNEXT_SIZES } from './convnext';
import { buildResNetEncoder, RESNET_SIZES } from './resnet';
import { buildSwinEncoder, SWIN_SIZES } from './swin';

interface EncoderEntry {
  build: (scope: ParamScope, size: ModelSize, inChannels: number) => Encoder;
  sizes: readonly ModelSize[];
  description: string;
}

const sizesOf = (table: object): ModelSize[] => Object.keys(table) as ModelSize[];

export const ENCODERS: Record<EncoderName, EncoderEntry> = {
  cnn: { build: buildCnnEncoder, sizes: sizesOf(CNN_SIZES), description: 'plain conv-BN-ReLU, 16-32-48-64 at nano' },
  resnet: { build: buildResNetEncoder, sizes: sizesOf(RESNET_SIZES), description: 'ResNet (tiny = ResNet-18, small = ResNet-50)' },
  convnext: { build: buildConvNeXtEncoder, sizes: sizesOf(CONVNEXT_SIZES), description: 'ConvNeXt (tiny = ConvNeXt-T)' },
  swin: { build: buildSwinEncoder, sizes: sizesOf(SWIN_SIZES), description: 'Swin Transformer (tiny = Swin-T)' },
};

export function encoderNames(): EncoderName[] {
  return Object.keys(ENCODERS) as EncoderName[];
}

export function encoderSizes(name: EncoderName): readonly ModelSize[] {
  return ENCODERS[name].sizes;
}

/** Builds an encoder under `scope` (normally 'encoder'); an Error for an unknown name or size. */
export function buildEncoder(scope: ParamScope, name: string, size: string, inChannels: number): Encoder {
  const entry = (ENCODERS as Record<string, EncoderEntry | undefined>)[name];
  if (!entry) throw new Error(`unknown encoder '${name}' (known: ${encoderNames().join(', ')})`);
  if (!entry.sizes.includes(size as ModelSize)) throw new Error(`encoder '${name}' has no size '${size}' (sizes: ${entry.sizes.join(', ')})`);
  if (!Number.isInteger(inChannels) || inChannels < 1) throw new Error(`inChannels must be a positive integer, got ${inChannels}`);
  return entry.build(scope, size as ModelSize, inChannels);
}
