import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { instantOf, isoLocal, localDay, localParts } from '../../firmware-bridge/kernel/local-time.js';
import { isOpen, openingFor } from '../../firmware-bridge/kernel/opening-hours.js';

test('local parts in Shanghai', () => {
  const t = Date.parse('2026-11-24T01:30:00Z');
  const p = localParts(t, 'Asia/Shanghai');
  assert.equal([p.date, p.weekday, p.minutes, p.offsetMinutes], ['2026-11-24', 'tue', 9 * 60 + 30, 480]);
  assert.is(localDay(Date.parse('2026-11-23T16:00:00Z'), 'Asia/Shanghai'), '2026-11-24');
  assert.is(isoLocal(t, 'Asia/Shanghai'), '2026-11-24T09:30:00+08:00');
});

test('instantOf round-trips, including across a DST change', () => {
  assert.is(instantOf('2026-11-24', '18:50', 'Asia/Shanghai'), Date.parse('2026-11-24T18:50:00+08:00'));
  assert.is(instantOf('2026-03-29', '12:00', 'Europe/Berlin'), Date.parse('2026-03-29T12:00:00+02:00'));
  assert.is(instantOf('2026-03-28', '12:00', 'Europe/Berlin'), Date.parse('2026-03-28T12:00:00+01:00'));
  assert.is(instantOf('2026-11-24', '24:00', 'Asia/Shanghai'), Date.parse('2026-11-25T00:00:00+08:00'));
  // 02:30 does not exist on 2026-03-29 in Berlin: the instant after the gap
  assert.is(isoLocal(instantOf('2026-03-29', '02:30', 'Europe/Berlin'), 'Europe/Berlin'), '2026-03-29T03:30:00+02:00');
});

test('opening hours honour holidays and short days', () => {
  const hours = {
    weekly: { mon: { open: '09:00', close: '17:00' }, tue: { open: '09:00', close: '17:00' }, wed: 'closed' as const, thu: { open: '09:00', close: '17:00' }, fri: { open: '09:00', close: '17:00' }, sat: 'closed' as const, sun: 'closed' as const },
    holidays: [{ date: '2026-11-24', open: '09:00', close: '12:00' }, { date: '2026-11-23' }],
  };
  assert.equal(openingFor('2026-11-24', hours), { open: '09:00', close: '12:00' });
  assert.is(openingFor('2026-11-23', hours), null);
  assert.is(openingFor('2026-11-25', hours), null);
  assert.ok(isOpen(Date.parse('2026-11-24T11:59:00+08:00'), hours, 'Asia/Shanghai'));
  assert.not.ok(isOpen(Date.parse('2026-11-24T12:00:00+08:00'), hours, 'Asia/Shanghai'));
});

test.run();
