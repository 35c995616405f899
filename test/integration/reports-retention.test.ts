import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { gunzipSync, gzipSync } from 'node:zlib';
import { FakeClock } from '../../firmware-bridge/kernel/clock.js';
import type { StoredEvent } from '../../firmware-bridge/kernel/events.js';
import { archiveKeyLog, KeysStore, keysMigrations, verifyKeyLog } from '../../firmware-bridge/keys/keys-store.js';
import { ReportsService, reportsMigrations } from '../../firmware-bridge/reports/reports-service.js';
import { archiveDir, readArchive } from '../../firmware-bridge/store/archive.js';
import { migrate } from '../../firmware-bridge/store/database.js';
import { createSite, simulateHallTraffic, type SimulatedSite } from '../../scripts/site-simulator.js';
import { testLoadedConfig, writeTestConfig } from '../fixtures/test-config.js';
import { runVerifyLogCommand } from '../../firmware-bridge/keys/keys-commands.js';

/**
 * Retention: events before the boundary leave the live database for gzip NDJSON files, the key
 * log's old entries too (through its one deliberate path), reports over the archived days keep
 * their figures, and the key chain still proves out from its first entry across the boundary.
 */
const it = suite('retention: archiving old events and key log entries');
const open = { open: '09:00', close: '17:00' };
const loaded = testLoadedConfig({
  hours: { weekly: { mon: open, tue: open, wed: open, thu: open, fri: open, sat: open, sun: open }, holidays: [] },
  retention: { months: 1 },
});
const clock = new FakeClock('2026-09-01T08:00:00+08:00');
const SEPTEMBER = { from: '2026-09-01', to: '2026-09-10' };
let site: SimulatedSite;
let keys: KeysStore;
let reports: ReportsService;

/** A key log entry at the clock's time, through the keys store's own append (as a handout's projection does). */
function logKeyMove(i: number) {
  const event = { id: `e-${i}`, seq: i, type: 'key.handed_out', at: new Date(clock.now()).toISOString(), payload: {} } as unknown as StoredEvent;
  site.db.transaction(() => keys.appendLog(event, `L00${i}`, { keyId: `L00${i}`, staff: '001' }))();
}

it.before(() => {
  site = createSite({ brokerUrl: 'mqtt://127.0.0.1:9', siteId: 'retention', dir: loaded.dataDir, clock, sharedDiskShortcut: true });
  migrate(site.db, [...reportsMigrations, ...keysMigrations]);
  keys = new KeysStore(site.db);
  simulateHallTraffic(site, clock, { ...SEPTEMBER, days: 10, timezone: 'Asia/Shanghai', ...open, services: loaded.config.services.map((s) => ({ id: s.id, letter: s.letter, counters: s.counters })), counters: loaded.config.counters.map((c) => c.id) });
  for (let i = 1; i <= 5; i++) {
    clock.set(Date.parse(`2026-09-0${i}T03:00:00Z`));
    logKeyMove(i);
  }
  clock.set(Date.parse('2026-10-20T03:00:00Z'));
  for (let i = 6; i <= 8; i++) logKeyMove(i);
  clock.set(Date.parse('2026-11-05T04:00:00Z')); // retention 1 month: everything before 1 October (local) goes
  // As the reports feature wires it: the keys feature's archiving, run with the events' retention.
  reports = new ReportsService(site.store, loaded.config, clock, loaded.dataDir, undefined, (before) => archiveKeyLog(keys, loaded.dataDir, before));
});

it.after(async () => {
  await site.close();
  loaded.cleanup();
});

const eventCount = () => site.db.prepare('SELECT COUNT(*) FROM events').pluck().get() as number;

it('old events go to gzip NDJSON files and leave the database; reports over those days keep their figures', () => {
  const report = reports.report(SEPTEMBER, 'day');
  const before = eventCount();
  assert.ok(before > 1000 && report.tickets.issued > 500);
  // One month a call (the history is September's).
  const runs = [];
  for (let run; (run = reports.archiveOld((iso) => archiveKeyLog(keys, loaded.dataDir, iso))); ) runs.push(run);
  assert.equal(runs.map((r) => r.before), ['2026-09-30T16:00:00.000Z'], 'up to the first of October in Shanghai');
  const done = runs[0];
  assert.is(done.events, before - 1);
  assert.is(eventCount(), 1, 'the newest event stays, so seq goes on from it');
  const lastArchived = Math.max(...done.files.flatMap((f) => readArchive<{ seq: number }>(f)).map((e) => e.seq));
  assert.ok(site.commit([{ type: 'guest.purged', payload: { count: 0, beforeDay: '2026-01-01' } }])[0].seq > lastArchived);
  assert.is(done.keyLogEntries, 5);
  const archived = done.files.flatMap((f) => readArchive<{ seq: number; type: string; at: string }>(f));
  assert.is(archived.length, before - 1);
  assert.ok(archived.every((e) => e.at < done.before));
  assert.ok(done.files.every((f) => /events-2026-0[89]-\d{12}\.ndjson\.gz$/.test(f)));
  assert.equal(reports.report(SEPTEMBER, 'day'), report, 'the stored per-day facts answer for the archived days');
  assert.is(reports.archiveOld()!.events, 1, 'the one kept goes once a newer event exists');
  assert.is(reports.archiveOld(), null, 'nothing more to archive');
  assert.equal(reports.report(SEPTEMBER, 'day'), report);
});

it('the key chain proves out from its first entry through the archive, and the live log chains on from the anchor', () => {
  const verdict = verifyKeyLog(keys, loaded.dataDir);
  assert.equal({ ok: verdict.ok, entries: verdict.entries, archived: verdict.archived }, { ok: true, entries: 8, archived: 5 });
  assert.ok(keys.verifyLog().ok, 'the live log alone, from the anchor');
  clock.advance(60_000);
  logKeyMove(9);
  assert.is(keys.recentLog(1)[0].seq, 9);
  assert.ok(verifyKeyLog(keys, loaded.dataDir).ok);
  assert.throws(() => site.db.prepare('DELETE FROM key_log').run(), /append-only/, 'the delete guard is back');
});

it('frontdesk verify-log says so, counting the archived entries', async () => {
  const file = writeTestConfig(loaded.dataDir, { dataDir: loaded.dataDir }, { name: 'verify.yaml' });
  const lines: string[] = [];
  const log = console.log;
  console.log = (line: string) => lines.push(line);
  try {
    assert.is(await runVerifyLogCommand(['--config', file]), 0);
  } finally {
    console.log = log;
  }
  assert.match(lines.join('\n'), /key log ok: 9 entries \(5 of them archived\), chain proves out/);
});

it('a changed archived entry breaks the proof', () => {
  const dir = archiveDir(loaded.dataDir);
  const file = `${dir}/${readdirSync(dir).find((n) => n.startsWith('key-log-'))!}`;
  const original = readFileSync(file);
  const entries = gunzipSync(original).toString().split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as { content: string });
  entries[2].content = entries[2].content.replace('001', '002');
  writeFileSync(file, gzipSync(entries.map((e) => JSON.stringify(e)).join('\n')));
  const verdict = verifyKeyLog(keys, loaded.dataDir);
  assert.is(verdict.ok, false);
  assert.is(verdict.firstBad!.seq, 3);
  writeFileSync(file, original);
  assert.ok(verifyKeyLog(keys, loaded.dataDir).ok);
});

it.run();
