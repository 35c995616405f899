/**
 * `reports: {yearMs, dbMB}`: a synthetic year (365 days × about 1,500 tickets, their ratings,
 * follow-ups, pauses and key moves, from the site simulator) in a fresh data dir, then the report
 * of the whole year — once to store each day's facts (fillMs), then as the desk answers it
 * (yearMs, the median of 3). dbMB: the database file once checkpointed. Then retention archives the
 * whole history (archive: gzip NDJSON sizes) and the year is asked again from the stored days alone.
 */
import { rmSync, statSync } from 'node:fs';
import { FakeClock } from '../../firmware-bridge/kernel/clock.js';
import { addDays, instantOf } from '../../firmware-bridge/kernel/local-time.js';
import { ReportsService, reportsMigrations } from '../../firmware-bridge/reports/reports-service.js';
import { databasePath, migrate } from '../../firmware-bridge/store/database.js';
import { createSite, simulateHallTraffic } from '../../scripts/site-simulator.js';
import { testLoadedConfig } from '../fixtures/test-config.js';
import { round } from './stats.js';

const TZ = 'Asia/Shanghai';
const COUNTERS = Array.from({ length: 25 }, (_, i) => String(i + 1));

export interface ReportsBench {
  days: number;
  tickets: number;
  events: number;
  generateS: number;
  fillMs: number;
  yearMs: number;
  yearCpuMs: number;
  rssMB: number;
  dbMB: number;
  archive: { events: number; files: number; MB: number; seconds: number; dbFreeMB: number; yearMsFromStoredDays: number };
}

export async function benchReportsYear(days = 365, log: (line: string) => void = () => {}): Promise<ReportsBench> {
  const from = '2025-01-01';
  const to = addDays(from, days - 1);
  const open = { open: '09:00', close: '17:00' };
  const week = { mon: open, tue: open, wed: open, thu: open, fri: open, sat: open, sun: open };
  const loaded = testLoadedConfig({
    site: { timezone: TZ },
    hours: { weekly: week, holidays: [] },
    services: [
      { id: 'transaction', letter: 'A', name: { zh: '办理业务', en: 'Transactions' }, counters: COUNTERS.slice(0, 16), targetWaitSec: 600 },
      { id: 'consultation', letter: 'B', name: { zh: '业务咨询', en: 'Enquiries' }, counters: COUNTERS.slice(12, 24), targetWaitSec: 900 },
      { id: 'complaint', letter: 'C', name: { zh: '投诉建议', en: 'Complaints' }, counters: COUNTERS.slice(24), complaints: true, targetWaitSec: 300 },
    ],
    counters: COUNTERS.map((id) => ({ id, name: { zh: `${id}号窗口`, en: `Counter ${id}` } })),
  });
  const clock = new FakeClock(`${from}T08:00:00+08:00`);
  const site = createSite({ brokerUrl: 'mqtt://127.0.0.1:9', siteId: 'year', dir: loaded.dataDir, clock, sharedDiskShortcut: true });
  try {
    const t0 = performance.now();
    let events = 0;
    // A month per transaction: the simulator commits event by event, as the desk does.
    for (let d = 0; d < days; d += 30) {
      const chunk = Math.min(30, days - d);
      site.db.transaction(() => {
        events += simulateHallTraffic(site, clock, {
          from: addDays(from, d),
          days: chunk,
          timezone: TZ,
          ...open,
          services: loaded.config.services.map((s) => ({ id: s.id, letter: s.letter, counters: s.counters, share: s.complaints ? 0.03 : 0.5 })),
          counters: COUNTERS,
          arrivalScale: 10,
          seed: d + 1,
        }).events;
      })();
      log(`  reports: ${d + chunk} of ${days} days simulated (${events} events)`);
      await new Promise((r) => setImmediate(r)); // lets the stage limit fire
    }
    const generateS = (performance.now() - t0) / 1000;
    migrate(site.db, reportsMigrations);
    clock.set(instantOf(addDays(to, 1), '12:00', TZ));
    const reports = new ReportsService(site.store, loaded.config, clock, loaded.dataDir);
    const range = { from, to };
    let t = performance.now();
    const first = reports.report(range);
    const fillMs = performance.now() - t;
    const times: number[] = [];
    const cpu: number[] = [];
    for (let i = 0; i < 3; i++) {
      t = performance.now();
      const c = process.cpuUsage();
      reports.report(range);
      times.push(performance.now() - t);
      const used = process.cpuUsage(c);
      cpu.push((used.user + used.system) / 1000);
    }
    site.db.pragma('wal_checkpoint(TRUNCATE)');
    const dbMB = statSync(databasePath(loaded.dataDir)).size / 1_048_576;
    // Retention over the whole history (1 month, two months after its end): archive files, then the year again from stored days only.
    clock.set(instantOf(addDays(to, 62), '12:00', TZ));
    const archiving = new ReportsService(site.store, { ...loaded.config, retention: { months: 1 } }, clock, loaded.dataDir);
    t = performance.now();
    const archived = { events: 0, files: [] as string[] };
    for (let run; (run = archiving.archiveOld()); ) {
      archived.events += run.events;
      archived.files.push(...run.files);
    }
    const archiveS = (performance.now() - t) / 1000;
    const archiveMB = archived.files.reduce((sum, f) => sum + statSync(f).size, 0) / 1_048_576;
    const again = archiving.report(range);
    const afterArchive: number[] = [];
    for (let i = 0; i < 3; i++) {
      t = performance.now();
      archiving.report(range);
      afterArchive.push(performance.now() - t);
    }
    const yearMsArchived = afterArchive.sort((a, b) => a - b)[1];
    if (again.tickets.issued !== first.tickets.issued) throw new Error('the year after archiving differs');
    site.db.pragma('wal_checkpoint(TRUNCATE)');
    const freePages = site.db.pragma('freelist_count', { simple: true }) as number;
    const pageSize = site.db.pragma('page_size', { simple: true }) as number;
    return {
      days,
      tickets: first.tickets.issued,
      events,
      generateS: round(generateS, 1),
      fillMs: Math.round(fillMs),
      yearMs: Math.round(times.sort((a, b) => a - b)[1]),
      // CPU time (all threads, GC included): the figure to compare on a busy machine.
      yearCpuMs: Math.round(cpu.sort((a, b) => a - b)[1]),
      rssMB: round(process.memoryUsage().rss / 1_048_576, 0),
      dbMB: round(dbMB, 1),
      archive: {
        events: archived.events,
        files: archived.files.length,
        MB: round(archiveMB, 1),
        seconds: round(archiveS, 1),
        // Freed pages are reused by new events; the file shrinks only with a VACUUM.
        dbFreeMB: round((freePages * pageSize) / 1_048_576, 1),
        yearMsFromStoredDays: Math.round(yearMsArchived),
      },
    };
  } finally {
    await site.close();
    rmSync(loaded.dataDir, { recursive: true, force: true });
  }
}

// `node --import tsx test/bench/reports-year.ts [days]`: this stage alone.
if (import.meta.url === `file://${process.argv[1]}`) {
  const days = Number(process.argv[2] ?? 365);
  console.log(JSON.stringify(await benchReportsYear(days, console.log)));
}
