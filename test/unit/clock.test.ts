import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { FakeClock } from '../../firmware-bridge/kernel/clock.js';

test('fake clock fires timers in due order while advancing', () => {
  const clock = new FakeClock(0);
  const fired: string[] = [];
  clock.setTimeout(() => fired.push('b'), 200);
  clock.setTimeout(() => fired.push('a'), 100);
  const cancelled = clock.setTimeout(() => fired.push('x'), 150);
  clock.clearTimeout(cancelled);
  clock.advance(150);
  assert.equal(fired, ['a']);
  assert.is(clock.now(), 150);
  clock.advance(100);
  assert.equal(fired, ['a', 'b']);
});

test('setting the clock backwards fires nothing', () => {
  const clock = new FakeClock(1000);
  let fired = 0;
  clock.setTimeout(() => fired++, 10);
  clock.set(0);
  assert.is(fired, 0);
  assert.is(clock.now(), 0);
});

test.run();
