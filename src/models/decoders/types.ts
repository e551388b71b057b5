/** What a segmentation decoder is: features [C1..C4] → one map at C1's stride. */
import type * as tf from '@tensorflow/tfjs-core';
import type { ParamScope } from '../params';
import type { FeatureInfo, ModelSize } from '../types';

export interface Decoder {
  /** Channels of the decoder's output map (input of the 1×1 segmentation head). */
  readonly channels: number;
  /** Stride of the output map relative to the model input (= stride of C1). */
  readonly stride: number;
  forward(features: tf.Tensor4D[], training: boolean): tf.Tensor4D;
}

export type DecoderBuilder = (scope: ParamScope, features: readonly FeatureInfo[], size: ModelSize) => Decoder;
