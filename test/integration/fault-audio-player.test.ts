// The audio player process crashing: detected as a device fault within 2 s (health, a committed
// device.fault event), and recovered by the next clean play without restarting the service.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { chmodSync, existsSync, mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { audioFeature } from '../../firmware-bridge/audio/audio-feature.js';
import { queueFeature } from '../../firmware-bridge/queue/queue-feature.js';
import { startApp, type RunningApp } from '../../firmware-bridge/runtime/app.js';
import { silentLogger } from '../../firmware-bridge/runtime/logger.js';
import { jsonApi } from '../fixtures/http.js';
import { testLoadedConfig } from '../fixtures/test-config.js';
import { msUntil } from '../fixtures/wait.js';

const dir = mkdtempSync(join(tmpdir(), 'frontdesk-aplay-'));
const crashFlag = join(dir, 'crash');
const aplay = join(dir, 'aplay');
// A real aplay on ALSA's null device, or a crash while the flag file exists.
writeFileSync(aplay, `#!/bin/sh\n[ -e ${crashFlag} ] && exit 3\nexec aplay "$@"\n`);
chmodSync(aplay, 0o755);

const loaded = testLoadedConfig({ devices: { audio: { player: 'aplay', alsaDevice: 'null' } } });
let app: RunningApp;
let token = '';
const api = jsonApi(() => app.url);

test.before(async () => {
  app = await startApp(loaded, { log: silentLogger, features: [queueFeature(), audioFeature({ aplay })], uiDir: dir });
  token = (await api('POST', '/api/session', { staff: '001', pin: '1234' })).body.token;
});

test.after(async () => {
  await app.close();
  loaded.cleanup();
  rmSync(dir, { recursive: true, force: true });
});

async function callNext(): Promise<void> {
  assert.is((await api('POST', '/api/tickets', { service: 'transaction' })).status, 201);
  assert.is((await api('POST', '/api/counters/1/next', {}, token)).status, 200);
}

/** Milliseconds until the audio device's `type` event (after seq `after`) is committed; fails after `withinMs`. */
const msUntilAudioEvent = (type: string, after: number, withinMs: number) =>
  msUntil(() => app.store.readAfter(after, 10_000).some((e) => e.type === type && 'device' in e.payload && e.payload.device === 'audio'), `${type} for audio`, { timeoutMs: withinMs });

test('a crashing player is a fault within 2 s; the next clean play recovers it', async () => {
  const health = async () => (await api('GET', '/api/health')).body.devices.audio;
  assert.is((await health()).state, 'ok');
  writeFileSync(crashFlag, '');
  const before = app.store.lastSeq();
  await callNext();
  const detectedMs = await msUntilAudioEvent('device.fault', before, 2000);
  assert.ok(detectedMs <= 2000);
  const faulted = await health();
  assert.is(faulted.state, 'fault');
  assert.match(faulted.detail, /player exited with 3/);

  unlinkSync(crashFlag);
  assert.not.ok(existsSync(crashFlag));
  const afterFault = app.store.lastSeq();
  await callNext();
  await msUntilAudioEvent('device.recovered', afterFault, 10_000);
  assert.is((await health()).state, 'ok');
});

test.run();
