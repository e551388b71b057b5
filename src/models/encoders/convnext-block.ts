/**
 * ConvNeXt block: 7×7 depthwise conv → LayerNorm → Linear C→4C → GELU → Linear 4C→C → layer scale
 * γ (init 1e-6) → residual add. (Stochastic depth is not implemented.)
 */
import * as tf from '@tensorflow/tfjs-core';
import { gelu } from '../layers/activation';
import { DepthwiseConv2d } from '../layers/conv';
import { Linear } from '../layers/linear';
import { LayerNorm } from '../layers/norm';
import type { ParamScope } from '../params';

const TRUNC = { kind: 'truncNormal', std: 0.02 } as const;

export class ConvNeXtBlock {
  private readonly dwconv: DepthwiseConv2d;
  private readonly norm: LayerNorm;
  private readonly pwconv1: Linear;
  private readonly pwconv2: Linear;
  private readonly gamma: tf.Variable;

  constructor(scope: ParamScope, dim: number, layerScaleInit = 1e-6) {
    this.dwconv = new DepthwiseConv2d(scope.child('dwconv'), dim, 7, { bias: true, init: TRUNC });
    this.norm = new LayerNorm(scope.child('norm'), dim);
    this.pwconv1 = new Linear(scope.child('pwconv1'), dim, 4 * dim, { init: TRUNC });
    this.pwconv2 = new Linear(scope.child('pwconv2'), 4 * dim, dim, { init: TRUNC });
    this.gamma = scope.param('gamma', [dim], { kind: 'constant', value: layerScaleInit });
  }

  apply(x: tf.Tensor4D): tf.Tensor4D {
    let y = this.norm.apply(this.dwconv.apply(x));
    y = this.pwconv2.apply(gelu(this.pwconv1.apply(y)));
    return tf.add(x, tf.mul(y, this.gamma));
  }
}
