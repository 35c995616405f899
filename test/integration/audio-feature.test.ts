import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { FakeClock } from '../../firmware-bridge/kernel/clock.js';
import { isEventOf, type AnnouncementPlayed } from '../../firmware-bridge/kernel/events.js';
import { startApp, type RunningApp } from '../../firmware-bridge/runtime/app.js';
import { queueFeature } from '../../firmware-bridge/queue/queue-feature.js';
import { audioFeature } from '../../firmware-bridge/audio/audio-feature.js';
import { keysFeature } from '../../firmware-bridge/keys/keys-feature.js';
import { membersFeature } from '../../firmware-bridge/members/members-feature.js';
import { bookingsFeature } from '../../firmware-bridge/bookings/bookings-feature.js';
import { signaturePng } from '../fixtures/signature-png.js';
import { silentLogger } from '../../firmware-bridge/runtime/logger.js';
import { SimPlayer } from '../../devices/audio/sim-player.js';
import type { AudioService } from '../../firmware-bridge/audio/audio-service.js';
import { planDay } from '../../firmware-bridge/audio/rules/day-plan.js';
import { makeTone } from '../fixtures/audio/make-audio.js';
import { requestJson } from '../fixtures/http.js';
import { testLoadedConfig } from '../fixtures/test-config.js';
import { advanceUntil } from '../fixtures/wait.js';

const gymFile = resolve('config/examples/gym.yaml');

/** The gym example with two one-second tones as its playlists, on a fake clock before the 19:00 class. */
function gymApp(espeak?: string, inviteRating = false) {
  const dir = mkdtempSync(join(tmpdir(), 'audio-feature-'));
  makeTone(join(dir, 'light'), 'one.mp3', 1);
  makeTone(join(dir, 'lively'), 'two.mp3', 1);
  const loaded = testLoadedConfig({ audio: { playlists: { light: join(dir, 'light'), lively: join(dir, 'lively') }, speech: { inviteRating } } }, gymFile);
  const clock = new FakeClock('2026-11-24T18:40:00+08:00');
  const player = new SimPlayer(clock);
  const cleanup = () => {
    loaded.cleanup();
    rmSync(dir, { recursive: true, force: true });
  };
  return { dir, clock, player, loaded, cleanup, features: [queueFeature(), keysFeature(), membersFeature(), bookingsFeature(), audioFeature({ player, espeak })] };
}

const call = (app: RunningApp, method: string, path: string, body?: unknown, token?: string) => requestJson(app.url + path, method, body, token);
const played = (app: RunningApp, matches: (payload: AnnouncementPlayed) => boolean) => app.store.readAfter(0).filter(isEventOf('announcement.played')).find((e) => matches(e.payload));

const working = suite('audio feature with espeak-ng');
let env: ReturnType<typeof gymApp>;
let app: RunningApp;
let token = '';

working.before(async () => {
  env = gymApp(undefined, true);
  app = await startApp(env.loaded, { log: silentLogger, clock: env.clock, features: env.features, uiDir: env.dir });
  token = (await call(app, 'POST', '/api/session', { staff: '001', pin: '1234' })).body.token;
});
working.after(async () => {
  await app.close();
  env.cleanup();
});

working('the audio device is ok; music plays as the plan says', async () => {
  const health = await call(app, 'GET', '/api/health');
  assert.is(health.body.devices.audio.state, 'ok');
  assert.equal(app.context.stateTopics.read('audio'), { mode: 'music', playlist: 'lively', volume: 60 });
  const schedule = await call(app, 'GET', '/api/schedule?date=2026-11-24');
  assert.equal(schedule.body, planDay('2026-11-24', env.loaded.config));
  assert.is((await call(app, 'GET', '/api/schedule?date=2026-02-31')).status, 400);
});

working('a counter calling next: chime, the call twice in Chinese, once in English; recorded', async () => {
  const audio = app.context.services.get('audio') as AudioService;
  const handed: string[] = [];
  const off = audio.onHanded((e) => e.role === 'speech' && handed.push(e.file));
  await call(app, 'POST', '/api/tickets', { service: 'membership' });
  const next = await call(app, 'POST', '/api/counters/1/next', {}, token);
  assert.is(next.status, 200);
  // the music is ducked first (a 400 ms ramp on the fake clock), then the chime
  await advanceUntil(env.clock, 100, () => handed.length > 0, 'the chime', 10_000);
  assert.match(handed[0], /chime/);
  const total = () => env.player.records.filter((r) => r.action === 'play' && r.role === 'speech').length;
  await advanceUntil(env.clock, 1000, () => total() >= 4, 'chime and three calls played', 20_000);
  assert.is(handed.length, 4);
  assert.is(handed[1], handed[2], 'the same Chinese call, twice');
  assert.is.not(handed[3], handed[1]);
  const call1 = await advanceUntil(env.clock, 10_000, () => played(app, () => true), 'announcement.played for the call', 10_000);
  assert.equal([call1.payload.kind, call1.payload.number, call1.payload.counter, call1.payload.text], ['queue_call', 'A001', '1', '请 A 0 0 1 号到1号窗口']);
  off();
});

working('finishing a ticket invites a rating by voice when configured', async () => {
  const finish = await call(app, 'POST', '/api/counters/1/finish', {}, token);
  assert.is(finish.status, 200);
  const invited = await advanceUntil(env.clock, 1000, () => played(app, (p) => p.kind === 'rating_invitation'), 'the rating invitation', 40_000);
  assert.equal([invited.payload.counter, invited.payload.text], ['1', '请您对我的服务进行评价']);
});

working('staff music control and manual announcement; bad input refused', async () => {
  assert.is((await call(app, 'POST', '/api/audio', { action: 'volume', value: 30 })).status, 401);
  assert.is((await call(app, 'POST', '/api/audio', { action: 'louder' }, token)).status, 400);
  assert.is((await call(app, 'POST', '/api/audio', { action: 'volume', value: 130 }, token)).status, 400);
  const volume = await call(app, 'POST', '/api/audio', { action: 'volume', value: 30 }, token);
  assert.equal([volume.status, volume.body.audio.volume], [200, 30]);
  assert.is((await call(app, 'GET', '/api/audio')).body.audio.volume, 30, 'a reloaded screen reads the same state');
  assert.is((await call(app, 'POST', '/api/audio', { action: 'pause' }, token)).body.audio.paused, true);
  assert.is((await call(app, 'POST', '/api/audio', { action: 'resume' }, token)).body.audio.paused, false);
  assert.ok(app.store.readAfter(0).some((e) => e.type === 'audio.changed' && e.payload.volume === 30));
  assert.is((await call(app, 'POST', '/api/announcements', { text: '', repeat: 1 }, token)).status, 400);
  assert.is((await call(app, 'POST', '/api/announcements', { text: '请注意', repeat: 9 }, token)).status, 400);
  const ok = await call(app, 'POST', '/api/announcements', { text: '请各位会员保管好随身物品。', repeat: 2 }, token);
  assert.is(ok.status, 202);
  const manual = await advanceUntil(env.clock, 2000, () => played(app, (p) => p.kind === 'manual'), 'the manual announcement', 80_000);
  assert.equal([manual.payload.repeat, manual.payload.staff], [2, '001']);
});

working('the class announcement at 18:50 is said by the plan, naming the seats free when it is said', async () => {
  // Booked after the day was planned (and its phrases pre-rendered): the announcement still counts it.
  const booked = await call(app, 'POST', '/api/bookings', { class: 'spinning', card: 'M0001', via: 'swipe', signature: signaturePng() }, token);
  assert.is(booked.status, 201, JSON.stringify(booked.body));
  assert.is(booked.body.seats.free, 19);
  const planned = planDay('2026-11-24', env.loaded.config).find((e) => e.kind === 'announcement' && e.reason === 'class');
  assert.ok(planned && planned.kind === 'announcement' && !planned.text.includes('空位'), 'the plan itself names no seats');
  env.clock.set('2026-11-24T18:50:30+08:00');
  const cls = await advanceUntil(env.clock, 2000, () => played(app, (p) => p.reason === 'class'), 'the class announcement', 80_000);
  assert.equal([cls.payload.take, cls.payload.for], [1, '2026-11-24T19:00:00+08:00']);
  assert.match(cls.payload.text, /动感单车.*还有19个空位。$/);
});

working.run();

const degraded = suite('audio feature without espeak-ng');
let env2: ReturnType<typeof gymApp>;
let app2: RunningApp;
degraded.before(async () => {
  env2 = gymApp(join(tmpdir(), 'no-such-dir', 'espeak-ng'));
  app2 = await startApp(env2.loaded, { log: silentLogger, clock: env2.clock, features: env2.features, uiDir: env2.dir });
});
degraded.after(async () => {
  await app2.close();
  env2.cleanup();
});

degraded('speech unavailable: health says so, calls still work, music still plays', async () => {
  const health = await call(app2, 'GET', '/api/health');
  assert.is(health.body.devices.audio.state, 'degraded');
  assert.match(app2.devices.get('audio')!.status.detail, /speech unavailable/);
  const token2 = (await call(app2, 'POST', '/api/session', { staff: '001', pin: '1234' })).body.token;
  await call(app2, 'POST', '/api/tickets', { service: 'membership' });
  const next = await call(app2, 'POST', '/api/counters/1/next', {}, token2);
  assert.equal([next.status, next.body.ticket.number], [200, 'A001']);
  env2.clock.advance(5000);
  assert.is(env2.player.records.filter((r) => r.action === 'play' && r.role === 'speech').length, 0);
  assert.ok(env2.player.records.some((r) => r.action === 'play' && r.role === 'music'));
  assert.is((await call(app2, 'POST', '/api/announcements', { text: '测试', repeat: 1 }, token2)).status, 503);
});

degraded.run();

const demo = suite('audio feature with the demo config (no music)');
demo('queue calls are spoken even though no music is planned', async () => {
  const loaded = testLoadedConfig();
  const clock = new FakeClock('2026-11-24T12:00:00+08:00');
  const player = new SimPlayer(clock);
  const app = await startApp(loaded, { log: silentLogger, clock, features: [queueFeature(), audioFeature({ player })], uiDir: loaded.dataDir });
  try {
    const token = (await call(app, 'POST', '/api/session', { staff: '001', pin: '1234' })).body.token;
    await call(app, 'POST', '/api/tickets', { service: 'transaction' });
    assert.is((await call(app, 'POST', '/api/counters/1/next', {}, token)).status, 200);
    const spoken = await advanceUntil(clock, 1000, () => played(app, (p) => p.kind === 'queue_call'), 'the spoken queue call', 60_000);
    assert.is(spoken.payload.number, 'A001');
  } finally {
    await app.close();
    loaded.cleanup();
  }
});
demo.run();
