// The wait estimate's floor: a run of very quick tickets must not promise "5 ahead · under 1 minute".
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { FLOOR_SHARE, averageServiceSec, estimateWaitSec } from '../../firmware-bridge/queue/rules/wait-estimate.js';

test('the real pace wins while it is slower than the floor', () => {
  assert.is(estimateWaitSec(4, averageServiceSec([400, 200], 300), 2, 300), 600);
});

test('quick tickets cannot push the estimate below a share of defaultServiceSec per person ahead', () => {
  const average = averageServiceSec([5, 8, 6], 300); // three tickets "finished" in seconds
  const estimate = estimateWaitSec(5, average, 1, 300);
  assert.ok(estimate >= 5 * FLOOR_SHARE * 300, `estimate ${estimate}`);
  assert.ok(estimate >= 60, 'never "under a minute" with five ahead');
  // Two open counters share the people ahead.
  assert.is(estimateWaitSec(5, average, 2, 300), Math.round((5 * FLOOR_SHARE * 300) / 2));
});

test('nobody ahead: no wait, whatever the pace', () => {
  assert.is(estimateWaitSec(0, 5, 1, 300), 0);
});

test.run();
