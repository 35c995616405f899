import { test } from 'uvu';
import * as assert from 'uvu/assert';
import net from 'node:net';
import { startDesk } from '../../firmware-bridge/desk.js';
import type { RunningApp } from '../../firmware-bridge/runtime/app.js';
import { silentLogger } from '../../firmware-bridge/runtime/logger.js';
import { consume, type Consumer } from '../fixtures/mosquitto-consumer.js';
import { startMosquitto, type MosquittoBroker } from '../fixtures/mosquitto.js';
import { testLoadedConfig } from '../fixtures/test-config.js';
import { msUntil, waitFor } from '../fixtures/wait.js';

/**
 * The broker as a bad network makes it (down and refusing credentials are covered by
 * telemetry-outage.test.ts): a broker that accepts TCP and never answers, then one that answers
 * slowly. The desk keeps taking numbers throughout; telemetry catches up, in order, once the
 * broker answers at all.
 */
type Mode = 'blackhole' | 'slow' | 'pass';

/** A TCP proxy in front of the broker whose behaviour can be switched. */
async function brokerProxy(upstreamPort: number) {
  let mode: Mode = 'pass';
  const sockets = new Set<net.Socket>();
  const delay = (ms: number) => new Promise((r) => setTimeout(r, ms));
  const server = net.createServer((client) => {
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    client.on('error', () => {});
    if (mode === 'blackhole') return void client.resume(); // swallow everything, answer nothing
    const upstream = net.connect(upstreamPort, '127.0.0.1');
    sockets.add(upstream);
    upstream.on('error', () => client.destroy());
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
    const relay = (from: net.Socket, to: net.Socket) => {
      let chain = Promise.resolve();
      from.on('data', (chunk) => {
        chain = chain.then(async () => {
          if (mode === 'slow') await delay(300);
          if (!to.destroyed) to.write(chunk);
        });
      });
    };
    relay(client, upstream);
    relay(upstream, client);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return {
    url: `mqtt://127.0.0.1:${(server.address() as net.AddressInfo).port}`,
    set(next: Mode) {
      mode = next;
      for (const s of sockets) s.destroy(); // new behaviour from the next connection on
    },
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise((r) => server.close(r));
    },
  };
}

let broker: MosquittoBroker;
let proxy: Awaited<ReturnType<typeof brokerProxy>>;
let consumer: Consumer;
let app: RunningApp;
let cleanup: () => void;
const timings: string[] = [];

test.before(async () => {
  broker = await startMosquitto();
  proxy = await brokerProxy(broker.port);
  consumer = await consume(broker.url, 'frontdesk/demo-hall/event/#');
  proxy.set('blackhole');
  const loaded = testLoadedConfig({ devices: { printer: 'sim' }, mqtt: { url: proxy.url } });
  cleanup = loaded.cleanup;
  app = await startDesk(loaded, { log: silentLogger });
});

test.after(async () => {
  await app?.close();
  await consumer?.close();
  await proxy?.close();
  await broker?.close();
  cleanup?.();
  console.log(`broker faults:\n  ${timings.join('\n  ')}`);
});

async function issueTickets(n: number): Promise<void> {
  for (let i = 0; i < n; i++) {
    const res = await app.http.inject({ method: 'POST', url: '/api/tickets', payload: { service: 'consultation' } });
    assert.is(res.statusCode, 201, 'the desk takes numbers whatever the broker does');
  }
}

/** Through a broker answering 300 ms late, catching up takes a while: a hang guard, not a speed test. */
const slowBroker = { timeoutMs: 60_000, everyMs: 50 };
const deliveredSeqs = () => consumer.events().map((e) => e.seq as number);
const mqttState = async () => (await app.http.inject({ method: 'GET', url: '/api/health' })).json().devices.mqtt.state as string;

test('a broker that accepts TCP and never answers: desk works, health says so; then a slow broker: every event arrives, in order', async () => {
  await issueTickets(10);
  assert.is.not(await mqttState(), 'ok', 'health does not claim telemetry is fine');
  assert.equal(deliveredSeqs(), [], 'nothing got through the black hole');
  const blackholeSeq = app.store.lastSeq();

  proxy.set('slow');
  const caughtUp = await msUntil(() => deliveredSeqs().includes(blackholeSeq), 'catching up through the slow broker', slowBroker);
  timings.push(`black hole → slow broker: ${blackholeSeq} events caught up in ${caughtUp} ms`);
  await issueTickets(10);
  const lastSeq = app.store.lastSeq();
  const slowLag = await msUntil(() => deliveredSeqs().includes(lastSeq), 'new events through the slow broker', slowBroker);
  timings.push(`10 tickets issued while slow: all delivered ${slowLag} ms after the last`);

  proxy.set('pass');
  await issueTickets(5);
  const finalSeq = app.store.lastSeq();
  await waitFor(() => deliveredSeqs().includes(finalSeq), 'events after the broker is healthy again', slowBroker);
  assert.is(await mqttState(), 'ok');
  // The mqtt device's own device.fault / device.recovered are events too: wait for the very last.
  const endSeq = app.store.lastSeq();
  await waitFor(() => deliveredSeqs().includes(endSeq), 'the last event', slowBroker);
  const types = app.db.prepare("SELECT type FROM events WHERE type LIKE 'device.%' AND json_extract(payload, '$.device') = 'mqtt' ORDER BY seq").pluck().all();
  assert.equal(types.slice(0, 2), ['device.fault', 'device.recovered'], 'the outage is on record');

  const seqs = deliveredSeqs();
  const expected = Array.from({ length: endSeq }, (_, i) => i + 1);
  assert.equal(seqs, expected, 'every event once (after de-duplication by id), in seq order');
});

test.run();
