import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkPermutation, permuteChannels } from '../../src/experiments/finetuned';

test('permuteChannels puts input channel order[c] at channel c of every pixel', () => {
  // 2 pixels x 4 channels: values encode (pixel, channel) as 10*p + c.
  const data = Float32Array.from([0, 1, 2, 3, 10, 11, 12, 13]);
  const out = permuteChannels({ size: 1, height: 1, width: 2, channels: 4, data }, [2, 1, 0, 3]);
  assert.deepEqual(Array.from(out.data), [2, 1, 0, 3, 12, 11, 10, 13]);
  assert.deepEqual(Array.from(data), [0, 1, 2, 3, 10, 11, 12, 13], 'input untouched');
});

test('a list that is not a permutation of the channels is refused', () => {
  assert.throws(() => checkPermutation([0, 0, 1], 3), /not a permutation of the 3 input channels/);
  assert.throws(() => checkPermutation([0, 1], 3), /not a permutation/);
  assert.doesNotThrow(() => checkPermutation([1, 2, 0], 3));
});
