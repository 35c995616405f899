import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDesk } from '../../firmware-bridge/desk.js';
import { startApp, type RunningApp } from '../../firmware-bridge/runtime/app.js';
import { keysFeature } from '../../firmware-bridge/keys/keys-feature.js';
import { queueFeature } from '../../firmware-bridge/queue/queue-feature.js';
import { telemetryFeature } from '../../firmware-bridge/telemetry/telemetry-feature.js';
import { silentLogger } from '../../firmware-bridge/runtime/logger.js';
import type { Feature } from '../../firmware-bridge/runtime/feature.js';
import { jsonApi } from '../fixtures/http.js';
import { consume, type Consumer } from '../fixtures/mosquitto-consumer.js';
import { startMosquitto, type MosquittoBroker } from '../fixtures/mosquitto.js';
import { testLoadedConfig } from '../fixtures/test-config.js';
import { waitFor } from '../fixtures/wait.js';

/**
 * A feature whose start throws must be seen, not only logged: health says `degraded` and names
 * the feature and why, the `status` telemetry carries the same, and the rest of the desk runs on.
 * The cause here is real: the card-hash key file the key log needs is a folder, not a file.
 */
const unreadableCardHashKey = (dataDir: string) => mkdirSync(join(dataDir, 'telemetry-card-hash.key'), { recursive: true });

const health = suite('feature that fails to start: health');
let app: RunningApp | undefined;
const loaded = testLoadedConfig({ devices: { printer: 'sim' } });
const api = jsonApi(() => app!.url);

health.before(async () => {
  unreadableCardHashKey(loaded.dataDir);
  app = await startDesk(loaded, { log: silentLogger });
});

health.after(async () => {
  await app?.close();
  loaded.cleanup();
});

health('GET /api/health answers degraded, with the failed feature and its reason', async () => {
  const res = await api('GET', '/api/health');
  assert.is(res.status, 200);
  assert.is(res.body.status, 'degraded');
  assert.is(res.body.features.keys.state, 'failed');
  assert.match(res.body.features.keys.reason, /EISDIR/);
  assert.equal(res.body.features.queue, { state: 'running' });
  assert.equal(res.body.features.ratings, { state: 'running' });
  assert.equal(res.body.devices.printer.state, 'ok', 'no device is at fault: the feature alone makes it degraded');
});

health('the rest of the desk runs on: numbers are taken; the failed feature has no routes', async () => {
  assert.is((await api('POST', '/api/tickets', { service: 'transaction' })).status, 201);
  assert.is((await api('GET', '/api/keys')).status, 404);
});

health.run();

const status = suite('feature that fails to start: status telemetry');
let broker: MosquittoBroker | undefined;
let manager: Consumer | undefined;
let telemetryApp: RunningApp | undefined;
const brokenDataDir = mkdtempSync(join(tmpdir(), 'frontdesk-broken-'));
let telemetryLoaded: ReturnType<typeof testLoadedConfig> | undefined;

status.before(async () => {
  broker = await startMosquitto();
  telemetryLoaded = testLoadedConfig({ mqtt: { url: broker.url } });
  // The real keys feature, given a data dir whose key file cannot be read; telemetry keeps the good one.
  unreadableCardHashKey(brokenDataDir);
  const keys = keysFeature();
  const keysOnBrokenDisk: Feature = { ...keys, start: (ctx) => keys.start({ ...ctx, dataDir: brokenDataDir }) };
  telemetryApp = await startApp(telemetryLoaded, { log: silentLogger, features: [queueFeature(), keysOnBrokenDisk, telemetryFeature()] });
  manager = await consume(broker.url, 'frontdesk/demo-hall/status');
});

status.after(async () => {
  await telemetryApp?.close();
  await manager?.close();
  await broker?.close();
  telemetryLoaded?.cleanup();
  rmSync(brokenDataDir, { recursive: true, force: true });
});

status('the retained status names the failed feature and its reason', async () => {
  const online = await waitFor(() => manager!.messages.find((m) => m.payload.state === 'online'), 'status online');
  const failed = online.payload.failedFeatures as Record<string, { state: string; reason: string }>;
  assert.equal(Object.keys(failed), ['keys']);
  assert.is(failed.keys.state, 'failed');
  assert.match(failed.keys.reason, /EISDIR/);
});

status.run();
