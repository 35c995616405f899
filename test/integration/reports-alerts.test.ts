import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { FakeClock } from '../../firmware-bridge/kernel/clock.js';
import { startApp, type RunningApp } from '../../firmware-bridge/runtime/app.js';
import { queueFeature } from '../../firmware-bridge/queue/queue-feature.js';
import { ratingsFeature } from '../../firmware-bridge/ratings/ratings-feature.js';
import { complaintsFeature } from '../../firmware-bridge/complaints/complaints-feature.js';
import type { AlertsService } from '../../firmware-bridge/reports/alerts-service.js';
import { reportsFeature } from '../../firmware-bridge/reports/reports-feature.js';
import { telemetryFeature } from '../../firmware-bridge/telemetry/telemetry-feature.js';
import { silentLogger } from '../../firmware-bridge/runtime/logger.js';
import { consume, type Consumer } from '../fixtures/mosquitto-consumer.js';
import { waitFor } from '../fixtures/wait.js';
import { startMosquitto, type MosquittoBroker } from '../fixtures/mosquitto.js';
import { testLoadedConfig } from '../fixtures/test-config.js';

/**
 * Alerts to the duty manager through the real service and a real Mosquitto: unsatisfied ratings
 * and a streak of them, a wait above target for 10 minutes, a printer fault lasting 5 minutes and a
 * follow-up about to be overdue — each once, on GET /api/alerts and on …/alert (QoS 1, not retained).
 */
const it = suite('alerts to the duty manager');
const clock = new FakeClock('2026-11-24T10:00:00+08:00');
let loaded: ReturnType<typeof testLoadedConfig>;
let app: RunningApp;
let broker: MosquittoBroker;
let live: Consumer;
let token = '';
const PHONE = '13812345678';
const features = () => [queueFeature(), ratingsFeature(), complaintsFeature(), reportsFeature(), telemetryFeature()];

async function call(method: 'GET' | 'POST', url: string, body?: unknown) {
  const res = await app.http.inject({ method, url, ...(body !== undefined ? { payload: body as object } : {}), headers: { authorization: `Bearer ${token}` } });
  return { status: res.statusCode, body: res.json() };
}
const alerts = async () => (await call('GET', '/api/alerts')).body.alerts as { kind: string; counter?: string; service?: string; device?: string; message: string }[];
const kinds = async () => (await alerts()).map((a) => a.kind).reverse();
const ratingKinds = async () => (await kinds()).filter((k) => k.startsWith('unsatisfied'));

it.before(async () => {
  broker = await startMosquitto();
  loaded = testLoadedConfig({
    devices: { printer: 'sim', panels: [{ kind: 'screen' }] },
    mqtt: { url: broker.url, topicPrefix: 'alrt' },
    services: [
      { id: 'transaction', letter: 'A', name: { zh: '办理业务', en: 'Transactions' }, counters: ['1', '2'], targetWaitSec: 120 },
      { id: 'consultation', letter: 'B', name: { zh: '业务咨询', en: 'Enquiries' }, counters: ['3'] },
    ],
    // A follow-up is due three days on: "due soon" here means within 80 hours, so it fires on the next check.
    alerts: { unsatisfiedInARow: 3, waitAboveTargetMin: 10, deviceFaultMin: 5, followUpDueSoonMin: 80 * 60, checkEverySec: 30 },
  });
  live = await consume(broker.url, `alrt/${loaded.config.site.id}/alert`);
  app = await startApp(loaded, { log: silentLogger, clock, features: features() });
  token = (await app.http.inject({ method: 'POST', url: '/api/session', payload: { staff: '900', pin: '9000' } })).json().token;
  await waitFor(() => (app.context.services.get('telemetry') as { connected: boolean }).connected, 'telemetry to connect');
});

it.after(async () => {
  await live?.close();
  await app?.close();
  await broker?.close();
  loaded?.cleanup();
});

async function serveAndRate(score: string, phone?: string) {
  assert.is((await call('POST', '/api/tickets', { service: 'transaction', ...(phone ? { phone } : {}) })).status, 201);
  assert.is((await call('POST', '/api/counters/1/next', {})).status, 200);
  assert.is((await call('POST', '/api/counters/1/finish', {})).status, 200);
  assert.is((await call('POST', '/api/ratings', { counter: '1', score })).status, 201);
  clock.advance(15_000); // past the repeat-press window
}

it('every unsatisfied rating, and three in a row at one counter', async () => {
  await serveAndRate('unsatisfied', PHONE);
  await serveAndRate('unsatisfied');
  await serveAndRate('satisfied'); // breaks the run
  await serveAndRate('unsatisfied');
  await serveAndRate('unsatisfied');
  assert.equal(await ratingKinds(), ['unsatisfied_rating', 'unsatisfied_rating', 'unsatisfied_rating', 'unsatisfied_rating']);
  await serveAndRate('unsatisfied');
  assert.equal((await ratingKinds()).slice(-2), ['unsatisfied_rating', 'unsatisfied_streak']);
  const streak = (await alerts()).find((a) => a.kind === 'unsatisfied_streak')!;
  assert.equal({ counter: streak.counter, kind: streak.kind }, { counter: '1', kind: 'unsatisfied_streak' });
  assert.match(streak.message, /连续 3 个不满意 · 3 unsatisfied ratings in a row/);
  await waitFor(() => live.messages.length >= 6, 'the alerts on MQTT');
  for (const m of live.messages) assert.equal({ qos: m.qos, retain: m.retain }, { qos: 1, retain: false });
  assert.not.ok(live.messages.some((m) => JSON.stringify(m.payload).includes(PHONE)), 'no phone number on MQTT');
});

it('a follow-up about to be overdue is raised once, at a check', async () => {
  clock.advance(30_000);
  const due = (await alerts()).filter((a) => a.kind === 'followup_due_soon');
  assert.is(due.length, 1, 'the one unsatisfied rating with a phone number opened a follow-up');
  clock.advance(120_000);
  assert.is((await alerts()).filter((a) => a.kind === 'followup_due_soon').length, 1, 'once');
});

it('waits above target for 10 minutes, not before', async () => {
  assert.is((await call('POST', '/api/tickets', { service: 'transaction' })).status, 201);
  clock.advance(120_000 + 9 * 60_000); // target 2 min + 9 min above it
  assert.not.ok((await kinds()).includes('wait_above_target'));
  clock.advance(90_000);
  const wait = (await alerts()).find((a) => a.kind === 'wait_above_target');
  assert.ok(wait, 'raised after 10 minutes above target');
  assert.is(wait.service, 'transaction');
  clock.advance(5 * 60_000);
  assert.is((await alerts()).filter((a) => a.kind === 'wait_above_target').length, 1, 'once per episode');
});

it('a printer fault lasting 5 minutes', async () => {
  assert.is((await call('POST', '/api/printer/simulate', { condition: 'paper_out' })).status, 200);
  clock.advance(4 * 60_000);
  assert.not.ok((await kinds()).includes('device_fault'));
  clock.advance(90_000);
  const fault = (await alerts()).find((a) => a.kind === 'device_fault');
  assert.ok(fault, 'raised after 5 minutes');
  assert.is(fault.device, 'printer');
  await waitFor(() => live.messages.some((m) => m.payload.kind === 'device_fault'), 'on MQTT');
});

it('a complaint opened alerts the duty manager, with its id and nothing it says', async () => {
  const opened = await call('POST', '/api/complaints', { what: `王小明说等太久 ${PHONE}`, contact: PHONE });
  assert.is(opened.status, 201);
  const alert = (await alerts()).find((a) => a.kind === 'complaint_opened') as { complaintId?: string; message: string } | undefined;
  assert.ok(alert, 'raised');
  assert.is(alert.complaintId, opened.body.complaint.id);
  assert.not.ok(JSON.stringify(alert).includes(PHONE) || alert.message.includes('王小明'));
  await waitFor(() => live.messages.some((m) => m.payload.kind === 'complaint_opened'), 'on …/alert');
});

it('every alert is a committed alert.raised event, and other features can raise one through ctx.services', async () => {
  const raised = () => app.store.readAfter(0, 100_000).filter((e) => e.type === 'alert.raised');
  assert.is(raised().length, (await alerts()).length);
  (app.context.services.get('alerts') as AlertsService).raise([{ kind: 'device_fault', device: 'board', message: '设备 board 故障 · Device board is faulty' }]);
  assert.is((await alerts())[0].device, 'board');
  assert.is(raised().at(-1)!.payload.kind, 'device_fault');
});

it('alerts survive a restart: /desk lists them again, and a follow-up already announced is not announced twice', async () => {
  const before = await alerts();
  await app.close();
  app = await startApp(loaded, { log: silentLogger, clock, features: features() });
  token = (await app.http.inject({ method: 'POST', url: '/api/session', payload: { staff: '900', pin: '9000' } })).json().token;
  assert.equal(await alerts(), before);
  clock.advance(60_000); // a check: the open follow-ups are still due soon
  const due = (await alerts()).filter((a) => a.kind === 'followup_due_soon').map((a) => (a as { followUpId?: string }).followUpId);
  assert.is(due.length, 2, "the rating's follow-up and the complaint's callback");
  assert.is(new Set(due).size, 2, 'each once');
});

it('a follow-up rescheduled after an unreachable call is announced once more, for its next attempt, not for its old due time', async () => {
  const announced = async () => (await alerts()).filter((a) => a.kind === 'followup_due_soon') as { followUpId?: string; message: string }[];
  const [first] = (await announced()).filter((a) => a.message.includes('is due in'));
  const id = first.followUpId!;
  const before = (await announced()).length;
  const called = await call('POST', `/api/followups/${id}/close`, { outcome: 'unreachable' });
  assert.is(called.status, 200);
  const next = called.body.followUp as { attempts: number; nextAttemptAt: string; dueAt: string };
  assert.is(next.attempts, 1);
  clock.advance(30_000); // a check
  const after = await announced();
  assert.is(after.length, before + 1, 'announced again');
  assert.is(after[0].followUpId, id);
  // Minutes to the next attempt (about retryAfterMin = 240), not to the old due time three days on.
  const minutes = Math.round((Date.parse(next.nextAttemptAt) - clock.now()) / 60_000);
  assert.ok(Math.abs(minutes - Number(/due in (\d+) min/.exec(after[0].message)![1])) <= 1, after[0].message);
  assert.ok(after[0].message.includes('Call 2'), after[0].message);
  assert.ok(Date.parse(next.dueAt) - clock.now() > 24 * 3_600_000, 'the old due time is days away');
  clock.advance(120_000);
  assert.is((await announced()).length, before + 1, 'once per call time');
  // A restart remembers that this attempt was announced.
  await app.close();
  app = await startApp(loaded, { log: silentLogger, clock, features: features() });
  token = (await app.http.inject({ method: 'POST', url: '/api/session', payload: { staff: '900', pin: '9000' } })).json().token;
  clock.advance(60_000);
  assert.is((await announced()).length, before + 1, 'not again after a restart');
});

it('without a login, 401', async () => {
  const res = await app.http.inject({ method: 'GET', url: '/api/alerts' });
  assert.is(res.statusCode, 401);
});

it.run();
