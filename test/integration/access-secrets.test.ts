import { test } from 'uvu';
import * as assert from 'uvu/assert';
import pino from 'pino';
import { Writable } from 'node:stream';
import { hashPin } from '../../firmware-bridge/staff/pin-hash.js';
import { startDesk } from '../../firmware-bridge/desk.js';
import type { RunningApp } from '../../firmware-bridge/runtime/app.js';
import { consume, type Consumer } from '../fixtures/mosquitto-consumer.js';
import { startMosquitto, type MosquittoBroker } from '../fixtures/mosquitto.js';
import { jsonApi } from '../fixtures/http.js';
import { testConfig, testLoadedConfig } from '../fixtures/test-config.js';
import { waitFor } from '../fixtures/wait.js';

/**
 * A full desk scenario with every log line captured (debug level) and every MQTT message a
 * manager's client receives: none of them may carry a PIN, a PIN hash, the MQTT password, a
 * member's name or card number, a phone number or a key borrower's name and contact.
 */
const pin = '739182';
const pinHash = hashPin(pin);
const mqttPassword = 'Mqtt-S3cret-Pa55';
const phone = '13800138000';
const borrower = { name: '访客王五', contact: '13900001111' };

let broker: MosquittoBroker | null = null;
let consumer: Consumer | null = null;
let app: RunningApp | null = null;
let cleanup: (() => void) | null = null;
const logLines: string[] = [];

test.after(async () => {
  await app?.close();
  await consumer?.close();
  await broker?.close();
  cleanup?.();
});

test('a full scenario leaves no secret or personal data in the logs or in telemetry', async () => {
  broker = await startMosquitto({ users: { desk: mqttPassword, manager: 'manager-pw' } });
  consumer = await consume(broker.url, 'frontdesk/#', { username: 'manager', password: 'manager-pw' });
  const staff = [...testConfig().staff, { number: '777', name: '测试员', pinHash, roles: ['front_desk', 'manager', 'engineering_manager'] }];
  const loaded = testLoadedConfig({ staff, devices: { printer: 'sim' }, mqtt: { url: broker.url, username: 'desk', password: mqttPassword } });
  cleanup = loaded.cleanup;
  const sink = new Writable({
    write(chunk, _enc, done) {
      logLines.push(String(chunk));
      done();
    },
  });
  const log = pino({ level: 'debug' }, sink);
  app = await startDesk(loaded, { log });
  const json = jsonApi(app.url);

  assert.is((await json('POST', '/api/session', { staff: '777', pin: '000000' })).status, 401, 'a wrong PIN is tried');
  const session = await json('POST', '/api/session', { staff: '777', pin });
  assert.is(session.status, 200);
  const token = session.body.token as string;
  const card = loaded.config.members.cards[0];
  const ticket = await json('POST', '/api/tickets', { service: 'transaction', member: card.card, phone });
  assert.is(ticket.status, 201);
  assert.is((await json('POST', '/api/counters/1/next', {}, token)).status, 200);
  assert.is((await json('POST', '/api/counters/1/finish', {}, token)).status, 200);
  assert.is((await json('POST', '/api/ratings', { counter: '1', score: 'unsatisfied' })).status, 201);
  assert.is((await json('POST', '/api/keys/L001/handout', { card: card.card }, token)).status, 201);
  const suspended = loaded.config.members.cards.find((c) => c.status === 'suspended')!;
  assert.is((await json('POST', '/api/keys/L002/handout', { card: suspended.card }, token)).status, 409, 'a suspended card is refused (and that refusal logged, if at all, without the card)');
  const holder = await json('POST', '/api/keys/PA-F1/handout', { holder: borrower, reason: '维修' }, token);
  assert.ok(holder.status < 300, `a visitor borrows a key: ${JSON.stringify(holder.body)}`);
  assert.is((await json('POST', '/api/keys/L001/return', {}, token)).status, 200);
  const lastSeq = app.store.lastSeq();
  await waitFor(() => consumer!.events().some((e) => e.seq === lastSeq), 'the last event reaching the manager');

  const logs = logLines.join('');
  const telemetry = consumer.messages.map((m) => `${m.topic} ${JSON.stringify(m.payload)}`).join('\n');
  assert.ok(logs.includes('front desk ready'), 'the logs were captured');
  for (const type of ['ticket.issued', 'rating.recorded', 'key.handed_out', 'key.returned']) assert.ok(telemetry.includes(type), `telemetry carried ${type}`);
  const secrets: Record<string, string> = {
    'the PIN': `"${pin}"`,
    'the PIN hash': pinHash.split('$')[3],
    'a configured PIN hash': loaded.config.staff[0].pinHash!.split('$')[3],
    'the MQTT password': mqttPassword,
    'the member card': card.card,
    'the suspended card': suspended.card,
    "the member's name": card.name,
    'the phone number': phone,
    "the borrower's name": borrower.name,
    "the borrower's contact": borrower.contact,
    'a staff token': token,
  };
  for (const [what, secret] of Object.entries(secrets)) {
    assert.not.ok(logs.includes(secret), `${what} is in the logs`);
    assert.not.ok(telemetry.includes(secret), `${what} is in telemetry`);
  }
});

test.run();
