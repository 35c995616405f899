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
import { testLoadedConfig } from '../fixtures/test-config.js';

const dir = mkdtempSync(join(tmpdir(), 'frontdesk-aplay-'));
const crashFlag = join(dir, 'crash');
const aplay = join(dir, 'aplay');
// A real aplay on ALSA's null device, or a crash while the flag file exists.
writeFileSync(aplay, `#!/bin/sh\n[ -e ${crashFlag} ] && exit 3\nexec aplay "$@"\n`);
chmodSync(aplay, 0o755);

const loaded = testLoadedConfig({ devices: { audio: { player: 'aplay', alsaDevice: 'null' } } });
let app: RunningApp;
let token = '';

test.before(async () => {
  app = await startApp(loaded, { log: silentLogger, features: [queueFeature(), audioFeature({ aplay })], uiDir: dir });
  const res = await fetch(`${app.url}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"staff":"001","pin":"1234"}' });
  token = (await res.json()).token;
});

test.after(async () => {
  await app.close();
  loaded.cleanup();
  rmSync(dir, { recursive: true, force: true });
});

async function callNext(): Promise<void> {
  await fetch(`${app.url}/api/tickets`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"service":"transaction"}' });
  const res = await fetch(`${app.url}/api/counters/1/next`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
  assert.is(res.status, 200);
}

async function waitForEvent(type: string, after: number, withinMs: number): Promise<number> {
  const started = Date.now();
  for (;;) {
    const event = app.store.readAfter(after, 10_000).find((e) => e.type === type && 'device' in e.payload && e.payload.device === 'audio');
    if (event) return Date.now() - started;
    if (Date.now() - started > withinMs) assert.unreachable(`no ${type} for audio within ${withinMs} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

test('a crashing player is a fault within 2 s; the next clean play recovers it', async () => {
  const health = async () => (await (await fetch(`${app.url}/api/health`)).json()).devices.audio;
  assert.is((await health()).state, 'ok');
  writeFileSync(crashFlag, '');
  const before = app.store.lastSeq();
  await callNext();
  const detectedMs = await waitForEvent('device.fault', before, 2000);
  assert.ok(detectedMs <= 2000);
  const faulted = await health();
  assert.is(faulted.state, 'fault');
  assert.match(faulted.detail, /player exited with 3/);

  unlinkSync(crashFlag);
  assert.not.ok(existsSync(crashFlag));
  const afterFault = app.store.lastSeq();
  await callNext();
  await waitForEvent('device.recovered', afterFault, 10_000);
  assert.is((await health()).state, 'ok');
});

test.run();
