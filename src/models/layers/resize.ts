/** Bilinear resizing used by the decoders and for the final upsampling to the input size. */
import * as tf from '@tensorflow/tfjs-core';

/**
 * Bilinear resize with align_corners = true. Half-pixel centres (PyTorch align_corners = false) would
 * match mmsegmentation, but the ResizeBilinearGrad kernels of tfjs 4.22 (wasm and cpu) ignore the
 * halfPixelCenters attribute, so its gradient would be wrong; align-corners is exact both ways.
 */
export function resizeBilinear(x: tf.Tensor4D, height: number, width: number): tf.Tensor4D {
  if (x.shape[1] === height && x.shape[2] === width) return x;
  return tf.image.resizeBilinear(x, [height, width], true);
}
