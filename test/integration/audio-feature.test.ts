import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseYaml, validateConfig } from '../../config/load-config.js';
import { FakeClock } from '../../firmware-bridge/kernel/clock.js';
import { startApp, type RunningApp } from '../../firmware-bridge/runtime/app.js';
import { queueFeature } from '../../firmware-bridge/queue/queue-feature.js';
import { audioFeature } from '../../firmware-bridge/audio/audio-feature.js';
import { silentLogger } from '../../firmware-bridge/runtime/logger.js';
import { SimPlayer } from '../../devices/audio/sim-player.js';
import type { AudioService } from '../../firmware-bridge/audio/audio-service.js';
import { planDay } from '../../firmware-bridge/audio/rules/day-plan.js';
import { makeTone } from '../fixtures/audio/make-audio.js';
import { testLoadedConfig } from '../fixtures/test-config.js';

const gymFile = resolve('config/examples/gym.yaml');

function gymApp(espeak?: string, inviteRating = false) {
  const dir = mkdtempSync(join(tmpdir(), 'audio-feature-'));
  makeTone(join(dir, 'light'), 'one.mp3', 1);
  makeTone(join(dir, 'lively'), 'two.mp3', 1);
  const raw = parseYaml(gymFile, readFileSync(gymFile, 'utf8'));
  Object.assign(raw.http as object, { port: 0 });
  Object.assign(raw.audio as object, { playlists: { light: join(dir, 'light'), lively: join(dir, 'lively') } });
  raw.mqtt = 'off';
  const audio = raw.audio as { speech?: Record<string, unknown> };
  audio.speech = { ...audio.speech, inviteRating };
  const config = validateConfig(gymFile, raw);
  const clock = new FakeClock('2026-11-24T18:40:00+08:00');
  const player = new SimPlayer(clock);
  return { dir, clock, player, loaded: { file: gymFile, config, dataDir: join(dir, 'data') }, features: [queueFeature(), audioFeature({ player, espeak })] };
}

async function call(app: RunningApp, method: string, path: string, body?: unknown, token?: string) {
  const res = await fetch(app.url + path, {
    method,
    headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

const until = async (check: () => boolean) => {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
  assert.ok(check(), 'condition reached');
};

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
  rmSync(env.dir, { recursive: true, force: true });
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
  for (let i = 0; i < 100 && handed.length === 0; i++) {
    env.clock.advance(100);
    await new Promise((r) => setTimeout(r, 5));
  }
  assert.match(handed[0], /chime/);
  const total = () => env.player.records.filter((r) => r.action === 'play' && r.role === 'speech').length;
  for (let i = 0; i < 20 && total() < 4; i++) {
    env.clock.advance(1000);
    await new Promise((r) => setTimeout(r, 5));
  }
  assert.is(handed.length, 4);
  assert.is(handed[1], handed[2], 'the same Chinese call, twice');
  assert.is.not(handed[3], handed[1]);
  env.clock.advance(10_000);
  await until(() => app.store.readAfter(0).some((e) => e.type === 'announcement.played'));
  const played = app.store.readAfter(0).find((e) => e.type === 'announcement.played')!;
  assert.equal([played.payload.kind, played.payload.number, played.payload.counter, played.payload.text], ['queue_call', 'A001', '1', '请 A 0 0 1 号到1号窗口']);
  off();
});

working('finishing a ticket invites a rating by voice when configured', async () => {
  const finish = await call(app, 'POST', '/api/counters/1/finish', {}, token);
  assert.is(finish.status, 200);
  const invited = () => app.store.readAfter(0).filter((e) => e.type === 'announcement.played').find((e) => e.payload.kind === 'rating_invitation');
  for (let i = 0; i < 40 && !invited(); i++) {
    env.clock.advance(1000);
    await new Promise((r) => setTimeout(r, 5));
  }
  assert.equal([invited()?.payload.counter, invited()?.payload.text], ['1', '请您对我的服务进行评价']);
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
  for (let i = 0; i < 40 && !app.store.readAfter(0).some((e) => e.type === 'announcement.played' && e.payload.kind === 'manual'); i++) {
    env.clock.advance(2000);
    await new Promise((r) => setTimeout(r, 5));
  }
  const manual = app.store.readAfter(0).filter((e) => e.type === 'announcement.played').find((e) => e.payload.kind === 'manual');
  assert.equal([manual?.payload.repeat, manual?.payload.staff], [2, '001']);
});

working('the class announcement at 18:50 is said by the plan', async () => {
  env.clock.set('2026-11-24T18:50:30+08:00');
  for (let i = 0; i < 40 && !app.store.readAfter(0).some((e) => e.type === 'announcement.played' && e.payload.reason === 'class'); i++) {
    env.clock.advance(2000);
    await new Promise((r) => setTimeout(r, 5));
  }
  const cls = app.store.readAfter(0).filter((e) => e.type === 'announcement.played').find((e) => e.payload.reason === 'class');
  assert.equal([cls?.payload.take, cls?.payload.for], [1, '2026-11-24T19:00:00+08:00']);
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
  rmSync(env2.dir, { recursive: true, force: true });
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
    const spoken = () => app.store.readAfter(0).filter((e) => e.type === 'announcement.played').find((e) => e.payload.kind === 'queue_call');
    for (let i = 0; i < 60 && !spoken(); i++) {
      clock.advance(1000);
      await new Promise((r) => setTimeout(r, 5));
    }
    assert.is(spoken()?.payload.number, 'A001');
  } finally {
    await app.close();
    loaded.cleanup();
  }
});
demo.run();
