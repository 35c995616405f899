import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { databasePath, migrate, openDatabase } from '../../firmware-bridge/store/database.js';
import { EventStore, eventStoreMigrations } from '../../firmware-bridge/store/event-store.js';
import { systemClock } from '../../firmware-bridge/kernel/clock.js';
import { createSite, type SimulatedSite } from '../../scripts/site-simulator.js';
import { consume, type Consumer } from '../fixtures/mosquitto-consumer.js';
import { waitFor } from '../fixtures/wait.js';
import { freePort } from '../fixtures/http.js';
import { startMosquitto, type MosquittoBroker } from '../fixtures/mosquitto.js';

const childScript = fileURLToPath(new URL('../fixtures/mosquitto-site-process.ts', import.meta.url));
const prefix = 'outage';

let broker: MosquittoBroker | undefined;
let dir: string;
const children: ChildProcess[] = [];
const consumers: Consumer[] = [];
const sites: SimulatedSite[] = [];

test.before.each(() => {
  dir = mkdtempSync(join(tmpdir(), 'frontdesk-telemetry-outage-'));
});

test.after.each(async () => {
  for (const child of children.splice(0)) {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGKILL');
      await exited;
    }
  }
  for (const c of consumers.splice(0)) await c.close();
  for (const s of sites.splice(0)) await s.close();
  await broker?.close();
  broker = undefined;
  rmSync(dir, { recursive: true, force: true });
});

/** A desk process publishing to `url`; resolves when it runs (not necessarily connected). */
async function startDesk(url: string) {
  const child = fork(childScript, [dir, url, 'desk-1', prefix], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  children.push(child);
  const inbox: Record<string, unknown>[] = [];
  child.on('message', (m) => inbox.push(m as Record<string, unknown>));
  await waitFor(() => inbox.some((m) => m.ready), 'the desk process to start');
  return {
    child,
    connected: () => inbox.some((m) => m.connected),
    async commit(n: number): Promise<number[]> {
      const before = inbox.length;
      child.send({ commit: n });
      await waitFor(() => inbox.slice(before).some((m) => m.committed), 'the commit');
      return inbox.slice(before).find((m) => m.committed)!.committed as number[];
    },
    async kill() {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGKILL');
      await exited;
    },
  };
}

test('the Last Will (retained offline) appears when the desk process is killed', async () => {
  broker = await startMosquitto();
  const watcher = await consume(broker.url, `${prefix}/desk-1/status`);
  consumers.push(watcher);
  const desk = await startDesk(broker.url);
  await waitFor(() => watcher.messages.some((m) => m.payload.state === 'online'), 'status online');
  await desk.kill();
  await waitFor(() => watcher.messages.some((m) => m.payload.state === 'offline'), 'the Last Will');
  const late = await consume(broker.url, `${prefix}/desk-1/status`);
  consumers.push(late);
  await waitFor(() => late.messages.length > 0, 'the retained status');
  assert.is(late.messages[0].retain, true);
  assert.is(late.messages[0].payload.state, 'offline');
  assert.is(late.messages[0].payload.reason, 'connection lost');
});

test('broker down, events committed, desk restarted meanwhile: every event arrives in order once it is back', async () => {
  broker = await startMosquitto();
  // The manager's consumer keeps a persistent session, as a central dashboard would.
  const manager = await consume(broker.url, `${prefix}/desk-1/event/#`, { clientId: 'manager-1', clean: false });
  consumers.push(manager);
  const first = await startDesk(broker.url);
  await waitFor(first.connected, 'the desk to connect');
  const seqs = await first.commit(20);
  await waitFor(() => manager.events().length === 20, 'the first 20 events');

  await broker.stop();
  seqs.push(...(await first.commit(30))); // committed while the broker is down
  await first.kill(); // the desk restarts meanwhile, its outbox on disk
  const second = await startDesk(broker.url);
  seqs.push(...(await second.commit(25)));
  await broker.start();

  await waitFor(() => manager.events().length === seqs.length, `all ${seqs.length} events`, { timeoutMs: 30_000 });
  const received = manager.events();
  assert.equal(received.map((e) => e.seq), seqs, 'every event, in seq order, none lost');
  assert.equal(seqs, Array.from({ length: 75 }, (_, i) => i + 1));
  // and they are the events of the log, ids included (consumers de-duplicate on them)
  const db = openDatabase(databasePath(dir));
  try {
    migrate(db, eventStoreMigrations);
    const log = new EventStore(db, systemClock).readAfter(0, 1000);
    assert.equal(received.map((e) => e.id), log.map((e) => e.id));
  } finally {
    db.close();
  }
});

test('refused credentials: the mqtt device says so, the desk works on and the events wait', async () => {
  broker = await startMosquitto({ users: { desk: 'right-password' } });
  const wrong = createSite({ brokerUrl: broker.url, siteId: 'desk-1', dir, mqtt: { topicPrefix: prefix, username: 'desk', password: 'wrong' } });
  await wrong.start();
  await waitFor(() => /credentials/.test(wrong.telemetry.device.status.detail), 'the refusal to show');
  assert.is(wrong.telemetry.device.status.state, 'offline');
  assert.is(wrong.devices.snapshot().mqtt.state, 'offline');
  const committed = wrong.commit([wrong.traffic(0), wrong.traffic(1), wrong.traffic(2)]);
  assert.is(committed.length, 3, 'the desk commits as usual');
  assert.is(wrong.telemetry.ackedSeq, 0);
  await wrong.close();

  const manager = await consume(broker.url, `${prefix}/desk-1/event/#`, { username: 'desk', password: 'right-password' });
  consumers.push(manager);
  const right = createSite({ brokerUrl: broker.url, siteId: 'desk-1', dir, mqtt: { topicPrefix: prefix, username: 'desk', password: 'right-password' } });
  sites.push(right);
  await right.start();
  await waitFor(() => manager.events().length === 3, 'the kept events');
  assert.equal(manager.events().map((e) => e.id), committed.map((e) => e.id));
  assert.is(right.telemetry.device.status.state, 'ok');
});

test('mqtt: auto uses a broker answering at the probe address', async () => {
  broker = await startMosquitto();
  const site = createSite({ brokerUrl: 'auto', siteId: 'desk-1', dir, telemetry: { autoProbe: { host: '127.0.0.1', port: broker.port } } });
  sites.push(site);
  await site.start();
  assert.is(site.telemetry.brokerUrl, broker.url);
  await waitFor(() => site.telemetry.connected, 'the connection');
});

test('mqtt: auto starts the embedded broker when nothing answers, and it carries the events', async () => {
  const site = createSite({ brokerUrl: 'auto', siteId: 'desk-1', dir, mqtt: { topicPrefix: prefix, embeddedPort: 0 }, telemetry: { autoProbe: { host: '127.0.0.1', port: await freePort() } } });
  sites.push(site);
  await site.start();
  const url = site.telemetry.brokerUrl!;
  assert.match(url, /^mqtt:\/\/127\.0\.0\.1:\d+$/);
  const manager = await consume(url, `${prefix}/desk-1/event/#`);
  consumers.push(manager);
  await waitFor(() => site.telemetry.connected, 'the connection to the embedded broker');
  const [event] = site.commit([site.traffic(0)]);
  await waitFor(() => manager.events().length === 1, 'the event');
  assert.is(manager.events()[0].id, event.id);
});

test('mqtt: off publishes nothing and says so in health', async () => {
  const site = createSite({ brokerUrl: 'off', siteId: 'desk-1', dir });
  sites.push(site);
  await site.start();
  assert.is(site.telemetry.brokerUrl, undefined);
  assert.equal({ state: site.devices.snapshot().mqtt.state, off: /telemetry off/.test(site.devices.snapshot().mqtt.detail) }, { state: 'offline', off: true });
  assert.is(site.commit([site.traffic(0)]).length, 1);
});

test.run();
