import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { FakeClock } from '../../firmware-bridge/kernel/clock.js';
import { startApp, type RunningApp } from '../../firmware-bridge/runtime/app.js';
import { queueFeature } from '../../firmware-bridge/queue/queue-feature.js';
import { silentLogger } from '../../firmware-bridge/runtime/logger.js';
import { testLoadedConfig } from '../fixtures/test-config.js';

/** A counter pause names its reason from queue.pauseReasons (reports sum pause time by it). */
const it = suite('counter pause reasons over HTTP');
const loaded = testLoadedConfig({ devices: { printer: 'sim' }, queue: { pauseReasons: ['lunch', 'training'] } });
const clock = new FakeClock('2026-11-24T10:00:00+08:00');
let app: RunningApp;
let token = '';

async function pause(body: unknown) {
  const res = await app.http.inject({ method: 'POST', url: '/api/counters/1/pause', payload: body as object, headers: { authorization: `Bearer ${token}` } });
  return { status: res.statusCode, body: res.json() };
}

it.before(async () => {
  app = await startApp(loaded, { log: silentLogger, clock, features: [queueFeature()] });
  token = (await app.http.inject({ method: 'POST', url: '/api/session', payload: { staff: '001', pin: '1234' } })).json().token;
});

it.after(async () => {
  await app?.close();
  loaded.cleanup();
});

it('no reason or one not configured → 400 bilingual, nothing committed; a listed one pauses with it', async () => {
  const before = app.store.lastSeq();
  for (const [body, code] of [[{}, 'missing_field'], [{ reason: 'coffee' }, 'pause_reason_required'], [{ reason: 7 }, 'invalid_field']] as const) {
    const res = await pause(body);
    assert.is(res.status, 400, JSON.stringify(body));
    assert.is(res.body.error.code, code);
  }
  assert.match((await pause({ reason: 'coffee' })).body.error.message, /请选择暂停原因 · .*lunch, training/);
  assert.is(app.store.lastSeq(), before, 'nothing committed');
  assert.is((await pause({ reason: 'training' })).status, 200);
  const [event] = app.store.readAfter(before);
  assert.equal({ type: event.type, payload: event.payload }, { type: 'counter.paused', payload: { counter: '1', staff: '001', reason: 'training' } });
  const config = (await app.http.inject({ method: 'GET', url: '/api/config/public' })).json();
  assert.equal(config.pauseReasons, ['lunch', 'training'], 'the counter screen offers the configured reasons');
});

it.run();
