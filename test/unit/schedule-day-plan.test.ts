import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { resolve } from 'node:path';
import { loadConfig } from '../../config/load-config.js';
import { configSchema } from '../../config/schema/index.js';
import { planDay, type PlanEntry } from '../../firmware-bridge/audio/rules/day-plan.js';
import { dueAnnouncements, nextEntryAfter, soundAt } from '../../firmware-bridge/audio/rules/plan-cursor.js';
import { runScheduleCommand } from '../../firmware-bridge/audio/schedule-command.js';

const gymFile = resolve('config/examples/gym.yaml');
const gym = loadConfig(gymFile).config;

/** "HH:MM kind detail" lines: the whole timeline, compared exactly. */
function timeline(plan: PlanEntry[]): string[] {
  return plan.map((e) => {
    const t = e.at.slice(11, 16);
    if (e.kind === 'music') return `${t} music ${e.playlist} ${e.volume}`;
    if (e.kind === 'announcement') return `${t} ${e.reason} for ${e.for.slice(11, 16)} take ${e.take}`;
    return `${t} off`;
  });
}

test('default gym Monday: exactly the expected timeline', () => {
  const plan = planDay('2026-11-23', gym); // a Monday: yoga 10:30 and spinning 19:00
  assert.equal(timeline(plan), [
    '09:30 music light 50',
    '10:20 class for 10:30 take 1',
    '10:22 class for 10:30 take 2',
    '18:00 music lively 60',
    '18:50 class for 19:00 take 1',
    '18:52 class for 19:00 take 2',
    '21:00 music light 45',
    '21:30 closing for 22:00 take 1',
    '21:32 closing for 22:00 take 2',
    '22:00 off',
  ]);
  assert.ok(plan.every((e) => e.at.endsWith('+08:00')));
  const spin = plan.find((e) => e.kind === 'announcement' && e.for.endsWith('19:00:00+08:00'));
  assert.ok(spin && spin.kind === 'announcement');
  assert.is(spin.text, '各位会员，动感单车课程将于19点在单车房开始，请做好准备。');
  assert.is(spin.textEn, 'Spinning starts at 19:00 in the cycling room.');
});

test('Tuesday has the two evening classes and no yoga', () => {
  const lines = timeline(planDay('2026-11-24', gym)).filter((l) => l.includes('class'));
  assert.equal(lines, ['18:50 class for 19:00 take 1', '18:52 class for 19:00 take 2', '19:50 class for 20:00 take 1', '19:52 class for 20:00 take 2']);
});

test('schema defaults alone give the gym desk dayparts and quiet at 22:00 (docs/domain.md#audio-music-by-time-of-day)', () => {
  const config = configSchema.parse({
    site: { id: 'x', name: { zh: '甲', en: 'A' } },
    hours: { weekly: Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, { open: '09:30', close: '22:00' }])) },
    services: [{ id: 's', letter: 'A', name: { zh: '甲', en: 'A' }, counters: ['1'] }],
    counters: [{ id: '1', name: { zh: '1号窗口', en: 'Window 1' } }],
  });
  assert.equal(timeline(planDay('2026-11-24', config)), [
    '09:30 music light 50',
    '18:00 music lively 60',
    '21:00 music light 45',
    '21:30 closing for 22:00 take 1',
    '21:32 closing for 22:00 take 2',
    '22:00 off',
  ]);
});

test('a holiday closed all day has an empty plan', () => {
  assert.equal(planDay('2027-01-01', gym), []);
});

test('a short day: closing announcements move, evening music and classes go', () => {
  assert.equal(timeline(planDay('2026-12-31', gym)), ['09:30 music light 50', '17:30 closing for 18:00 take 1', '17:32 closing for 18:00 take 2', '18:00 off']);
});

test('the gap between repetitions and the repeat count come from config', () => {
  const config = { ...gym, audio: { ...gym.audio, announcements: { ...gym.audio.announcements, gapMinutes: 5, repeat: 3 } } };
  const lines = timeline(planDay('2026-11-24', config)).filter((l) => l.includes('closing'));
  assert.equal(lines, ['21:30 closing for 22:00 take 1', '21:35 closing for 22:00 take 2', '21:40 closing for 22:00 take 3']);
});

test('DST: Europe/Berlin on the spring-forward day keeps wall times and changes offset', () => {
  const config = { ...gym, site: { ...gym.site, timezone: 'Europe/Berlin' } };
  const plan = planDay('2026-03-29', config); // Sunday, clocks jump 02:00 → 03:00
  assert.equal(timeline(plan), ['09:30 music light 50', '18:00 music lively 60', '18:50 class for 19:00 take 1', '18:52 class for 19:00 take 2', '21:00 music light 45', '21:30 closing for 22:00 take 1', '21:32 closing for 22:00 take 2', '22:00 off']);
  assert.is(plan[0].at, '2026-03-29T09:30:00+02:00');
  assert.is(plan.at(-1)!.at, '2026-03-29T22:00:00+02:00');
  assert.is(planDay('2026-03-28', config)[0].at, '2026-03-28T09:30:00+01:00');
  assert.is(planDay('2026-10-25', config)[0].at, '2026-10-25T09:30:00+01:00'); // autumn change day
  // 12.5 hours of wall time are 12.5 real hours either side of the change
  assert.is(Date.parse(plan.at(-1)!.at) - Date.parse(plan[0].at), 12.5 * 3600_000);
});

test('a day without music still ends quiet hours at opening, so calls can be spoken', () => {
  const noMusic = configSchema.parse({ ...gym, audio: { ...gym.audio, dayparts: [] } });
  const plan = planDay('2026-11-23', noMusic);
  assert.equal(timeline(plan)[0], '09:30 music null 0');
  assert.equal(soundAt(plan, Date.parse('2026-11-23T09:00:00+08:00')), { mode: 'quiet' });
  assert.equal(soundAt(plan, Date.parse('2026-11-23T12:00:00+08:00')), { mode: 'silence' });
  assert.equal(soundAt(plan, Date.parse('2026-11-23T22:30:00+08:00')), { mode: 'quiet' });
});

test('a hall open round the clock announces no closing', () => {
  const allDay = Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, { open: '00:00', close: '24:00' }]));
  const config = configSchema.parse({ ...gym, hours: { weekly: allDay, holidays: [{ date: '2026-11-24', open: '00:00', close: '12:00' }, { date: '2026-11-26' }] }, audio: { ...gym.audio, quietFrom: '24:00' } });
  assert.not.ok(planDay('2026-11-22', config).some((e) => e.kind === 'announcement' && e.reason === 'closing'));
  // the day before a closed holiday does close at midnight, and a short day announces its 12:00 closing
  assert.ok(planDay('2026-11-25', config).some((e) => e.kind === 'announcement' && e.reason === 'closing' && e.for.startsWith('2026-11-26T00:00')));
  assert.ok(planDay('2026-11-24', config).some((e) => e.kind === 'announcement' && e.reason === 'closing' && e.for.startsWith('2026-11-24T12:00')));
});

test('soundAt and dueAnnouncements read the same plan playback follows', () => {
  const plan = planDay('2026-11-24', gym);
  const at = (hhmm: string) => Date.parse(`2026-11-24T${hhmm}:00+08:00`);
  assert.equal(soundAt(plan, at('08:00')), { mode: 'quiet' });
  assert.equal(soundAt(plan, at('09:30')), { mode: 'music', playlist: 'light', volume: 50 });
  assert.equal(soundAt(plan, at('18:30')), { mode: 'music', playlist: 'lively', volume: 60 });
  assert.equal(soundAt(plan, at('22:00')), { mode: 'quiet' });
  const due = dueAnnouncements(plan, at('18:53'), 3 * 60_000, new Set());
  assert.equal(due.play.map((e) => `${e.at.slice(11, 16)}#${e.take}`), ['18:52#2']);
  assert.equal(due.stale.map((e) => `${e.at.slice(11, 16)}#${e.take}`), ['18:50#1']);
  assert.is(nextEntryAfter(plan, at('18:53')), at('19:50'));
  assert.is(nextEntryAfter(plan, at('22:00')), null);
});

test('frontdesk schedule --json prints the plan; a bad date exits 2', async () => {
  const out: string[] = [];
  const err: string[] = [];
  assert.is(await runScheduleCommand(['--config', gymFile, '--date', '2026-11-24', '--json'], (l) => out.push(l), (l) => err.push(l)), 0);
  assert.equal(JSON.parse(out.join('\n')), planDay('2026-11-24', gym));
  assert.is(await runScheduleCommand(['schedule', '--config', gymFile, '--date', '2026-02-30'], (l) => out.push(l), (l) => err.push(l)), 2);
  assert.match(err.join('\n'), /YYYY-MM-DD/);
  const text: string[] = [];
  assert.is(await runScheduleCommand(['--config', gymFile, '--date', '2026-11-24'], (l) => text.push(l)), 0);
  const audioLines = text.filter((l) => !l.includes('输出 output'));
  assert.is(audioLines.length, 1 + planDay('2026-11-24', gym).length);
  assert.match(audioLines.at(-1)!, /^22:00 .*quiet hours/);
});

test('frontdesk schedule lists the outputs\' switch instants by season, in time order with the audio plan', async () => {
  const lines = async (date: string) => {
    const text: string[] = [];
    assert.is(await runScheduleCommand(['--config', gymFile, '--date', date], (l) => text.push(l)), 0);
    return text.filter((l) => l.includes('输出 output')).map((l) => l.replace(/ \/ [A-Z][a-z]+( [a-z]+)?:/, ':'));
  };
  // Autumn: the air conditioning is manual; the sign follows the opening hours.
  assert.equal(await lines('2026-11-24'), [
    '--:--  输出 output 空调: 秋季 autumn — 手动 manual (staff switch it on /desk)',
    '09:30  输出 output 门头招牌灯: 开 on',
    '22:00  输出 output 空调: 最后一位会员离开后关 off once the last member has left (no wrist key out)',
    '22:00  输出 output 门头招牌灯: 关 off',
  ]);
  // Winter from 1 December: on at 18:00.
  assert.ok((await lines('2026-12-01')).includes('18:00  输出 output 空调: 开 on'));
  // New Year's Eve closes at 18:00: no air conditioning, the sign goes off at the early closing.
  const eve = await lines('2026-12-31');
  assert.not.ok(eve.some((l) => l.startsWith('18:00  输出 output 空调: 开')));
  assert.ok(eve.includes('18:00  输出 output 门头招牌灯: 关 off'));
  const text: string[] = [];
  await runScheduleCommand(['--config', gymFile, '--date', '2026-12-01'], (l) => text.push(l));
  const times = text.slice(1).map((l) => l.slice(0, 5)).filter((t) => t !== '--:--');
  assert.equal(times, [...times].sort(), 'one timeline');
});

test.run();
