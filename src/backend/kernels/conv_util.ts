import * as tf from '@tensorflow/tfjs-core';

/**
 * Geometry of a 2-D window operation (convolution, NHWC): which input pixel each output pixel and
 * filter tap reads, ih = oh * strideH + kh * dilationH - padTop (likewise for columns).
 */
export interface WindowGeometry {
  batch: number;
  inH: number;
  inW: number;
  outH: number;
  outW: number;
  kH: number;
  kW: number;
  strideH: number;
  strideW: number;
  dilationH: number;
  dilationW: number;
  padTop: number;
  padLeft: number;
}

export type PadAttr = 'valid' | 'same' | number | tf.backend_util.ExplicitPadding;
export type RoundingAttr = 'floor' | 'round' | 'ceil' | undefined;

/** The geometry tfjs itself computes (same padding rules as the cpu backend). */
export function windowGeometry(
  xShape: [number, number, number, number],
  filterShape: [number, number, number, number],
  strides: number | [number, number],
  dilations: number | [number, number],
  pad: PadAttr,
  roundingMode: RoundingAttr,
  depthwise: boolean,
): WindowGeometry & { outShape: number[] } {
  const info = tf.backend_util.computeConv2DInfo(xShape, filterShape, strides, dilations, pad, roundingMode, depthwise, 'channelsLast');
  return {
    batch: info.batchSize,
    inH: info.inHeight,
    inW: info.inWidth,
    outH: info.outHeight,
    outW: info.outWidth,
    kH: info.filterHeight,
    kW: info.filterWidth,
    strideH: info.strideHeight,
    strideW: info.strideWidth,
    dilationH: info.dilationHeight,
    dilationW: info.dilationWidth,
    padTop: info.padInfo.top,
    padLeft: info.padInfo.left,
    outShape: info.outShape,
  };
}

/** Range [lo, hi) of output columns whose input column for tap kw lies inside the image. */
function validOutputRange(kw: number, g: WindowGeometry): [number, number] {
  const offset = kw * g.dilationW - g.padLeft;
  const lo = Math.max(0, Math.ceil(-offset / g.strideW));
  const hi = Math.min(g.outW, Math.floor((g.inW - 1 - offset) / g.strideW) + 1);
  return [lo, Math.max(lo, hi)];
}

/**
 * Transposed im2col: writes, for output rows r in [rowStart, rowEnd) (r = n * outH + oh), the
 * matrix cols[row][(r - rowStart) * outW + ow] = x[c, n, ih, iw] (zero outside the image), where x
 * is channel-major [C, N, H, W] and row = (kh * kW + kw) * C + c ('tap-major', the layout of a
 * conv filter [kH, kW, C, ...]) or c * kH * kW + kh * kW + kw ('channel-major').
 * Pure data movement on the wasm heap; the arithmetic happens in the matmul that follows.
 */
export function fillTransposedColumns(
  heap: Float32Array,
  xOffset: number,
  colsOffset: number,
  g: WindowGeometry,
  channels: number,
  order: 'tap-major' | 'channel-major',
  rowStart: number,
  rowEnd: number,
): void {
  const { inH, inW, outH, outW, kH, kW, strideH, strideW, dilationH, dilationW, padTop, padLeft } = g;
  const cols = (rowEnd - rowStart) * outW;
  const taps = kH * kW;
  const ranges = Array.from({ length: kW }, (_, kw) => validOutputRange(kw, g));
  for (let c = 0; c < channels; c++) {
    const channelBase = xOffset + c * g.batch * inH * inW;
    for (let kh = 0; kh < kH; kh++) {
      for (let kw = 0; kw < kW; kw++) {
        const row = order === 'tap-major' ? (kh * kW + kw) * channels + c : c * taps + kh * kW + kw;
        const rowBase = colsOffset + row * cols;
        const [lo, hi] = ranges[kw];
        const colShift = kw * dilationW - padLeft;
        for (let r = rowStart; r < rowEnd; r++) {
          const n = (r / outH) | 0;
          const oh = r - n * outH;
          const ih = oh * strideH + kh * dilationH - padTop;
          const dst = rowBase + (r - rowStart) * outW;
          if (ih < 0 || ih >= inH || lo >= hi) {
            heap.fill(0, dst, dst + outW);
            continue;
          }
          // Zero margins are a few elements: plain loops beat fill() calls here.
          for (let ow = 0; ow < lo; ow++) heap[dst + ow] = 0;
          for (let ow = hi; ow < outW; ow++) heap[dst + ow] = 0;
          const src = channelBase + (n * inH + ih) * inW + colShift;
          if (strideW === 1) {
            // A contiguous run; copyWithin is a memmove (measured 2-4x faster than a loop on the heap).
            heap.copyWithin(dst + lo, src + lo, src + hi);
          } else {
            for (let ow = lo; ow < hi; ow++) heap[dst + ow] = heap[src + ow * strideW];
          }
        }
      }
    }
  }
}

/**
 * For the input gradient of a strided/dilated window op: writes dy [N, outH, outW, C] into a
 * zeroed [N, padH, padW, C] buffer at (top + oh * strideH, left + ow * strideW), padH = inH +
 * (kH - 1) * dilationH, top = (kH - 1) * dilationH - padTop (same for columns). A 'valid' stride-1
 * correlation of that buffer with the spatially flipped filter (dilated as before) is the input
 * gradient. Positions falling outside the buffer are dropped (they cannot reach the input).
 */
export function scatterForInputGradient(heap: Float32Array, dyOffset: number, outOffset: number, g: WindowGeometry, channels: number): { padH: number; padW: number } {
  const padH = g.inH + (g.kH - 1) * g.dilationH;
  const padW = g.inW + (g.kW - 1) * g.dilationW;
  const top = (g.kH - 1) * g.dilationH - g.padTop;
  const left = (g.kW - 1) * g.dilationW - g.padLeft;
  heap.fill(0, outOffset, outOffset + g.batch * padH * padW * channels);
  const owLo = Math.max(0, Math.ceil(-left / g.strideW));
  const owHi = Math.min(g.outW, Math.floor((padW - 1 - left) / g.strideW) + 1);
  if (owLo >= owHi) return { padH, padW };
  for (let n = 0; n < g.batch; n++) {
    for (let oh = 0; oh < g.outH; oh++) {
      const ph = top + oh * g.strideH;
      if (ph < 0 || ph >= padH) continue;
      const srcRow = dyOffset + ((n * g.outH + oh) * g.outW) * channels;
      const dstRow = outOffset + (n * padH + ph) * padW * channels;
      if (g.strideW === 1) {
        const src = srcRow + owLo * channels;
        heap.copyWithin(dstRow + (left + owLo) * channels, src, src + (owHi - owLo) * channels);
      } else {
        for (let ow = owLo; ow < owHi; ow++) {
          const src = srcRow + ow * channels;
          const dst = dstRow + (left + ow * g.strideW) * channels;
          for (let c = 0; c < channels; c++) heap[dst + c] = heap[src + c];
        }
      }
    }
  }
  return { padH, padW };
}
