import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { Progress, formatDuration } from '../../src/util/progress';

test('progress prints count, percentage, rate, ETA and fields, and always the final line', () => {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, cb) {
      lines.push(String(chunk));
      cb();
    },
  });
  const p = new Progress({ label: 'train', total: 4, unit: 'step', stream, intervalMs: 1e9, enabled: true });
  p.tick(1, { loss: 1.5 });
  p.tick(3, { loss: 0.25 });
  const last = lines[lines.length - 1];
  assert.match(last, /^train \[#+\] 4\/4 100% .* (step\/s|s\/step) ETA 00:00 elapsed \d\d:\d\d loss=0\.2500\n$/);
  assert.equal(lines.length, 2, 'first tick prints once, then only the final line');
});

test('durations format as mm:ss or h:mm:ss', () => {
  assert.equal(formatDuration(65), '01:05');
  assert.equal(formatDuration(3725), '1:02:05');
  assert.equal(formatDuration(Infinity), '--:--');
});
