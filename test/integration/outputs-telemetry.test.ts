import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { FakeClock } from '../../firmware-bridge/kernel/clock.js';
import { isEventOf } from '../../firmware-bridge/kernel/events.js';
import { startApp, type RunningApp } from '../../firmware-bridge/runtime/app.js';
import { silentLogger } from '../../firmware-bridge/runtime/logger.js';
import { consume, type Consumer } from '../fixtures/mosquitto-consumer.js';
import { waitFor } from '../fixtures/wait.js';
import { startMosquitto, type MosquittoBroker } from '../fixtures/mosquitto.js';
import { createFeatures } from '../../firmware-bridge/desk.js';
import { testLoadedConfig } from '../fixtures/test-config.js';

/**
 * Timed outputs on telemetry and across a restart: the retained `…/output/{id}` topic follows every
 * change, each change is an `…/event/output.changed` message, and a staff override is committed
 * state — a restarted service keeps it until it would have ended anyway.
 */
const clock = new FakeClock('2026-07-15T17:00:00+08:00');
const local = (time: string) => Date.parse(`2026-07-15T${time}+08:00`);
const week = Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, { open: '09:30', close: '22:00' }]));
let broker: MosquittoBroker;
let consumer: Consumer;
let loaded: ReturnType<typeof testLoadedConfig>;
let app: RunningApp | undefined;

const start = async () => {
  app = await startApp(loaded, { clock, log: silentLogger, features: createFeatures() });
  const token = (await app.http.inject({ method: 'POST', url: '/api/session', payload: { staff: '001', pin: '1234' } })).json().token;
  return { authorization: `Bearer ${token}` };
};
const retained = () => consumer.on('t/demo-hall/output/aircon').at(-1)?.payload;

test.before(async () => {
  broker = await startMosquitto();
  loaded = testLoadedConfig({
    hours: { weekly: week, holidays: [] },
    mqtt: { url: broker.url, topicPrefix: 't' },
    outputs: {
      switches: [
        {
          id: 'aircon',
          name: { zh: '空调', en: 'Air conditioning' },
          pin: 7,
          offWhenLastMemberLeft: true,
          plan: { summer: { on: '18:00', off: 'closing' } },
        },
      ],
    },
  });
  consumer = await consume(broker.url, 't/demo-hall/#');
});

test.after(async () => {
  await app?.close();
  await consumer?.close();
  await broker?.close();
  loaded?.cleanup();
});

test('the retained output topic and the output.changed event follow a staff override', async () => {
  const auth = await start();
  await waitFor(() => retained()?.state === 'off', 'the retained state at start');
  assert.equal(retained(), { state: 'off', mode: 'auto', reason: 'plan', since: '2026-07-15T17:00:00+08:00', overrideUntil: null, board: 'ok' });
  assert.ok(consumer.on('t/demo-hall/output/aircon').every((m) => m.retain || m.qos === 1));

  clock.set(local('17:10'));
  const res = await app!.http.inject({ method: 'POST', url: '/api/outputs/aircon', headers: auth, payload: { state: 'on' } });
  assert.is(res.statusCode, 200);
  await waitFor(() => retained()?.mode === 'on', 'the override on the retained topic');
  assert.equal(retained(), { state: 'on', mode: 'on', reason: 'manual', since: '2026-07-15T17:10:00+08:00', overrideUntil: '2026-07-15T18:00:00+08:00', board: 'ok' });
  await waitFor(() => consumer.on('t/demo-hall/event/output.changed').some((m) => m.payload.staff === '001'), 'the event message');
  const event = consumer.on('t/demo-hall/event/output.changed').find((m) => m.payload.staff === '001')!;
  assert.equal([event.payload.output, event.payload.state, event.payload.mode, event.retain], ['aircon', 'on', 'on', false]);

  // A retained message is what a manager connecting later sees first.
  const late = await consume(broker.url, 't/demo-hall/output/aircon');
  await waitFor(() => late.messages.length > 0, 'the retained message for a late subscriber');
  assert.equal([late.messages[0].retain, late.messages[0].payload.state], [true, 'on']);
  await late.close();
});

test('a restart keeps the override until its planned end, then the plan takes over', async () => {
  const before = app!.store.lastSeq();
  await app!.close();
  clock.set(local('17:30'));
  const auth = await start();
  const outputs = (await app!.http.inject({ method: 'GET', url: '/api/outputs', headers: auth })).json().outputs;
  assert.equal([outputs[0].state, outputs[0].mode, outputs[0].overrideUntil], ['on', 'on', '2026-07-15T18:00:00+08:00']);
  const changes = () => app!.store.readAfter(before, 1000).filter(isEventOf('output.changed'));
  assert.is(changes().length, 0, 'nothing changed by the restart');

  clock.set(local('18:00'));
  await waitFor(() => changes().length === 1, 'the override ending');
  assert.equal(changes()[0].payload, { output: 'aircon', state: 'on', mode: 'auto', reason: 'plan', until: null });
  await waitFor(() => retained()?.mode === 'auto', 'auto on the retained topic');
});

test.run();
