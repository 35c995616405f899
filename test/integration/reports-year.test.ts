import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { FakeClock } from '../../firmware-bridge/kernel/clock.js';
import type { StoredEvent } from '../../firmware-bridge/kernel/events.js';
import { addDays, instantOf } from '../../firmware-bridge/kernel/local-time.js';
import { computeReport, type GroupBy } from '../../firmware-bridge/reports/rules/report-kpis.js';
import { ReportsService, reportSettings, reportsMigrations } from '../../firmware-bridge/reports/reports-service.js';
import Database from 'better-sqlite3';
import { databasePath, migrate } from '../../firmware-bridge/store/database.js';
import { EventStore } from '../../firmware-bridge/store/event-store.js';
import { createSite, simulateHallTraffic, type SimulatedSite } from '../../scripts/site-simulator.js';
import { testLoadedConfig } from '../fixtures/test-config.js';

/**
 * Reports over long ranges read each closed day's stored facts instead of its events. Whatever
 * the path, the figures must be the ones computed straight from the raw event log.
 */
const it = suite('reports over stored per-day facts');
const TZ = 'Asia/Shanghai';
const FROM = '2026-09-01';
const DAYS = 24;
const TO = addDays(FROM, DAYS - 1);
const open = { open: '09:00', close: '17:00' };
const loaded = testLoadedConfig({
  hours: { weekly: { mon: open, tue: open, wed: open, thu: open, fri: open, sat: open, sun: open }, holidays: [] },
  services: [
    { id: 'transaction', letter: 'A', name: { zh: '办理业务', en: 'Transactions' }, counters: ['1', '2'], targetWaitSec: 600 },
    { id: 'complaint', letter: 'C', name: { zh: '投诉建议', en: 'Complaints' }, counters: ['3'], complaints: true, targetWaitSec: 300 },
  ],
});
const clock = new FakeClock(`${FROM}T08:00:00+08:00`);
let site: SimulatedSite;
let reports: ReportsService;

it.before(() => {
  site = createSite({ brokerUrl: 'mqtt://127.0.0.1:9', siteId: 'year', dir: loaded.dataDir, clock, sharedDiskShortcut: true });
  simulateHallTraffic(site, clock, {
    from: FROM,
    days: DAYS,
    timezone: TZ,
    ...open,
    services: loaded.config.services.map((s) => ({ id: s.id, letter: s.letter, counters: s.counters, share: s.complaints ? 0.05 : 1 })),
    counters: ['1', '2', '3'],
  });
  migrate(site.db, reportsMigrations);
  clock.set(instantOf(addDays(TO, 2), '12:00', TZ)); // two days after the last: follow-ups still open
  reports = new ReportsService(site.store, loaded.config, clock, loaded.dataDir);
});

it.after(async () => {
  await site.close();
  loaded.cleanup();
});

/** The report from the raw events of the range (and the follow-up callbacks after it), as before day facts existed. */
function fromRawEvents(from: string, to: string, by?: GroupBy) {
  const iso = (date: string) => new Date(instantOf(date, '00:00', TZ)).toISOString();
  const events: StoredEvent[] = site.store.between(iso(from), iso(addDays(to, 1)));
  events.push(...site.store.between(iso(addDays(to, 1)), new Date(clock.now() + 1).toISOString(), ['followup.closed']));
  return computeReport(events, reportSettings(loaded.config), { from, to }, clock.now(), by);
}

const storedDays = () => site.db.prepare('SELECT COUNT(*) FROM report_days').pluck().get() as number;

it('the first report stores each closed day and equals the one from the raw events, for every grouping', () => {
  assert.is(storedDays(), 0);
  const first = reports.report({ from: FROM, to: TO }, 'day');
  assert.is(storedDays(), DAYS, 'every day of the range is over, so every one is stored');
  assert.ok(first.tickets.issued > 2000, `a busy history (${first.tickets.issued} tickets)`);
  assert.ok(first.followUps.due > 0 && first.ratings.unsatisfied > 0);
  assert.equal(first, fromRawEvents(FROM, TO, 'day'));
  for (const by of [undefined, 'service', 'counter', 'staff', 'hour'] as const) assert.equal(reports.report({ from: FROM, to: TO }, by), fromRawEvents(FROM, TO, by), `by ${by}`);
});

it('a range inside the history, read only from stored days, equals the raw one (percentiles exact)', () => {
  const from = addDays(FROM, 5);
  const to = addDays(FROM, 11);
  const stored = reports.report({ from, to });
  assert.equal(stored, fromRawEvents(from, to));
  assert.ok(stored.waitSec.p90 !== null && stored.waitSec.p50 !== null);
});

it('a day not over yet is read live and not stored; once over it is stored', () => {
  const today = addDays(TO, 2);
  const before = storedDays();
  reports.report({ from: TO, to: today });
  assert.is(storedDays(), before + 1, 'the day after the history is over (stored, empty); today is not');
  assert.is(site.db.prepare('SELECT COUNT(*) FROM report_days WHERE day = ?').pluck().get(today), 0);
  assert.equal(reports.report({ from: TO, to: today }), fromRawEvents(TO, today));
});

it('days stored before their follow-up callbacks were all in are remade once settled, and still agree', () => {
  const unsettled = () => site.db.prepare('SELECT COUNT(*) FROM report_days WHERE settled = 0').pluck().get() as number;
  assert.ok(unsettled() > 0, 'the last days of the history were stored before their callback window ended');
  clock.set(instantOf(addDays(TO, 10), '12:00', TZ));
  assert.equal(reports.report({ from: FROM, to: TO }, 'counter'), fromRawEvents(FROM, TO, 'counter'));
  assert.is(site.db.prepare("SELECT COUNT(*) FROM report_days WHERE settled = 0 AND day <= ?").pluck().get(TO), 0);
});

it('read-only, as `frontdesk report` opens the database, it answers the same and stores nothing', () => {
  const db = new Database(databasePath(loaded.dataDir), { readonly: true, fileMustExist: true });
  try {
    const readOnly = new ReportsService(new EventStore(db, clock), loaded.config, clock, loaded.dataDir);
    const range = { from: FROM, to: addDays(TO, 10) }; // days after the history: closed, not stored yet
    const before = storedDays();
    const answer = readOnly.report(range);
    assert.is(storedDays(), before, 'computed, not written');
    assert.equal(answer, reports.report(range));
    assert.ok(storedDays() > before, 'the writing service stores them');
  } finally {
    db.close();
  }
});

it('stored facts made with other settings (a new target wait) are remade, not reused', () => {
  const changed = { ...loaded.config, services: loaded.config.services.map((s) => ({ ...s, targetWaitSec: 60 })) };
  const strict = new ReportsService(site.store, changed, clock, loaded.dataDir);
  const raw = computeReport(
    site.store.between(new Date(instantOf(FROM, '00:00', TZ)).toISOString(), new Date(instantOf(addDays(FROM, 1), '00:00', TZ)).toISOString()),
    reportSettings(changed),
    { from: FROM, to: FROM },
    clock.now(),
  );
  const remade = strict.report({ from: FROM, to: FROM });
  assert.is(remade.serviceLevel, raw.serviceLevel);
  assert.ok(remade.serviceLevel! < reports.report({ from: FROM, to: FROM }).serviceLevel!, 'a 60 s target is missed more often');
});

it.run();
