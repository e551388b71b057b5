/** IM-RGB, the baseline: standard RGB pre-training, the (normalised) RGB channels unchanged. */
import { UserError } from '../../util/errors';
import { cloneBatch } from './batch';
import type { InputStrategy } from './types';

export function baselineStrategy(channels = 3): InputStrategy {
  if (channels !== 3) {
    throw new UserError(`the baseline (IM-RGB) strategy pre-trains on 3 channels; got --channels ${channels} (fine-tuning adapts its stem to other counts)`);
  }
  return {
    name: 'baseline',
    label: 'IM-RGB',
    outChannels: 3,
    apply(batch) {
      if (batch.channels !== 3) throw new Error(`baseline strategy expects 3-channel RGB batches, got ${batch.channels}`);
      return cloneBatch(batch);
    },
  };
}
