import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mqtt, { type MqttClient } from 'mqtt';
import pg from 'pg';
import { hashPin } from '../../firmware-bridge/staff/pin-hash.js';
import { startMosquitto } from '../fixtures/mosquitto.js';
import { createTestDatabase } from '../fixtures/postgres.js';
import { startServiceProcess, type ServiceProcess } from '../fixtures/service-process.js';
import { waitFor } from '../fixtures/wait.js';
import { percentiles, round } from './stats.js';

export interface FleetResult {
  sites: number;
  workers: number;
  seconds: number;
  published: number;
  eventsPerSec: number;
  p50Ms: number | null;
  p99Ms: number | null;
  lost: number;
  duplicated: number;
  redelivered: number;
  /** One worker alone draining a backlog as fast as it can: its events/s = sites it can carry at 1 ev/s. */
  ceiling: { backlog: number; eventsPerSecPerWorker: number } | null;
}

/**
 * `sites` simulated desks (one MQTT connection each, publishing sanitized QoS 1 events as the desk
 * does) at one event per second into `workers` central worker processes and PostgreSQL, through our
 * own Mosquitto. Latency is the event's `at` (set at publish) → its row's commit time (`received_at`).
 */
export async function benchFleet(options: { sites: number; seconds: number; workers: number; backlog: number; log: (line: string) => void }): Promise<FleetResult> {
  const dir = mkdtempSync(join(tmpdir(), 'frontdesk-bench-fleet-'));
  // A lagging worker must not make Mosquitto drop its queued QoS 1 messages (default 1000).
  const broker = await startMosquitto({ extraConfig: ['max_queued_messages 0', 'max_inflight_messages 100'] });
  const database = await createTestDatabase();
  const db = new pg.Pool({ connectionString: database.url });
  db.on('error', () => {}); // dropped with the database at the end
  const workers: ServiceProcess[] = [];
  const clients: MqttClient[] = [];
  const configFile = join(dir, 'central.yaml');
  writeFileSync(configFile, `central:\n  mqtt: { topicPrefix: bench, clientIdPrefix: bench-central }\n  uiDir: ./none\n  managers:\n    - { user: admin, passwordHash: "${hashPin('x', 1024)}", sites: ["*"] }\n`);
  const startWorker = async (n: number) => {
    const w = await startServiceProcess({
      dataDir: dir,
      args: ['central', '--config', configFile, '--worker', String(n), '--port', '0'],
      env: { FRONTDESK_CENTRAL_MQTT_URL: broker.url, FRONTDESK_CENTRAL_DATABASE_URL: database.url, FRONTDESK_LOG_LEVEL: 'error' },
    });
    workers.push(w);
    return w;
  };
  const count = async () => Number((await db.query<{ n: string }>('SELECT count(*) AS n FROM events')).rows[0].n);
  const redeliveries = async () => {
    let sum = 0;
    for (const w of workers) {
      const text = await (await fetch(`${w.url}/metrics`)).text().catch(() => '');
      sum += Number(/^frontdesk_central_events_duplicate_total (\S+)$/m.exec(text)?.[1] ?? 0);
    }
    return sum;
  };
  try {
    for (let i = 1; i <= options.workers; i++) await startWorker(i);
    options.log(`fleet: ${options.workers} workers up; connecting ${options.sites} sites`);
    for (let i = 0; i < options.sites; i++) clients.push(await mqtt.connectAsync(broker.url, { clientId: `bench-site-${i}`, protocolVersion: 5, reconnectPeriod: 500 }));
    const seqs = new Array<number>(options.sites).fill(0);
    /** Site i's next event, sanitized as the desk publishes it (no personal data), QoS 1. */
    const publishOne = (i: number) => {
      const seq = ++seqs[i];
      const site = `site-${String(i + 1).padStart(4, '0')}`;
      const event = { id: `${site}-${seq}`, seq, type: 'ticket.issued', at: new Date().toISOString(), ticketId: `t${seq}`, number: `A${seq % 1000}`, service: 'consult', day: '2026-12-01', priority: false, arrival: seq, hasContact: false };
      return clients[i].publishAsync(`bench/${site}/event/ticket.issued`, JSON.stringify(event), { qos: 1 });
    };
    const publishRound = () => Promise.all(clients.map((_, i) => publishOne(i)));
    // One event per site per second, spread over the second in 20 slices as independent desks would be.
    const t0 = performance.now();
    const slices = 20;
    for (let s = 0; s < options.seconds; s++) {
      const roundStart = performance.now();
      for (let k = 0; k < slices; k++) {
        for (let i = Math.floor((k * clients.length) / slices); i < Math.floor(((k + 1) * clients.length) / slices); i++) void publishOne(i);
        await new Promise((r) => setTimeout(r, Math.max(0, roundStart + ((k + 1) * 1000) / slices - performance.now())));
      }
    }
    const published = seqs.reduce((a, b) => a + b, 0);
    await waitFor(async () => (await count()) >= published, 'every event stored', { timeoutMs: 120_000, everyMs: 500 }).catch(() => null);
    const seconds = (performance.now() - t0) / 1000;
    const stored = await count();
    const { rows } = await db.query<{ ms: number }>('SELECT extract(epoch FROM (received_at - at)) * 1000 AS ms FROM events ');
    const lag = percentiles(rows.map((r) => Number(r.ms)));
    const distinct = Number((await db.query<{ n: string }>('SELECT count(DISTINCT (site, seq)) AS n FROM events')).rows[0].n);
    const result: FleetResult = {
      sites: options.sites,
      workers: options.workers,
      seconds: round(seconds, 1),
      published,
      eventsPerSec: round(stored / seconds, 0),
      p50Ms: lag?.p50 ?? null,
      p99Ms: lag?.p99 ?? null,
      lost: published - distinct,
      duplicated: stored - distinct,
      redelivered: await redeliveries(),
      ceiling: null,
    };
    options.log(`fleet: ${stored}/${published} stored, p99 ${result.p99Ms} ms`);

    // Ceiling: stop the workers, publish a backlog (the broker keeps it in their sessions), start
    // them again and time the drain: what a worker stores per second when never waiting for input.
    if (options.backlog > 0) {
      for (const w of workers.splice(0)) await w.stop();
      await db.query('TRUNCATE events');
      const perClient = Math.ceil(options.backlog / clients.length);
      for (let k = 0; k < perClient; k++) await publishRound();
      const backlog = perClient * clients.length;
      for (let i = 1; i <= options.workers; i++) await startWorker(i);
      await waitFor(async () => (await count()) >= backlog, 'the backlog stored', { timeoutMs: 300_000, everyMs: 200 });
      // From the first row to the last: the workers' start-up is not part of their rate.
      const span = await db.query<{ s: number }>('SELECT extract(epoch FROM (max(received_at) - min(received_at))) AS s FROM events');
      const drainSec = Number(span.rows[0].s);
      result.ceiling = { backlog, eventsPerSecPerWorker: round(backlog / drainSec / options.workers, 0) };
      options.log(`fleet: backlog of ${backlog} drained in ${round(drainSec, 1)} s by ${options.workers} workers`);
    }
    return result;
  } finally {
    await Promise.all(clients.map((c) => c.endAsync().catch(() => {})));
    for (const w of workers) await w.stop();
    await db.end();
    await database.drop();
    await broker.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
