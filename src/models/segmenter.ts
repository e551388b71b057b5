/**
 * Segmentation model: encoder → decoder → 1×1 conv head ('head.weight' [1, 1, ch, classes],
 * 'head.bias') → bilinear upsampling to the input size. Weights 'encoder.*', 'decoder.*', 'head.*'.
 */
import * as tf from '@tensorflow/tfjs-core';
import { DECODERS } from './decoders/registry';
import { buildEncoder } from './encoders/registry';
import { checkInputSize, checkInputTensor } from './input-size';
import { Conv2d } from './layers/conv';
import { resizeBilinear } from './layers/resize';
import { ParamStore } from './params';
import type { BuildOptions, DecoderName, SegmentationModel, SegmenterConfig } from './types';

export function buildSegmenter(opts: BuildOptions & { decoder: DecoderName }): SegmentationModel {
  if (!Number.isInteger(opts.numClasses) || opts.numClasses < 1) throw new Error(`numClasses must be a positive integer, got ${opts.numClasses}`);
  const decoderEntry = (DECODERS as Record<string, (typeof DECODERS)[DecoderName] | undefined>)[opts.decoder];
  if (!decoderEntry) throw new Error(`unknown decoder '${opts.decoder}' (known: ${Object.keys(DECODERS).join(', ')})`);
  const config: SegmenterConfig = {
    kind: 'segmenter',
    encoder: opts.encoder,
    size: opts.size,
    decoder: opts.decoder,
    inChannels: opts.inChannels,
    numClasses: opts.numClasses,
    seed: opts.seed,
  };
  const store = new ParamStore(opts.seed);
  try {
    const encoder = buildEncoder(store.scope('encoder'), opts.encoder, opts.size, opts.inChannels);
    const decoder = decoderEntry.build(store.scope('decoder'), encoder.features, opts.size);
    const head = new Conv2d(store.scope('head'), decoder.channels, opts.numClasses, { kernel: 1, bias: true, init: { kind: 'truncNormal', std: 0.02 } });
    const outputStride = Math.max(encoder.sizeMultiple, encoder.features[encoder.features.length - 1].stride);
    const what = `${opts.encoder}-${opts.size}+${opts.decoder} segmenter`;
    return {
      config,
      encoder,
      outputStride,
      checkInputSize: (h: number, w: number) => checkInputSize(h, w, outputStride, Math.max(outputStride, encoder.minInputSize), what),
      forward(x: tf.Tensor4D, training: boolean): tf.Tensor4D {
        checkInputTensor(x, opts.inChannels, outputStride, Math.max(outputStride, encoder.minInputSize), what);
        return tf.tidy(() => {
          const feats = encoder.forward(x, training);
          const logits = head.apply(decoder.forward(feats, training));
          return resizeBilinear(logits, x.shape[1], x.shape[2]);
        });
      },
      trainableVariables: () => store.trainableVariables(),
      namedWeights: () => store.namedWeights(),
      dispose: () => store.dispose(),
    };
  } catch (err) {
    store.dispose();
    throw err;
  }
}
