import type { KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import { columnBudget } from './conv2d_backprop_filter';
import { fillTransposedColumns, scatterForInputGradient, windowGeometry, type PadAttr, type RoundingAttr } from './conv_util';
import { withWasmOps, type KernelArgs } from './wasm_ops';

interface DepthwiseAttrs {
  strides: number | [number, number];
  dilations: number | [number, number];
  pad: PadAttr;
  rounding: RoundingAttr;
}

function readAttrs(attrs: KernelArgs['attrs']): DepthwiseAttrs {
  const a = attrs ?? {};
  return {
    strides: a.strides as number | [number, number],
    dilations: (a.dilations ?? 1) as number | [number, number],
    pad: a.pad as PadAttr,
    rounding: a.dimRoundingMode as RoundingAttr,
  };
}

/**
 * DepthwiseConv2dNativeBackpropFilter for the wasm backend: for each channel c a matmul of its
 * transposed im2col rows [kH*kW, M] with dy's columns of that channel [M, mult], batched over
 * channels in one BatchMatMul call; channel multiplier >= 1, any stride, padding, dilation (NHWC).
 */
export const depthwiseBackpropFilterWasm: KernelFunc = ({ inputs, backend, attrs }: KernelArgs) => {
  const x = inputs.x as TensorInfo;
  const dy = inputs.dy as TensorInfo;
  const filterShape = (attrs ?? {}).filterShape as [number, number, number, number];
  const { strides, dilations, pad, rounding } = readAttrs(attrs);
  return withWasmOps(backend, (ops) => {
    const g = windowGeometry(x.shape as [number, number, number, number], filterShape, strides, dilations, pad, rounding, true);
    const [kH, kW, channels, mult] = filterShape;
    if (dy.shape.join() !== g.outShape.join()) {
      throw new Error(`DepthwiseConv2dNativeBackpropFilter: dy shape [${dy.shape}] does not match the output shape [${g.outShape}]`);
    }
    const taps = kH * kW;
    const rows = g.batch * g.outH;
    if (rows * g.outW === 0 || taps * channels * mult === 0) return ops.zeros(filterShape);
    const xT = channels === 1 ? x : ops.transpose(x, [3, 0, 1, 2]);
    const dy2d = ops.reshape(dy, [rows * g.outW, channels * mult]);
    const rowsPerChunk = Math.max(1, Math.floor(columnBudget.elements / (taps * channels * g.outW)));
    let acc: TensorInfo | undefined;
    for (let r0 = 0; r0 < rows; r0 += rowsPerChunk) {
      const r1 = Math.min(rows, r0 + rowsPerChunk);
      const m = (r1 - r0) * g.outW;
      const cols = ops.alloc([channels, taps, m]);
      fillTransposedColumns(ops.backend.wasm.HEAPF32, ops.offsetOf(xT), ops.offsetOf(cols), g, channels, 'channel-major', r0, r1);
      const dyPart = r0 === 0 && r1 === rows ? dy2d : ops.slice(dy2d, [r0 * g.outW, 0], [m, channels * mult]);
      // [M, C, mult] -> [C, M, mult]
      const dyByChannel = ops.transpose(ops.reshape(dyPart, [m, channels, mult]), [1, 0, 2]);
      const part = ops.matMul(cols, dyByChannel); // [C, taps, mult]
      ops.release(cols);
      ops.release(dyByChannel);
      if (acc === undefined) {
        acc = part;
      } else {
        const sum = ops.add(acc, part);
        ops.release(acc);
        ops.release(part);
        acc = sum;
      }
    }
    // [C, kH, kW, mult] -> [kH, kW, C, mult]
    return ops.transpose(ops.reshape(acc as TensorInfo, [channels, kH, kW, mult]), [1, 2, 0, 3]);
  });
};

/**
 * DepthwiseConv2dNativeBackpropInput for the wasm backend: scatters dy into a zero-padded (and, for
 * strides > 1, zero-interleaved) buffer, correlates it with the flipped filter using the backend's
 * own DepthwiseConv2dNative (stride 1, 'valid', same dilation), then sums over the channel
 * multiplier. Channel multiplier >= 1, any stride, padding, dilation (NHWC).
 */
export const depthwiseBackpropInputWasm: KernelFunc = ({ inputs, backend, attrs }: KernelArgs) => {
  const dy = inputs.dy as TensorInfo;
  const filter = inputs.filter as TensorInfo;
  const inputShape = (attrs ?? {}).inputShape as [number, number, number, number];
  const { strides, dilations, pad, rounding } = readAttrs(attrs);
  return withWasmOps(backend, (ops) => {
    const [kH, kW, channels, mult] = filter.shape;
    const g = windowGeometry(inputShape, filter.shape as [number, number, number, number], strides, dilations, pad, rounding, true);
    if (dy.shape.join() !== g.outShape.join()) {
      throw new Error(`DepthwiseConv2dNativeBackpropInput: dy shape [${dy.shape}] does not match the output shape [${g.outShape}]`);
    }
    if (inputShape.some((d) => d === 0) || dy.shape.some((d) => d === 0)) return ops.zeros(inputShape);
    const cm = channels * mult;
    const padded = ops.alloc([g.batch, g.inH + (kH - 1) * g.dilationH, g.inW + (kW - 1) * g.dilationW, cm]);
    scatterForInputGradient(ops.backend.wasm.HEAPF32, ops.offsetOf(dy), ops.offsetOf(padded), g, cm);
    const flipped = ops.reshape(ops.reverse(filter, [0, 1]), [kH, kW, cm, 1]);
    const full = ops.run(
      'DepthwiseConv2dNative',
      { x: padded, filter: flipped },
      { strides: [1, 1], pad: 'valid', dilations: [g.dilationH, g.dilationW], dataFormat: 'NHWC' },
    );
    ops.release(padded);
    if (mult === 1) return full;
    return ops.sum(ops.reshape(full, [g.batch, g.inH, g.inW, channels, mult]), [4]);
  });
};
