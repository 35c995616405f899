import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import mqtt, { type MqttClient } from 'mqtt';
import pg from 'pg';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { hashPin } from '../../firmware-bridge/staff/pin-hash.js';
import { openAllWeek } from '../../config/schema/central.js';
import { localDay } from '../../firmware-bridge/kernel/local-time.js';
import { computeReport } from '../../firmware-bridge/reports/rules/report-kpis.js';
import { createSite, type SimulatedSite } from '../../scripts/site-simulator.js';
import { jsonApi, type JsonApi } from '../fixtures/http.js';
import { startMosquitto, type MosquittoBroker } from '../fixtures/mosquitto.js';
import { createTestDatabase, type TestDatabase } from '../fixtures/postgres.js';
import { startServiceProcess, type ServiceProcess } from '../fixtures/service-process.js';
import { waitFor } from '../fixtures/wait.js';

// Central with the real parts: Mosquitto (MQTT 5 shared subscription, persistent sessions, Last
// Will), PostgreSQL, and two `frontdesk central` worker processes fed by simulated desks.
const fleet = suite('fleet central');
const deskProcess = fileURLToPath(new URL('../fixtures/mosquitto-site-process.ts', import.meta.url));

let broker: MosquittoBroker;
let database: TestDatabase;
let db: pg.Pool;
let dir: string;
let configFile: string;
const workers = new Map<number, ServiceProcess>();
const sites: SimulatedSite[] = [];
const children: ChildProcess[] = [];
let raw: MqttClient;
let api: JsonApi;

fleet.before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'frontdesk-central-'));
  broker = await startMosquitto();
  database = await createTestDatabase();
  db = new pg.Pool({ connectionString: database.url });
  configFile = join(dir, 'central.yaml');
  const hash = (pw: string) => JSON.stringify(hashPin(pw, 1024));
  writeFileSync(
    configFile,
    [
      'central:',
      '  mqtt: { topicPrefix: fleet, clientIdPrefix: test-central }',
      '  gapGraceSec: 0.3',
      '  uiDir: ./no-ui',
      '  managers:',
      `    - { user: admin, passwordHash: ${hash('admin-demo')}, sites: ["*"] }`,
      `    - { user: east, passwordHash: ${hash('east-pass')}, sites: [site-a, site-b] }`,
      '',
    ].join('\n'),
  );
  await startWorker(1);
  await startWorker(2);
  api = jsonApi(() => workers.get(1)!.url);
  raw = await mqtt.connectAsync(broker.url, { protocolVersion: 5 });
});

fleet.after(async () => {
  await raw?.endAsync();
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  for (const s of sites) await s.close();
  for (const w of workers.values()) await w.stop();
  await db?.end();
  await database?.drop();
  await broker?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function startWorker(n: number): Promise<ServiceProcess> {
  const worker = await startServiceProcess({
    dataDir: dir,
    args: ['central', '--config', configFile, '--worker', String(n), '--port', '0'],
    env: { FRONTDESK_CENTRAL_MQTT_URL: broker.url, FRONTDESK_CENTRAL_DATABASE_URL: database.url },
  });
  workers.set(n, worker);
  return worker;
}

async function startSite(siteId: string): Promise<SimulatedSite> {
  const site = createSite({ brokerUrl: broker.url, siteId, mqtt: { topicPrefix: 'fleet' } });
  sites.push(site);
  await site.start();
  return site;
}

async function rows(site: string): Promise<{ n: number; distinct: number }> {
  const { rows } = await db.query<{ n: string; d: string }>('SELECT count(*) AS n, count(DISTINCT seq) AS d FROM events WHERE site = $1', [site]);
  return { n: Number(rows[0].n), distinct: Number(rows[0].d) };
}

async function login(user: string, password: string): Promise<string> {
  const answer = await api('POST', '/api/session', { user, password });
  assert.is(answer.status, 200, JSON.stringify(answer.body));
  return (answer.body as { token: string }).token;
}

function publishEvent(site: string, seq: number, id = `${site}-${seq}`) {
  const event = { id, seq, type: 'ticket.issued', at: new Date().toISOString(), ticketId: `t${seq}`, number: `A${seq}`, service: 'consult', day: '2026-12-01', priority: false, arrival: seq, hasContact: false };
  return raw.publishAsync(`fleet/${site}/event/ticket.issued`, JSON.stringify(event), { qos: 1 });
}

const metric = async (worker: number, name: string) => {
  const text = await (await fetch(`${workers.get(worker)!.url}/metrics`)).text();
  return Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1] ?? NaN);
};

fleet('events from simulated sites land once, split between the two workers', async () => {
  const a = await startSite('site-a');
  const b = await startSite('site-b');
  const c = await startSite('site-c');
  for (const site of [a, b, c]) site.commit(Array.from({ length: 40 }, (_, i) => site.traffic(i)));
  for (const id of ['site-a', 'site-b', 'site-c']) await waitFor(async () => (await rows(id)).n === 40, `40 rows of ${id}`, { timeoutMs: 20_000 });
  for (const id of ['site-a', 'site-b', 'site-c']) assert.equal(await rows(id), { n: 40, distinct: 40 });
  // Both workers took part (shared subscription), and neither stored anything twice.
  const [one, two] = [await metric(1, 'frontdesk_central_events_ingested_total'), await metric(2, 'frontdesk_central_events_ingested_total')];
  assert.is(one + two, 120);
  assert.ok(one > 0 && two > 0, `worker 1 stored ${one}, worker 2 ${two}`);
  assert.is(await metric(1, 'frontdesk_central_mqtt_connected'), 1);

  const token = await login('admin', 'admin-demo');
  const list = await waitFor(async () => {
    const answer = await api('GET', '/api/sites', undefined, token);
    const found = (answer.body as { sites: { site: string; online: boolean; satisfactionRateToday: number | null }[] }).sites;
    return found.length === 3 && found.every((s) => s.online) ? found : null;
  }, 'three sites online');
  assert.equal(list.map((s) => s.site), ['site-a', 'site-b', 'site-c']);
  assert.ok(list.every((s) => (s as { timezone?: string }).timezone === 'Asia/Shanghai'), 'each site says its time zone (the default here)');
  const home = await fetch(`${workers.get(1)!.url}/`, { redirect: 'manual' });
  assert.is(home.headers.get('location'), '/fleet', 'central opens on the fleet dashboard');
  // The retained satisfaction/today of the simulated desks: 10 ratings, all satisfied.
  await waitFor(async () => ((await api('GET', '/api/sites/site-a', undefined, token)).body as { satisfactionRateToday: number | null }).satisfactionRateToday === 1, 'satisfaction of site-a');
});

fleet('the fleet report has the desk\'s own KPIs for a site (same rules, from the sanitized events)', async () => {
  const [site, id] = [sites[0], 'site-a']; // started first in the first test
  const day = localDay(Date.now(), 'Asia/Shanghai');
  const range = { from: day, to: day };
  // As the desk computes it: central's default settings for a site it has no entry for.
  const settings = { timezone: 'Asia/Shanghai', hours: openAllWeek, services: ['consult', 'business'].map((s) => ({ id: s, targetWaitSec: 600, complaints: false })), counters: [] };
  const desk = computeReport(site.store.readAfter(0, 1000), settings, range, Date.now());
  const token = await login('admin', 'admin-demo');
  const answer = await api('GET', `/api/reports?from=${day}&to=${day}&site=${id}`, undefined, token);
  assert.is(answer.status, 200, JSON.stringify(answer.body));
  const row = (answer.body as { sites: (typeof desk & { site: string })[] }).sites[0];
  assert.is(row.site, id);
  for (const key of ['tickets', 'waitSec', 'serviceSec', 'serviceLevel', 'ratings', 'followUps'] as const) assert.equal(row[key], desk[key], key);
  assert.is(desk.tickets.issued, 10);
  const csv = await fetch(`${workers.get(1)!.url}/api/reports?from=${day}&to=${day}&format=csv`, { headers: { authorization: `Bearer ${token}` } });
  const lines = (await csv.text()).trim().split('\r\n');
  assert.ok(lines[0].startsWith('from,to,group,issued'), lines[0]);
  assert.ok(lines.some((l) => l.includes(`site:${id}`)), 'one row per site');
});

fleet('live: a manager\'s event stream brings a site\'s fresh summary when a device fault is raised there', async () => {
  const token = await login('east', 'east-pass');
  const controller = new AbortController();
  const res = await fetch(`${workers.get(2)!.url}/api/events?token=${token}`, { signal: controller.signal });
  assert.is(res.status, 200);
  const reader = res.body!.getReader();
  sites[0].printer.set('fault', 'paper out');
  let text = '';
  const fault = await waitFor(async () => {
    text += new TextDecoder().decode((await reader.read()).value);
    const updates = text.split('\n').filter((l) => l.startsWith('data: ')).map((l) => (JSON.parse(l.slice(6)) as { site: { site: string; faults: { device: string; detail?: string }[] } }).site);
    return updates.find((u) => u.site === 'site-a' && u.faults.some((f) => f.device === 'printer'));
  }, 'the fault on the live stream');
  controller.abort();
  assert.equal(fault.faults.map((f) => [f.device, f.detail]), [['printer', 'paper out']]);
  assert.not.ok(text.includes('"site":"site-c"'), 'nothing of a site the manager may not see');
  assert.is((await fetch(`${workers.get(2)!.url}/api/events`)).status, 401);
});

fleet('a redelivered event does not add a row', async () => {
  await publishEvent('site-dup', 1);
  await waitFor(async () => (await rows('site-dup')).n === 1, 'the first delivery');
  const dupsBefore = (await metric(1, 'frontdesk_central_events_duplicate_total')) + (await metric(2, 'frontdesk_central_events_duplicate_total'));
  for (let i = 0; i < 5; i++) await publishEvent('site-dup', 1);
  await waitFor(
    async () => (await metric(1, 'frontdesk_central_events_duplicate_total')) + (await metric(2, 'frontdesk_central_events_duplicate_total')) === dupsBefore + 5,
    'the five redeliveries to be seen',
  );
  assert.equal(await rows('site-dup'), { n: 1, distinct: 1 });
});

fleet('a seq gap is reported, and marked filled when the events come after all', async () => {
  for (const seq of [1, 2, 5, 6]) await publishEvent('site-gap', seq);
  const token = await login('admin', 'admin-demo');
  const site = () => api('GET', '/api/sites/site-gap', undefined, token).then((a) => a.body as { seqGaps: number; gaps: { fromSeq: number; toSeq: number; filledAt: string | null }[] });
  const gapped = await waitFor(async () => ((await site()).seqGaps === 1 ? site() : null), 'the gap to be reported');
  assert.equal(gapped.gaps.map((g) => [g.fromSeq, g.toSeq, g.filledAt]), [[3, 4, null]]);
  for (const seq of [3, 4]) await publishEvent('site-gap', seq);
  const filled = await waitFor(async () => ((await site()).seqGaps === 0 ? site() : null), 'the gap to be filled');
  assert.ok(filled.gaps[0].filledAt, 'the gap stays listed, with when it was filled');
});

fleet('a site shows offline when its Last Will fires', async () => {
  const child = fork(deskProcess, [mkdtempSync(join(dir, 'desk-')), broker.url, 'site-lw', 'fleet'], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  children.push(child);
  const token = await login('admin', 'admin-demo');
  const onlineNow = async () => ((await api('GET', '/api/sites/site-lw', undefined, token)).body as { online?: boolean }).online;
  await waitFor(async () => (await onlineNow()) === true, 'site-lw online', { timeoutMs: 20_000 });
  child.kill('SIGKILL');
  await waitFor(async () => (await onlineNow()) === false, 'site-lw offline from its Last Will', { timeoutMs: 20_000 });
});

fleet('a manager scoped to two sites sees only those', async () => {
  const token = await login('east', 'east-pass');
  const list = (await api('GET', '/api/sites', undefined, token)).body as { sites: { site: string }[] };
  assert.equal(list.sites.map((s) => s.site), ['site-a', 'site-b']);
  assert.is((await api('GET', '/api/sites/site-c', undefined, token)).status, 403);
  assert.is((await api('GET', '/api/reports?from=2026-11-01&to=2026-12-31&site=site-c', undefined, token)).status, 403);
  const badDate = await api('GET', '/api/reports?from=2026-02-30&to=2026-03-01', undefined, token);
  assert.equal([badDate.status, (badDate.body as { error: { code: string } }).error.code], [400, 'invalid_date']);
  const report = (await api('GET', '/api/reports?from=2026-11-01&to=2026-12-31', undefined, token)).body as { sites: { site: string; rank: number }[]; tickets: { issued: number } };
  assert.equal(report.sites.map((s) => s.site).sort(), ['site-a', 'site-b']);
  assert.is(report.tickets.issued, 20, 'ten tickets issued at each of the two sites');
  assert.is((await api('GET', '/api/sites')).status, 401);
  const openapi = (await api('GET', '/api/openapi.json')).body as { paths: Record<string, unknown> };
  assert.equal(Object.keys(openapi.paths).sort(), ['/api/events', '/api/openapi.json', '/api/reports', '/api/session', '/api/sites', '/api/sites/{site}']);
  // The desk's lockout: after sessions.maxFailures (5) wrong passwords, even the right one waits —
  // counted across the workers (3 tries at one, 2 at the other), or a proxy would multiply the tries.
  const second = jsonApi(() => workers.get(2)!.url);
  for (let i = 0; i < 5; i++) assert.is((await (i < 3 ? api : second)('POST', '/api/session', { user: 'east', password: 'wrong' })).status, 401);
  for (const at of [api, second]) {
    const locked = await at('POST', '/api/session', { user: 'east', password: 'east-pass' });
    assert.is(locked.status, 429);
    assert.is((locked.body as { error: { code: string } }).error.code, 'locked_out');
  }
});

fleet('a worker SIGKILLed mid-stream loses nothing: the other carries on, the restarted one resumes its session', async () => {
  const site = await startSite('site-kill');
  let next = 0;
  const commit = (n: number) => site.commit(Array.from({ length: n }, () => site.traffic(next++)));
  commit(50);
  await waitFor(async () => (await rows('site-kill')).n === 50, 'the first 50');
  // Keep the desk publishing while worker 2 is killed without warning.
  const stream = setInterval(() => commit(5), 20);
  await new Promise((r) => setTimeout(r, 150));
  await workers.get(2)!.stop('SIGKILL');
  const atKill = (await rows('site-kill')).n;
  await waitFor(async () => (await rows('site-kill')).n > atKill + 20, 'worker 1 to carry on alone');
  clearInterval(stream);
  await startWorker(2);
  await waitFor(async () => (await rows('site-kill')).n === next, `all ${next} events stored`, { timeoutMs: 30_000 });
  assert.equal(await rows('site-kill'), { n: next, distinct: next });
  // What the broker kept for worker 2's session (in flight when killed, or queued since) came to it on restart.
  assert.ok((await metric(2, 'frontdesk_central_events_ingested_total')) > 0, 'the restarted worker resumed its session');
});

fleet.run();
