import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { FakeClock } from '../../firmware-bridge/kernel/clock.js';
import { startApp, type RunningApp } from '../../firmware-bridge/runtime/app.js';
import { reportsFeature } from '../../firmware-bridge/reports/reports-feature.js';
import { telemetryFeature } from '../../firmware-bridge/telemetry/telemetry-feature.js';
import { silentLogger } from '../../firmware-bridge/runtime/logger.js';
import { createSite, simulateHallTraffic } from '../../scripts/site-simulator.js';
import { consume, type Consumer } from '../fixtures/mosquitto-consumer.js';
import { waitFor } from '../fixtures/wait.js';
import { startMosquitto, type MosquittoBroker } from '../fixtures/mosquitto.js';
import { testLoadedConfig } from '../fixtures/test-config.js';

/**
 * The done-when of the reports: a week of simulated hall traffic, the weekly report the service
 * makes on Monday 09:00, and the same figures recomputed here straight from the raw event log with
 * SQL (not with the report code) — they must agree.
 */
const it = suite('weekly report from a simulated week');
const WEEK = { from: '2026-11-16', to: '2026-11-22' }; // Monday to Sunday
const TZ_OFFSET_MS = 8 * 3_600_000; // Asia/Shanghai has no DST: local time = UTC + 8 h
const open = { open: '09:00', close: '17:00' };
const loaded = testLoadedConfig({
  hours: { weekly: { mon: open, tue: open, wed: open, thu: open, fri: open, sat: open, sun: open }, holidays: [] },
  services: [
    { id: 'transaction', letter: 'A', name: { zh: '办理业务', en: 'Transactions' }, counters: ['1', '2'], targetWaitSec: 600 },
    { id: 'consultation', letter: 'B', name: { zh: '业务咨询', en: 'Enquiries' }, counters: ['2', '3'], targetWaitSec: 900 },
    { id: 'complaint', letter: 'C', name: { zh: '投诉建议', en: 'Complaints' }, counters: ['3'], complaints: true, targetWaitSec: 300 },
  ],
});
const targets: Record<string, number> = { transaction: 600, consultation: 900, complaint: 300 };
const clock = new FakeClock('2026-11-16T08:00:00+08:00');
let app: RunningApp;
let broker: MosquittoBroker;
let manager = '';
let clerk = '';
const consumers: Consumer[] = [];

async function get(url: string, token = manager) {
  const res = await app.http.inject({ method: 'GET', url, headers: token ? { authorization: `Bearer ${token}` } : {} });
  return { status: res.statusCode, body: res.headers['content-type']?.toString().includes('json') ? res.json() : res.body, headers: res.headers };
}

it.before(async () => {
  // The simulator writes the week into the data dir's database, as the desk would have.
  const site = createSite({ brokerUrl: 'mqtt://127.0.0.1:9', siteId: 'week', dir: loaded.dataDir, clock });
  const { events } = simulateHallTraffic(site, clock, {
    ...WEEK,
    days: 7,
    timezone: 'Asia/Shanghai',
    ...open,
    services: loaded.config.services.map((s) => ({ id: s.id, letter: s.letter, counters: s.counters, share: s.complaints ? 0.03 : 0.5 })),
    counters: ['1', '2', '3'],
    lowResponseCounters: ['3'],
  });
  assert.ok(events > 3000, `a busy week (${events} events)`);
  await site.close();
  broker = await startMosquitto();
  clock.set(Date.parse('2026-11-23T10:00:00+08:00')); // Monday, an hour after the weekly report was due
  app = await startApp(
    { ...loaded, config: { ...loaded.config, mqtt: { ...loaded.config.mqtt, url: broker.url, topicPrefix: 'rpt' } } },
    { log: silentLogger, clock, features: [reportsFeature(), telemetryFeature()] },
  );
  await logIn();
});

async function logIn() {
  for (const [staff, pin] of [['900', '9000'], ['001', '1234']]) {
    const res = await app.http.inject({ method: 'POST', url: '/api/session', payload: { staff, pin } });
    if (staff === '900') manager = res.json().token;
    else clerk = res.json().token;
  }
}

it.after(async () => {
  for (const c of consumers.splice(0)) await c.close();
  await app?.close();
  await broker?.close();
  loaded.cleanup();
});

// ---- the independent recomputation: SQL over the raw log, nothing from firmware-bridge/reports ----

interface Row {
  type: string;
  at: string;
  p: Record<string, unknown>;
}
function rawEvents(): Row[] {
  return (app.db.prepare('SELECT type, at, payload FROM events ORDER BY seq').all() as { type: string; at: string; payload: string }[]).map((r) => ({ type: r.type, at: r.at, p: JSON.parse(r.payload) }));
}
const localDate = (iso: string) => new Date(Date.parse(iso) + TZ_OFFSET_MS).toISOString().slice(0, 10);
const localHour = (iso: string) => new Date(Date.parse(iso) + TZ_OFFSET_MS).getUTCHours();
const inWeek = (iso: string) => localDate(iso) >= WEEK.from && localDate(iso) <= WEEK.to;
const sqlCount = (where: string) =>
  app.db.prepare(`SELECT COUNT(*) FROM events WHERE ${where} AND datetime(at, '+8 hours') >= ? AND datetime(at, '+8 hours') < ?`).pluck().get(`${WEEK.from} 00:00:00`, '2026-11-23 00:00:00') as number;

function stats(values: number[]) {
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (p: number) => sorted[Math.ceil(p * sorted.length) - 1];
  return { mean: Math.round((sorted.reduce((a, b) => a + b, 0) / sorted.length) * 10) / 10, p50: rank(0.5), p90: rank(0.9), max: sorted.at(-1) };
}

function expectedFigures() {
  const events = rawEvents();
  const weekTickets = new Set(events.filter((e) => e.type === 'ticket.issued' && inWeek(e.at)).map((e) => String(e.p.ticketId)));
  const of = (type: string) => events.filter((e) => e.type === type && weekTickets.has(String(e.p.ticketId)));
  const finished = of('ticket.finished');
  const ended = new Set([...finished, ...of('ticket.skipped')].map((e) => e.p.ticketId));
  // Service level: first call within the target of the service issued to; tickets never called missed it.
  const issuedAt = new Map(of('ticket.issued').map((e) => [e.p.ticketId, e]));
  const firstCall = new Map<unknown, Row>();
  for (const e of of('ticket.called')) if (!firstCall.has(e.p.ticketId)) firstCall.set(e.p.ticketId, e);
  let within = 0;
  let judged = 0;
  for (const [id, issue] of issuedAt) {
    const call = firstCall.get(id);
    if (!call && ended.has(id)) continue;
    judged++;
    if (call && (Date.parse(call.at) - Date.parse(issue.at)) / 1000 <= targets[String(issue.p.service)]) within++;
  }
  const ratings = events.filter((e) => e.type === 'rating.recorded' && inWeek(e.at));
  const score = (s: string) => ratings.filter((r) => r.p.score === s).length;
  const asOf = clock.now();
  const opened = events.filter((e) => e.type === 'followup.opened' && inWeek(e.at));
  const firstClose = new Map<unknown, Row>();
  for (const e of events) if (e.type === 'followup.closed' && !firstClose.has(e.p.followUpId) && Date.parse(e.at) <= asOf) firstClose.set(e.p.followUpId, e);
  const due = opened.filter((f) => firstClose.has(f.p.followUpId) || Date.parse(String(f.p.dueAt)) <= asOf);
  const onTime = due.filter((f) => firstClose.get(f.p.followUpId)?.p.withinDue === true).length;
  const handled = opened.filter((f) => firstClose.has(f.p.followUpId));
  const weekEnd = Date.parse('2026-11-23T00:00:00+08:00');
  const handouts = events.filter((e) => e.type === 'key.handed_out' && inWeek(e.at));
  const returns = new Map(events.filter((e) => e.type === 'key.returned' && Date.parse(e.at) < weekEnd).map((e) => [e.p.handoutId, e]));
  const keysOverdue = handouts.filter((h) => {
    const back = returns.get(h.p.handoutId);
    return back ? back.p.overdue === true : Date.parse(String(h.p.dueBackAt)) < Math.min(asOf, weekEnd);
  }).length;
  const reconciliations = events.filter((e) => e.type === 'shift.reconciled' && inWeek(e.at));
  const served = finished.length;
  const complaints = of('ticket.issued').filter((e) => e.p.service === 'complaint').length;
  const arrivals = Array.from({ length: 24 }, () => 0);
  for (const e of of('ticket.issued')) arrivals[localHour(e.at)]++;
  return {
    tickets: {
      issued: sqlCount("type = 'ticket.issued'"),
      served,
      noShows: of('ticket.skipped').length,
      transferred: of('ticket.transferred').length,
      unserved: weekTickets.size - ended.size,
    },
    waitSec: stats(finished.map((e) => Number(e.p.waitSec))),
    serviceSec: stats(finished.map((e) => Number(e.p.serviceSec))),
    serviceLevel: within / judged,
    ratings: {
      satisfied: score('satisfied'),
      average: score('average'),
      unsatisfied: score('unsatisfied'),
      rate: score('satisfied') / ratings.length,
      responseRate: ratings.length / served,
    },
    complaints: { count: complaints, rate: complaints / served },
    followUps: {
      due: due.length,
      onTime,
      overdue: due.length - onTime,
      recoveryRate: handled.filter((f) => firstClose.get(f.p.followUpId)!.p.outcome === 'satisfied_now').length / handled.length,
    },
    keys: { handouts: handouts.length, overdue: keysOverdue, lost: Number(reconciliations.at(-1)!.p.missing) },
    arrivalsByHour: arrivals,
  };
}

// ---- the tests ----

it('the weekly report made on Monday 09:00 agrees with the raw event log', async () => {
  const listed = await get('/api/reports/scheduled');
  assert.is(listed.status, 200);
  const weekly = listed.body.reports.find((r: { kind: string }) => r.kind === 'weekly');
  assert.equal({ period: weekly.period, from: weekly.from, to: weekly.to }, { period: '2026-11-16', ...WEEK });
  assert.ok(existsSync(join(loaded.dataDir, 'reports', 'weekly-2026-11-16.json')), 'stored in the data dir');
  const stored = (await get('/api/reports/scheduled/weekly/2026-11-16')).body.report;
  const expected = expectedFigures();
  for (const key of Object.keys(expected) as (keyof typeof expected)[]) assert.equal(stored[key], expected[key], key);
  // The figures are not trivial: every part of the week shows up.
  assert.ok(expected.tickets.noShows > 0 && expected.tickets.transferred > 0 && expected.tickets.unserved >= 0);
  assert.ok(expected.followUps.due > 0 && expected.followUps.overdue > 0 && expected.keys.overdue > 0);
  assert.ok(expected.serviceLevel > 0 && expected.serviceLevel < 1, `service level ${expected.serviceLevel}`);
  // Seven day groups that add up to the week.
  assert.is(stored.groups.length, 7);
  assert.is(stored.groups.reduce((s: number, g: { tickets: { issued: number } }) => s + g.tickets.issued, 0), expected.tickets.issued);
});

it('the API answers the same week, grouped, and in CSV', async () => {
  const byCounter = await get(`/api/reports?from=${WEEK.from}&to=${WEEK.to}&by=counter`);
  assert.is(byCounter.status, 200);
  const served = rawEvents().filter((e) => e.type === 'ticket.finished' && inWeek(e.at));
  for (const group of byCounter.body.groups) assert.is(group.tickets.served, served.filter((e) => e.p.counter === group.key).length, `counter ${group.key}`);
  // Counter 3 skips the rating prompt: flagged; the others are not.
  const flags = Object.fromEntries(byCounter.body.counters.map((c: { counter: string; flags: string[] }) => [c.counter, c.flags]));
  assert.equal(flags, { '1': [], '2': [], '3': ['low_response'] });
  // Pauses carry their reasons; Wednesday's training at counter 1.
  assert.ok(byCounter.body.pauseByReason.lunch > 0 && byCounter.body.pauseByReason.training > 0, JSON.stringify(byCounter.body.pauseByReason));
  for (const c of byCounter.body.counters) assert.ok(c.openHours > 0 && c.servedPerOpenHour > 0, `counter ${c.counter} productivity`);
  const byStaff = await get(`/api/reports?from=${WEEK.from}&to=${WEEK.to}&by=staff`);
  assert.equal(byStaff.body.groups.map((g: { key: string }) => g.key), ['001', '002', '003']);
  const csv = await get(`/api/reports?from=${WEEK.from}&to=${WEEK.to}&by=day&format=csv`);
  assert.is(csv.status, 200);
  assert.match(String(csv.headers['content-type']), 'text/csv');
  const lines = String(csv.body).trim().split('\r\n');
  assert.is(lines.length, 1 + 1 + 7);
  assert.ok(lines[0].startsWith('from,to,group,issued,served,noShows'));
  assert.ok(lines[1].startsWith(`${WEEK.from},${WEEK.to},total,${expectedFigures().tickets.issued},`));
});

it('a clerk gets 403; bad dates and ranges over 400 days get 400 with a bilingual message', async () => {
  assert.is((await get(`/api/reports?from=${WEEK.from}&to=${WEEK.to}`, clerk)).status, 403);
  assert.is((await get(`/api/reports?from=${WEEK.from}&to=${WEEK.to}`, '')).status, 401);
  for (const [query, code] of [
    ['from=2026-11-16', 'invalid_date'],
    ['from=2026-02-30&to=2026-03-01', 'invalid_date'],
    ['from=16.11.2026&to=2026-11-22', 'invalid_date'],
    ['from=2026-11-22&to=2026-11-16', 'invalid_range'],
    ['from=2025-01-01&to=2026-02-05', 'range_too_long'],
    ['from=2026-11-16&to=2026-11-22&by=weather', 'invalid_group'],
  ]) {
    const res = await get(`/api/reports?${query}`);
    assert.is(res.status, 400, query);
    assert.is(res.body.error.code, code, query);
    assert.match(res.body.error.message, /[\u4e00-\u9fff]/, 'Chinese');
    assert.match(res.body.error.message, /[A-Za-z]{4}/, 'English');
  }
  assert.is((await get('/api/reports?from=2025-10-18&to=2026-11-21')).status, 200, '400 days are allowed');
});

it('the weekly and monthly reports are retained on MQTT, without staff figures', async () => {
  const late = await consume(broker.url, `rpt/${loaded.config.site.id}/report/#`);
  consumers.push(late);
  await waitFor(() => late.messages.length >= 2, 'both retained reports');
  const weekly = late.on(`rpt/${loaded.config.site.id}/report/weekly`).at(-1)!;
  assert.is(weekly.retain, true);
  assert.is(weekly.payload.period, '2026-11-16');
  assert.equal((weekly.payload.report as { tickets: object }).tickets, expectedFigures().tickets);
  const monthly = late.on(`rpt/${loaded.config.site.id}/report/monthly`).at(-1)!;
  assert.equal({ period: monthly.payload.period, retain: monthly.retain }, { period: '2026-10', retain: true });
  const text = JSON.stringify(weekly.payload);
  assert.not.match(text, /"staff"/, 'no staff numbers');
  assert.not.match(text, /"by":"staff"/);
});

it('the next weekly report is made on the following Monday 09:00 in the site zone', async () => {
  clock.set(Date.parse('2026-11-30T08:59:00+08:00'));
  assert.not.ok(existsSync(join(loaded.dataDir, 'reports', 'weekly-2026-11-23.json')), 'not before 09:00');
  clock.set(Date.parse('2026-11-30T09:00:30+08:00'));
  assert.ok(existsSync(join(loaded.dataDir, 'reports', 'weekly-2026-11-23.json')), 'made at 09:00');
  await logIn(); // a week later: the morning's session has long expired
  const listed = (await get('/api/reports/scheduled')).body.reports as { kind: string; period: string }[];
  assert.equal(listed.filter((r) => r.kind === 'weekly').map((r) => r.period), ['2026-11-23', '2026-11-16']);
});

it.run();
