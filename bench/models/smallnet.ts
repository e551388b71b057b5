import * as tf from '@tensorflow/tfjs-core';
import { Rng } from '../../src/util/rng';
import { BatchNorm, Conv, UpConv } from './layers';
import type { BenchModelSpec, BenchNet } from './types';

/**
 * The small conv net: conv3×3 (4→16) + BN + ReLU, strided conv3×3 (16→32, /2) + BN + ReLU,
 * transposed conv 2×2 (32→16, ×2) + ReLU, 1×1 conv (16→classes). Twin: `smallnet` in bench/torch/reference.py.
 */
export function createSmallNet(seed: number, channels: number, classes: number, width = 16): BenchNet {
  const rng = new Rng(seed);
  const c1 = new Conv(rng, 3, channels, width, 1, false, 'stem');
  const b1 = new BatchNorm(width, 'stem_bn');
  const c2 = new Conv(rng, 3, width, 2 * width, 2, false, 'down');
  const b2 = new BatchNorm(2 * width, 'down_bn');
  const up = new UpConv(rng, 2, 2 * width, width, 'up');
  const head = new Conv(rng, 1, width, classes, 1, true, 'head');
  const trainable = [...c1.trainable, ...b1.trainable, ...c2.trainable, ...b2.trainable, ...up.trainable, ...head.trainable];
  const state = [...b1.state, ...b2.state];
  return {
    trainable,
    state,
    forward(x, training) {
      return tf.tidy(() => {
        let h = tf.relu(b1.apply(c1.apply(x), training));
        h = tf.relu(b2.apply(c2.apply(h), training));
        h = tf.relu(up.apply(h));
        return head.apply(h);
      });
    },
    dispose() {
      for (const v of [...trainable, ...state]) v.dispose();
    },
  };
}

export function smallNetSpec(batch = 8, size = 64, channels = 4, classes = 6, width = 16): BenchModelSpec {
  return {
    name: width === 16 && size === 64 && batch === 8 ? 'smallnet' : `smallnet-b${batch}-s${size}-w${width}`,
    description: `issue 7 small conv net (conv-BN-ReLU, strided conv-BN-ReLU, transposed conv, 1×1 conv), width ${width}`,
    input: [batch, size, size, channels],
    classes,
    create: (seed) => createSmallNet(seed, channels, classes, width),
    torchName: 'smallnet',
    torchArgs: { width },
  };
}
