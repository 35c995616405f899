import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { startApp, type RunningApp } from '../../firmware-bridge/runtime/app.js';
import { metricsFeature } from '../../firmware-bridge/metrics/metrics-feature.js';
import { queueFeature } from '../../firmware-bridge/queue/queue-feature.js';
import { ratingsFeature } from '../../firmware-bridge/ratings/ratings-feature.js';
import { telemetryFeature } from '../../firmware-bridge/telemetry/telemetry-feature.js';
import { silentLogger } from '../../firmware-bridge/runtime/logger.js';
import { jsonApi } from '../fixtures/http.js';
import { startMosquitto, type MosquittoBroker } from '../fixtures/mosquitto.js';
import { testLoadedConfig, type Overrides } from '../fixtures/test-config.js';
import { waitFor } from '../fixtures/wait.js';

const test = suite('desk /metrics for Prometheus');
let broker: MosquittoBroker;
let app: RunningApp;
let loaded: ReturnType<typeof testLoadedConfig>;
let token = '';
const call = jsonApi(() => app.url);

/** One scrape, as `{'name{labels}': value}` (Prometheus text format, comments left out). */
async function scrape(): Promise<Record<string, number>> {
  const res = await fetch(`${app.url}/metrics`);
  assert.is(res.status, 200);
  assert.match(res.headers.get('content-type') ?? '', /^text\/plain; version=0\.0\.4/);
  const samples: Record<string, number> = {};
  for (const line of (await res.text()).split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const cut = line.lastIndexOf(' ');
    samples[line.slice(0, cut)] = Number(line.slice(cut + 1));
  }
  return samples;
}

const waiting = 'frontdesk_queue_waiting{service="transaction"}';
const waitCount = 'frontdesk_wait_seconds_count{service="transaction"}';
const satisfied = 'frontdesk_ratings_total{score="satisfied"}';
const printerOk = 'frontdesk_device_state{device="printer",kind="printer",state="ok"}';

test.before(async () => {
  broker = await startMosquitto();
  const overrides: Overrides = { mqtt: { url: broker.url, topicPrefix: 'metrics' }, devices: { printer: 'sim', panels: [{ kind: 'screen' }] }, http: { metricsAllow: ['10.0.0.0/24', '192.168.7.9'] } };
  loaded = testLoadedConfig(overrides);
  app = await startApp(loaded, { log: silentLogger, features: [queueFeature(), ratingsFeature(), metricsFeature(), telemetryFeature()] });
  token = (await call('POST', '/api/session', { staff: '001', pin: '1234' })).body.token;
});

test.after(async () => {
  await app?.close();
  loaded?.cleanup();
  await broker?.close();
});

test('a fresh desk: every series is there, at zero, and the broker is connected', async () => {
  const s = await waitFor(async () => {
    const s = await scrape();
    return s.frontdesk_mqtt_connected === 1 && s;
  }, 'mqtt_connected 1');
  assert.is(s[waiting], 0);
  assert.is(s[waitCount], 0);
  assert.equal([s[satisfied], s['frontdesk_ratings_total{score="average"}'], s['frontdesk_ratings_total{score="unsatisfied"}']], [0, 0, 0]);
  assert.is(s[printerOk], 1);
  assert.is(s['frontdesk_device_state{device="printer",kind="printer",state="fault"}'], 0);
  assert.ok('process_cpu_user_seconds_total' in s, 'the standard process metrics too');
});

test('issuing, serving and a rating move the numbers', async () => {
  assert.is((await call('POST', '/api/tickets', { service: 'transaction' })).status, 201);
  assert.is((await call('POST', '/api/tickets', { service: 'transaction' })).status, 201);
  assert.is((await scrape())[waiting], 2);

  assert.is((await call('POST', '/api/counters/1/next', {}, token)).status, 200);
  assert.is((await call('POST', '/api/counters/1/finish', {}, token)).status, 200);
  const served = await scrape();
  assert.is(served[waiting], 1);
  assert.is(served[waitCount], 1, 'the finished ticket\'s wait is in the histogram');
  assert.is(served['frontdesk_wait_seconds_bucket{le="+Inf",service="transaction"}'], 1);

  assert.is((await call('POST', '/api/ratings', { counter: '1', score: 'satisfied' })).status, 201);
  const rated = await scrape();
  assert.is(rated[satisfied], 1);
  assert.is(rated['frontdesk_ratings_total{score="unsatisfied"}'], 0);
  // Every committed event reaches the broker in the end: the backlog empties.
  await waitFor(async () => (await scrape()).frontdesk_telemetry_outbox_backlog === 0, 'outbox backlog 0');
});

test('the broker gone: connected drops to 0 and the backlog grows with each event', async () => {
  await broker.stop();
  await waitFor(async () => (await scrape()).frontdesk_mqtt_connected === 0, 'mqtt_connected 0');
  assert.is((await call('POST', '/api/tickets', { service: 'transaction' })).status, 201);
  assert.ok((await scrape()).frontdesk_telemetry_outbox_backlog >= 1, 'the ticket waits in the outbox');
  await broker.start();
  await waitFor(async () => {
    const s = await scrape();
    return s.frontdesk_mqtt_connected === 1 && s.frontdesk_telemetry_outbox_backlog === 0;
  }, 'reconnected and drained');
});

test('only loopback and http.metricsAllow may scrape; others get the contract refusal', async () => {
  for (const [remoteAddress, status] of [['10.0.0.7', 200], ['::ffff:10.0.0.200', 200], ['192.168.7.9', 200], ['192.168.7.10', 403], ['10.0.1.7', 403], ['fe80::1', 403]] as const) {
    const res = await app.http.inject({ method: 'GET', url: '/metrics', remoteAddress });
    assert.is(res.statusCode, status, remoteAddress);
    if (status === 403) {
      assert.is(res.json().error.code, 'metrics_forbidden');
      assert.match(res.json().error.message, / · /);
    }
  }
});

test.run();
