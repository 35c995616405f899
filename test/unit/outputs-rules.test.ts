import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { configSchema } from '../../config/schema/index.js';
import { outputsSchema } from '../../config/schema/outputs.js';
import { instantOf } from '../../firmware-bridge/kernel/local-time.js';
import { desiredState, effectiveSwitches, lastMemberLeftAt, nextInstantAfter, planOutputDay, seasonOf, type OutputDay } from '../../firmware-bridge/outputs/rules/output-plan.js';
import { testConfig } from '../fixtures/test-config.js';

const tz = 'Asia/Shanghai';
const outputs = outputsSchema.parse({
  switches: [
    {
      id: 'aircon',
      name: { zh: '空调', en: 'Air conditioning' },
      pin: 7,
      offWhenLastMemberLeft: true,
      plan: { summer: { on: '18:00', off: 'closing' }, winter: { on: '18:00', off: 'closing' } },
    },
    { id: 'sign', name: { zh: '招牌', en: 'Sign' }, pin: 8, plan: { spring: { on: 'opening', off: '21:00' }, summer: 'off' } },
  ],
});
const hours = testConfig({
  hours: {
    weekly: Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, { open: '09:30', close: '22:00' }])),
    holidays: [
      { date: '2026-12-31', open: '09:30', close: '18:00' },
      { date: '2027-01-01' },
    ],
  },
}).hours;
const ctx = { timezone: tz, hours, seasons: outputs.seasons };
const [aircon, sign] = outputs.switches;
const at = (date: string, time: string) => instantOf(date, time, tz);
const hhmm = (day: OutputDay, leftAt: number | null = null) => effectiveSwitches(day, leftAt).map((s) => `${new Date(s.at).toLocaleTimeString('en-GB', { timeZone: tz, hour: '2-digit', minute: '2-digit' })} ${s.state}${s.reason === 'plan' ? '' : ` (${s.reason})`}`);

test('season of a date: meteorological defaults, boundaries on the first day, winter across the new year', () => {
  const s = outputs.seasons;
  assert.is(seasonOf('2026-02-28', s), 'winter');
  assert.is(seasonOf('2026-03-01', s), 'spring');
  assert.is(seasonOf('2026-05-31', s), 'spring');
  assert.is(seasonOf('2026-06-01', s), 'summer');
  assert.is(seasonOf('2026-08-31', s), 'summer');
  assert.is(seasonOf('2026-09-01', s), 'autumn');
  assert.is(seasonOf('2026-11-30', s), 'autumn');
  assert.is(seasonOf('2026-12-01', s), 'winter');
  assert.is(seasonOf('2027-01-15', s), 'winter');
  // Southern hemisphere: summer from December.
  const south = { spring: '09-01', summer: '12-01', autumn: '03-01', winter: '06-01' };
  assert.is(seasonOf('2027-01-15', south), 'summer');
  assert.is(seasonOf('2026-08-31', south), 'winter');
});

test('seasons out of order or on the same day are refused by the config schema', () => {
  assert.not.ok(outputsSchema.safeParse({ seasons: { spring: '03-01', summer: '09-01', autumn: '06-01', winter: '12-01' } }).success);
  assert.not.ok(outputsSchema.safeParse({ seasons: { spring: '03-01', summer: '03-01' } }).success);
  assert.not.ok(outputsSchema.safeParse({ seasons: { spring: '02-29' } }).success);
  assert.ok(outputsSchema.safeParse({ seasons: { spring: '09-01', summer: '12-01', autumn: '03-01', winter: '06-01' } }).success);
});

test('an output on a pin of the johnny-five panel on the same port, or a duplicate id, is a config error', () => {
  const base = testConfig();
  const raw = (over: object) => ({ ...JSON.parse(JSON.stringify(base)), ...over });
  const panel = { kind: 'johnny-five', port: '/dev/ttyACM0', counter: base.counters[0].id };
  const clash = configSchema.safeParse(raw({ devices: { ...base.devices, panels: [panel] }, outputs: { switches: [{ id: 'ac', name: { zh: '空调', en: 'AC' }, port: '/dev/ttyACM0', pin: 9 }] } }));
  assert.not.ok(clash.success);
  assert.match(JSON.stringify(clash.error!.issues), /button or LED of the panel/);
  const spare = configSchema.safeParse(raw({ devices: { ...base.devices, panels: [panel] }, outputs: { switches: [{ id: 'ac', name: { zh: '空调', en: 'AC' }, port: '/dev/ttyACM0', pin: 7 }] } }));
  assert.ok(spare.success, JSON.stringify(spare.error?.issues));
  const twice = outputsSchema.safeParse({ switches: [0, 1].map((pin) => ({ id: 'ac', name: { zh: '空调', en: 'AC' }, pin })) });
  assert.not.ok(twice.success);
});

test('summer and winter: on at 18:00, the off at closing waits for the last member; spring and autumn: nothing planned', () => {
  const summer = planOutputDay('2026-07-15', aircon, ctx);
  assert.is(summer.season, 'summer');
  assert.equal(hhmm(summer), ['18:00 on']);
  assert.is(summer.lastMemberRuleFrom, at('2026-07-15', '22:00'));
  assert.equal(hhmm(summer, at('2026-07-15', '22:17')), ['18:00 on', '22:17 off (last_member_left)']);
  // Members gone before closing: the off is at closing, not earlier.
  assert.equal(hhmm(summer, at('2026-07-15', '21:00')), ['18:00 on', '22:00 off (last_member_left)']);
  assert.equal(hhmm(planOutputDay('2026-12-01', aircon, ctx)), ['18:00 on']);
  const spring = planOutputDay('2026-04-10', aircon, ctx);
  assert.is(spring.kind, 'manual');
  assert.equal(spring.switches, []);
  assert.is(spring.lastMemberRuleFrom, at('2026-04-10', '22:00'), 'the last-member rule holds in manual seasons too');
  assert.is(planOutputDay('2026-10-01', aircon, ctx).kind, 'manual');
});

test('without the rule, "closing" and "opening" are the day\'s hours; closed days and spans cut short by a holiday plan nothing', () => {
  assert.equal(hhmm(planOutputDay('2026-04-10', sign, ctx)), ['09:30 on', '21:00 off']);
  assert.equal(hhmm(planOutputDay('2026-07-10', sign, ctx)), []);
  assert.equal(hhmm(planOutputDay('2027-01-01', aircon, ctx)), [], 'closed all day');
  assert.is(planOutputDay('2027-01-01', aircon, ctx).lastMemberRuleFrom, null);
  assert.equal(hhmm(planOutputDay('2026-12-31', aircon, ctx)), [], 'closes at 18:00: no air conditioning from 18:00');
});

test('desired state through a summer day: off, on at 18:00, on after closing while members are in, off when the last one left', () => {
  const day = planOutputDay('2026-07-15', aircon, ctx);
  const state = (time: string, leftAt: number | null = null) => desiredState(day, { now: at('2026-07-15', time), override: null, leftAt });
  assert.is(state('17:59').state, 'off');
  assert.is(state('18:00').state, 'on');
  assert.is(state('22:30').state, 'on', 'members still in after closing');
  const left = at('2026-07-15', '22:40');
  assert.equal([state('22:39', left).state, state('22:40', left).state, state('22:40', left).reason], ['on', 'off', 'last_member_left']);
  assert.is(nextInstantAfter(day, { now: at('2026-07-15', '12:00'), override: null, leftAt: null }), at('2026-07-15', '18:00'));
  assert.is(nextInstantAfter(day, { now: at('2026-07-15', '18:00'), override: null, leftAt: null }), at('2026-07-15', '22:00'));
});

test('last member left: only after closing, only with no wrist key out, and it stays once known', () => {
  const day = planOutputDay('2026-07-15', aircon, ctx);
  assert.is(lastMemberLeftAt(day, at('2026-07-15', '21:59'), 0, null), null, 'before closing the rule does not apply');
  assert.is(lastMemberLeftAt(day, at('2026-07-15', '22:05'), 2, null), null);
  assert.is(lastMemberLeftAt(day, at('2026-07-15', '22:05'), 0, null), at('2026-07-15', '22:05'));
  assert.is(lastMemberLeftAt(day, at('2026-07-15', '22:30'), 3, at('2026-07-15', '22:05')), at('2026-07-15', '22:05'));
  assert.is(lastMemberLeftAt(planOutputDay('2026-07-15', sign, ctx), at('2026-07-15', '22:30'), 0, null), null, 'an output without the rule');
});

test('an override lasts until the next planned switch, or midnight when none is left', () => {
  const day = planOutputDay('2026-07-15', aircon, ctx);
  const on = { state: 'off' as const, at: at('2026-07-15', '15:00') };
  // Off at 15:00 in summer: the plan's 18:00 on ends it.
  assert.equal(desiredState(day, { now: at('2026-07-15', '17:59'), override: on, leftAt: null }).state, 'off');
  assert.is(desiredState(day, { now: at('2026-07-15', '17:59'), override: on, leftAt: null }).overrideUntil, at('2026-07-15', '18:00'));
  assert.equal(desiredState(day, { now: at('2026-07-15', '18:00'), override: on, leftAt: null }).state, 'on');
  // Off at 19:00 (too cold): lasts until the last member has left, then the day is done.
  const cold = { state: 'off' as const, at: at('2026-07-15', '19:00') };
  const d = desiredState(day, { now: at('2026-07-15', '21:00'), override: cold, leftAt: null });
  assert.equal([d.state, d.reason, d.override, d.untilLastMemberLeaves], ['off', 'manual', 'off', true]);
  // Spring: staff switch it on; the last member leaving ends it; one set after that lasts till midnight.
  const spring = planOutputDay('2026-04-10', aircon, ctx);
  const manualOn = { state: 'on' as const, at: at('2026-04-10', '14:00') };
  const left = at('2026-04-10', '22:20');
  assert.is(desiredState(spring, { now: at('2026-04-10', '22:10'), override: manualOn, leftAt: null }).state, 'on');
  assert.is(desiredState(spring, { now: left, override: manualOn, leftAt: left }).state, 'off');
  const late = { state: 'on' as const, at: at('2026-04-10', '22:30') };
  assert.is(desiredState(spring, { now: at('2026-04-10', '23:59'), override: late, leftAt: left }).state, 'on');
  assert.is(desiredState(spring, { now: at('2026-04-10', '23:59'), override: late, leftAt: left }).overrideUntil, spring.dayEnd);
  // Yesterday's override does not apply today.
  const tomorrow = planOutputDay('2026-04-11', aircon, ctx);
  assert.is(desiredState(tomorrow, { now: at('2026-04-11', '10:00'), override: late, leftAt: null }).state, 'off');
});

test.run();
