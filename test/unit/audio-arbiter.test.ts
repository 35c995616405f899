import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { resolve } from 'node:path';
import { FakeClock, type Clock } from '../../firmware-bridge/kernel/clock.js';
import { loadConfig } from '../../config/load-config.js';
import { entryKey, planDay, type AnnouncementEntry } from '../../firmware-bridge/audio/rules/day-plan.js';
import { AudioArbiter, type SpeechCategory, type SpeechJob, type SpeechOutcome } from '../../firmware-bridge/audio/audio-arbiter.js';
import { ScheduleRunner } from '../../firmware-bridge/audio/schedule-runner.js';
import { SimPlayer } from '../../devices/audio/sim-player.js';
import { JumpingClock } from '../fixtures/audio/jumping-clock.js';

const gym = loadConfig(resolve('config/examples/gym.yaml')).config;
const flush = () => new Promise<void>((r) => setImmediate(r));

function setup(clock: Clock, opts: { level?: number; allowInQuiet?: SpeechCategory[] } = {}) {
  const player = new SimPlayer(clock);
  const problems: string[] = [];
  const arbiter = new AudioArbiter({
    clock,
    player,
    tracksOf: (playlist) => [`${playlist}/one.mp3`, `${playlist}/two.mp3`],
    durationOf: () => 180,
    duck: { level: opts.level ?? 20, rampMs: 400 },
    allowInQuiet: opts.allowInQuiet ?? ['emergency'],
    random: () => 0.3,
    onProblem: (m) => problems.push(m),
  });
  return { player, arbiter, problems };
}

const job = (category: SpeechCategory, label: string, seconds = [1, 3]): SpeechJob => ({
  category,
  label,
  text: label,
  segments: seconds.map((s, i) => ({ file: `${label}-${i}.wav`, durationSec: s })),
});

test('a call during music ducks it (ramp), speaks, restores the volume; the same track goes on', async () => {
  const clock = new FakeClock('2026-11-24T10:00:00+08:00');
  const { player, arbiter } = setup(clock);
  arbiter.setPlanned({ mode: 'music', playlist: 'light', volume: 50 });
  const music = player.records.filter((r) => r.action === 'play');
  assert.is(music.length, 1);
  const track = music[0].file;
  clock.advance(60_000);
  let outcome: SpeechOutcome | undefined;
  void arbiter.say(job('queue_call', 'A012')).then((o) => (outcome = o));
  clock.advance(400); // ramp down
  const afterRamp = player.records.filter((r) => r.action === 'volume').map((r) => (r as { volume: number }).volume);
  assert.equal(afterRamp, [40, 30, 20, 10]); // 20 % of 50
  const speech = player.records.filter((r) => r.action === 'play' && r.role === 'speech');
  assert.equal(speech.map((r) => [r.file, r.at - Date.parse('2026-11-24T10:00:00+08:00')]), [['A012-0.wav', 60_400]]);
  assert.is(arbiter.snapshot().mode, 'announcement');
  clock.advance(1000);
  assert.is(player.records.filter((r) => r.action === 'play' && r.role === 'speech').length, 2);
  clock.advance(3000);
  clock.advance(400); // ramp up
  await flush();
  assert.is(outcome?.outcome, 'played');
  const volumes = player.records.filter((r) => r.action === 'volume').map((r) => (r as { volume: number }).volume);
  assert.equal(volumes.slice(4), [20, 30, 40, 50]);
  assert.is(player.records.filter((r) => r.action === 'play' && r.role === 'music').length, 1, 'no new track: it went on');
  assert.ok(!player.records.some((r) => r.action === 'stop'));
  assert.is(arbiter.snapshot().mode, 'music');
  assert.is(Math.round(arbiter.position()! * 1000), 64_800, 'music kept running, ducked');
  assert.is(arbiter.snapshot().track, track);
  await arbiter.stop();
});

test('duck level 0 pauses the music and resumes it at the same position', async () => {
  const clock = new FakeClock('2026-11-24T10:00:00+08:00');
  const { player, arbiter } = setup(clock, { level: 0 });
  arbiter.setPlanned({ mode: 'music', playlist: 'light', volume: 50 });
  clock.advance(30_000);
  void arbiter.say(job('manual', 'hello', [5]));
  clock.advance(400);
  assert.ok(player.records.some((r) => r.action === 'pause'));
  const frozen = arbiter.position();
  assert.is(frozen, 30.4);
  clock.advance(5000);
  assert.is(arbiter.position(), frozen, 'a paused track keeps its position');
  assert.ok(player.records.some((r) => r.action === 'resume'));
  clock.advance(1000);
  assert.is(arbiter.position(), 31.4);
  // the track ends 180 s of playing after it began, pauses excluded
  clock.advance((180 - 31.4) * 1000 - 1);
  assert.is(player.records.filter((r) => r.action === 'play' && r.role === 'music').length, 1);
  clock.advance(1);
  assert.is(player.records.filter((r) => r.action === 'play' && r.role === 'music').length, 2);
  await arbiter.stop();
});

test('two calls queue, never cut each other; priority: calls > manual > scheduled', async () => {
  const clock = new FakeClock('2026-11-24T10:00:00+08:00');
  const { player, arbiter } = setup(clock);
  arbiter.setPlanned({ mode: 'silence' });
  const order: string[] = [];
  const track = (p: Promise<SpeechOutcome>, name: string) => void p.then((o) => order.push(`${name}:${o.outcome}`));
  track(arbiter.say(job('scheduled', 'class', [2])), 'class');
  track(arbiter.say(job('scheduled', 'closing', [2])), 'closing');
  track(arbiter.say(job('manual', 'staff', [2])), 'staff');
  track(arbiter.say(job('queue_call', 'A001', [2])), 'A001');
  track(arbiter.say(job('queue_call', 'A002', [2])), 'A002');
  clock.advance(1000);
  // the first job was already speaking: it finishes, then by priority, FIFO within one
  const started = () => player.records.filter((r) => r.action === 'play').map((r) => `${Math.round((r.at - Date.parse('2026-11-24T10:00:00+08:00')) / 1000)}s ${(r as { label?: string }).label}`);
  assert.equal(started(), ['0s class']);
  clock.advance(20_000);
  await flush();
  assert.equal(started(), ['0s class', '2s A001', '4s A002', '6s staff', '8s closing']);
  assert.equal(order, ['class:played', 'A001:played', 'A002:played', 'staff:played', 'closing:played']);
  await arbiter.stop();
});

test('quiet hours: a call is refused unless the config allows it; music is off', async () => {
  const clock = new FakeClock('2026-11-24T22:30:00+08:00');
  const strict = setup(clock);
  strict.arbiter.setPlanned({ mode: 'quiet' });
  assert.equal(await strict.arbiter.say(job('queue_call', 'A009')), { outcome: 'refused', reason: 'quiet_hours' });
  const emergency = strict.arbiter.say(job('emergency', 'fire', [1]));
  clock.advance(1000);
  assert.is((await emergency).outcome, 'played', 'emergency is allowed by default');
  assert.is(strict.player.records.filter((r) => r.action === 'play' && r.role === 'music').length, 0);
  await strict.arbiter.stop();

  const lenient = setup(clock, { allowInQuiet: ['queue_call'] });
  lenient.arbiter.setPlanned({ mode: 'quiet' });
  const said = lenient.arbiter.say(job('queue_call', 'A010', [1]));
  clock.advance(1000);
  assert.is((await said).outcome, 'played');
  assert.equal(await lenient.arbiter.say(job('scheduled', 'class', [1])), { outcome: 'refused', reason: 'quiet_hours' });
  await lenient.arbiter.stop();
});

test('staff pause, skip and volume', async () => {
  const clock = new FakeClock('2026-11-24T10:00:00+08:00');
  const { player, arbiter } = setup(clock);
  arbiter.setPlanned({ mode: 'music', playlist: 'light', volume: 50 });
  const first = arbiter.snapshot().track;
  arbiter.skip();
  assert.is.not(arbiter.snapshot().track, first);
  arbiter.setVolume(70);
  assert.equal(player.records.at(-1), { at: clock.now(), action: 'volume', file: arbiter.snapshot().track!, volume: 70 });
  arbiter.pause();
  clock.advance(10_000);
  assert.is(arbiter.position(), 0);
  assert.is(arbiter.snapshot().paused, true);
  arbiter.resume();
  clock.advance(2000);
  assert.is(arbiter.position(), 2);
  // the next daypart resets the staff volume to the plan's
  arbiter.setPlanned({ mode: 'music', playlist: 'lively', volume: 60 });
  assert.equal([arbiter.snapshot().playlist, arbiter.snapshot().volume], ['lively', 60]);
  await arbiter.stop();
});

function runnerSetup(clock: Clock, alreadyPlayed: string[] = []) {
  const { player, arbiter } = setup(clock);
  const spoken: string[] = [];
  const stale: string[] = [];
  const jumps: number[] = [];
  const runner = new ScheduleRunner({
    clock,
    timezone: gym.site.timezone,
    planFor: (date) => planDay(date, gym),
    staleMs: gym.audio.announcements.dropStaleAfterMinutes * 60_000,
    setPlanned: (s) => arbiter.setPlanned(s),
    announce: (entry: AnnouncementEntry, notAfter) => {
      spoken.push(`${entry.at.slice(11, 16)} ${entry.reason}#${entry.take}`);
      void arbiter.say({ category: 'scheduled', label: entryKey(entry), text: entry.text, segments: [{ file: 'x.wav', durationSec: 8 }], notAfter });
    },
    onStale: (entry) => stale.push(`${entry.at.slice(11, 16)} ${entry.reason}#${entry.take}`),
    onClockJump: (ms) => jumps.push(ms),
    alreadyPlayed,
  });
  return { player, arbiter, runner, spoken, stale, jumps };
}

test('the runner follows the plan: music changes and both takes of the class call, on time', async () => {
  const clock = new FakeClock('2026-11-24T17:55:00+08:00');
  const { arbiter, runner, spoken, player } = runnerSetup(clock);
  runner.start();
  assert.equal(arbiter.snapshot().playlist, 'light');
  clock.set('2026-11-24T18:00:00+08:00');
  assert.equal(arbiter.snapshot().playlist, 'lively');
  clock.set('2026-11-24T18:53:00+08:00');
  assert.equal(spoken, ['18:50 class#1', '18:52 class#2']);
  const speech = player.records.filter((r) => r.action === 'play' && r.role === 'speech').map((r) => new Date(r.at).toISOString());
  assert.equal(speech, ['2026-11-24T10:50:00.400Z', '2026-11-24T10:52:00.400Z']);
  clock.set('2026-11-24T22:00:00+08:00');
  assert.is(arbiter.snapshot().mode, 'quiet');
  runner.stop();
  await arbiter.stop();
});

test('clock jumps forward 6 h: plays what the plan says for now, nothing stale', async () => {
  const clock = new JumpingClock('2026-11-24T15:10:00+08:00'); // booted with a wrong clock
  const { arbiter, runner, spoken, stale, jumps, player } = runnerSetup(clock);
  runner.start();
  assert.equal(arbiter.snapshot().playlist, 'light');
  clock.jump(6 * 3600_000); // NTP: it is really 21:10
  clock.advance(15_000); // the watchdog tick notices
  assert.equal(jumps, [6 * 3600_000]);
  assert.equal([arbiter.snapshot().playlist, arbiter.snapshot().volume], ['light', 45]);
  assert.equal(stale, ['18:50 class#1', '18:52 class#2', '19:50 class#1', '19:52 class#2']);
  assert.equal(spoken, []);
  assert.is(player.records.filter((r) => r.action === 'play' && r.role === 'speech').length, 0, 'no burst');
  clock.advance(20 * 60_000); // 21:30:15: the closing call is due and fresh
  assert.equal(spoken, ['21:30 closing#1']);
  assert.is(player.records.filter((r) => r.action === 'play' && r.role === 'speech').length, 1);
  runner.stop();
  await arbiter.stop();
});

test('a restart mid-day does not repeat what was already said', async () => {
  const clock = new FakeClock('2026-11-24T18:51:00+08:00');
  const plan = planDay('2026-11-24', gym);
  const first = plan.find((e): e is AnnouncementEntry => e.kind === 'announcement' && e.at.includes('18:50'))!;
  const { runner, spoken, stale, arbiter } = runnerSetup(clock, [entryKey(first)]);
  runner.start();
  assert.equal([spoken, stale], [[], []]);
  clock.set('2026-11-24T18:52:00+08:00');
  assert.equal(spoken, ['18:52 class#2']);
  runner.stop();
  await arbiter.stop();
});

test.run();
