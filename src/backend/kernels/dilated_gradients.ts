import * as tf from '@tensorflow/tfjs-core';
import { registerCoreGradients } from '../gradients';
import type { GradConfig, KernelFunc, NamedAttrMap, Tensor, Tensor4D } from '@tensorflow/tfjs-core';

/**
 * tfjs-core 4.22's gradients of Conv2D and DepthwiseConv2dNative refuse dilations > 1 (on every
 * backend). These replacements keep the original formulas for dilation 1 and, for dilation d > 1,
 * use exact identities built from ops every backend has:
 * - input gradient: a dilated convolution equals an undilated one with the zero-interleaved filter
 *   of size (k - 1) * d + 1, so the ordinary backprop-input kernel applies to that filter;
 * - filter gradient: the wasm kernels of this folder take a `dilations` attribute and compute it
 *   directly; elsewhere the gradient of the zero-interleaved filter is computed and every d-th tap
 *   kept.
 */

type Pair = [number, number];

function pair(v: number | number[] | undefined): Pair {
  if (v === undefined) return [1, 1];
  return typeof v === 'number' ? [v, v] : [v[0], v[1]];
}

/** Zero-interleaves a filter [kH, kW, a, b] along its spatial axes: [(kH-1)dH+1, (kW-1)dW+1, a, b]. */
export function dilateFilter(filter: Tensor4D, [dH, dW]: Pair): Tensor4D {
  return tf.tidy(() => {
    const [kH, kW, a, b] = filter.shape;
    const spread = tf.pad(tf.reshape(filter, [kH, 1, kW, 1, a, b]), [[0, 0], [0, dH - 1], [0, 0], [0, dW - 1], [0, 0], [0, 0]]);
    const full = tf.reshape(spread, [kH * dH, kW * dW, a, b]);
    return tf.slice(full, [0, 0, 0, 0], [(kH - 1) * dH + 1, (kW - 1) * dW + 1, a, b]) as Tensor4D;
  });
}

/** Keeps every d-th tap of a gradient computed for the dilated filter. */
function undilate(grad: Tensor4D, [dH, dW]: Pair): Tensor4D {
  const [h, w, a, b] = grad.shape;
  return tf.stridedSlice(grad, [0, 0, 0, 0], [h, w, a, b], [dH, dW, 1, 1]) as Tensor4D;
}

/**
 * Kernel functions known to honour a `dilations` attribute (ours, registered for wasm). Checked
 * against the kernel actually registered for the active backend, so a later override by another
 * implementation (that may ignore the attribute) falls back to the generic path.
 */
const dilationAware = new Set<KernelFunc>();
export function markDilationAware(kernelFunc: KernelFunc): void {
  dilationAware.add(kernelFunc);
}

function honoursDilations(kernelName: string): boolean {
  const config = tf.getKernel(kernelName, tf.getBackend());
  return config !== undefined && dilationAware.has(config.kernelFunc);
}

/** Runs a kernel through the engine (recorded on the tape like any op). */
function runKernel(kernel: string, inputs: Record<string, Tensor>, attrs: Record<string, unknown>): Tensor4D {
  return tf.engine().runKernel(kernel, inputs, attrs as unknown as NamedAttrMap) as Tensor4D;
}

function conv2dFilterGrad(x: Tensor4D, dy: Tensor4D, filterShape: number[], attrs: NamedAttrMap, d: Pair): Tensor4D {
  const { strides, pad, dataFormat, dimRoundingMode } = attrs;
  const base = { strides, pad, dataFormat, dimRoundingMode };
  if ((d[0] === 1 && d[1] === 1) || honoursDilations('Conv2DBackpropFilter')) {
    return runKernel('Conv2DBackpropFilter', { x, dy }, { ...base, filterShape, dilations: d });
  }
  const [kH, kW, a, b] = filterShape;
  const eff = [(kH - 1) * d[0] + 1, (kW - 1) * d[1] + 1, a, b];
  return tf.tidy(() => undilate(runKernel('Conv2DBackpropFilter', { x, dy }, { ...base, filterShape: eff }), d));
}

export const conv2DGradWithDilations: GradConfig = {
  kernelName: 'Conv2D',
  inputsToSave: ['x', 'filter'],
  gradFunc: (dy, saved, attrs) => {
    const [x, filter] = saved as [Tensor4D, Tensor4D];
    const d = pair(attrs.dilations as number | number[]);
    const { strides, pad, dataFormat, dimRoundingMode } = attrs;
    const dilated = d[0] !== 1 || d[1] !== 1;
    return {
      x: () =>
        tf.tidy(() =>
          runKernel('Conv2DBackpropInput', { dy: dy as Tensor, filter: dilated ? dilateFilter(filter, d) : filter }, { strides, pad, dataFormat, dimRoundingMode, inputShape: x.shape }),
        ),
      filter: () => conv2dFilterGrad(x, dy as Tensor4D, filter.shape, attrs, d),
    };
  },
};

export const depthwiseGradWithDilations: GradConfig = {
  kernelName: 'DepthwiseConv2dNative',
  inputsToSave: ['x', 'filter'],
  gradFunc: (dy, saved, attrs) => {
    const [x, filter] = saved as [Tensor4D, Tensor4D];
    const d = pair(attrs.dilations as number | number[]);
    const { strides, pad, dimRoundingMode } = attrs;
    const dilated = d[0] !== 1 || d[1] !== 1;
    const run = (kernel: string, inputs: Record<string, Tensor>, extra: Record<string, unknown>): Tensor4D =>
      runKernel(kernel, inputs, { strides, pad, dimRoundingMode, ...extra });
    return {
      x: () =>
        !dilated || honoursDilations('DepthwiseConv2dNativeBackpropInput')
          ? run('DepthwiseConv2dNativeBackpropInput', { dy: dy as Tensor, filter }, { inputShape: x.shape, dilations: d })
          : tf.tidy(() => run('DepthwiseConv2dNativeBackpropInput', { dy: dy as Tensor, filter: dilateFilter(filter, d) }, { inputShape: x.shape, dilations: [1, 1] })),
      filter: () => {
        if (!dilated || honoursDilations('DepthwiseConv2dNativeBackpropFilter')) return run('DepthwiseConv2dNativeBackpropFilter', { x, dy: dy as Tensor }, { filterShape: filter.shape, dilations: d });
        const [kH, kW, a, b] = filter.shape;
        const eff = [(kH - 1) * d[0] + 1, (kW - 1) * d[1] + 1, a, b];
        return tf.tidy(() => undilate(run('DepthwiseConv2dNativeBackpropFilter', { x, dy: dy as Tensor }, { filterShape: eff, dilations: [1, 1] }), d));
      },
    };
  },
};

/**
 * Installs both gradients for every backend. Checks the live registry rather than a flag, so calling
 * it again repairs the registration if something re-registered tfjs-core's versions meanwhile.
 */
export function registerDilatedConvGradients(): void {
  // tfjs-core's own gradients first: a later first load would put the dilation-refusing versions back.
  registerCoreGradients();
  for (const config of [conv2DGradWithDilations, depthwiseGradWithDilations]) {
    if (tf.getGradient(config.kernelName) !== config) tf.registerGradient(config);
  }
}
