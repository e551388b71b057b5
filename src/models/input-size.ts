/** The input-size rule shared by classifiers and segmenters. */
import type * as tf from '@tensorflow/tfjs-core';

/** Sides must be multiples of `multiple` and at least `minimum`; the error names the padded size. */
export function checkInputSize(height: number, width: number, multiple: number, minimum: number, what: string): void {
  const ok = (n: number): boolean => Number.isInteger(n) && n >= minimum && n % multiple === 0;
  if (ok(height) && ok(width)) return;
  const pad = (n: number): number => Math.max(minimum, Math.ceil(n / multiple) * multiple);
  throw new Error(
    `${what}: input ${height}×${width} is not accepted: height and width must be multiples of ${multiple}` +
      (minimum > multiple ? ` and at least ${minimum}` : '') +
      `; pad the input to ${pad(height)}×${pad(width)}`,
  );
}

export function checkInputTensor(x: tf.Tensor, inChannels: number, multiple: number, minimum: number, what: string): void {
  if (x.rank !== 4) throw new Error(`${what}: input must be NHWC rank 4, got shape [${x.shape.join(', ')}]`);
  if (x.shape[3] !== inChannels) throw new Error(`${what}: input has ${x.shape[3]} channels, the model expects ${inChannels}`);
  checkInputSize(x.shape[1] as number, x.shape[2] as number, multiple, minimum, what);
}
