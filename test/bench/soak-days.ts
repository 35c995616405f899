/**
 * Day-to-day memory soak under the fake clock (not part of `npm test`; minutes, not days):
 *
 *   node --expose-gc --max-semi-space-size=1 --import tsx test/bench/soak-days.ts [--days 3] [--per-day 1500] [--json]
 *
 * The whole desk (every feature, sim devices, telemetry off) runs in this process on a FakeClock.
 * Each day from 08:30 to 17:30: PER_DAY tickets pressed, each one called, finished and rated at
 * its counter, all over real HTTP on 127.0.0.1. At the end of each day (and at the start) a full
 * GC, then the V8 heap in use, external memory and RSS are noted. A desk that keeps only today in
 * memory holds the same heap each evening: the check is that day 3 is within 1 MB of day 1.
 */
import { parseArgs } from 'node:util';
import { FakeClock } from '../../firmware-bridge/kernel/clock.js';
import { startApp } from '../../firmware-bridge/runtime/app.js';
import { createFeatures } from '../../firmware-bridge/desk.js';
import { silentLogger } from '../../firmware-bridge/runtime/logger.js';
import { testLoadedConfig } from '../fixtures/test-config.js';
import { round } from './stats.js';

const { values } = parseArgs({ options: { days: { type: 'string', default: '3' }, 'per-day': { type: 'string', default: '1500' }, json: { type: 'boolean', default: false } } });
const days = Number(values.days);
const perDay = Number(values['per-day']);
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) {
  console.error('run with node --expose-gc (see the header)');
  process.exit(2);
}

interface DayMemory {
  day: string;
  tickets: number;
  ratings: number;
  heapUsedMB: number;
  /** V8's reserved heap: the gap to heapUsed is slack V8 keeps for the next day's garbage. */
  heapTotalMB: number;
  externalMB: number;
  rssMB: number;
}

function measure(day: string, tickets: number, ratings: number): DayMemory {
  for (let i = 0; i < 3; i++) gc!(); // weak references and finalizers need more than one pass
  const m = process.memoryUsage();
  const mb = (n: number) => round(n / 1048576, 1);
  return { day, tickets, ratings, heapUsedMB: mb(m.heapUsed), heapTotalMB: mb(m.heapTotal), externalMB: mb(m.external), rssMB: mb(m.rss) };
}

const clock = new FakeClock('2026-12-01T08:30:00+08:00');
const loaded = testLoadedConfig({ ratings: { repeatIgnoreSec: 0 }, queue: { maxNumber: 9999 }, audio: { speech: { enabled: false } } });
const app = await startApp(loaded, { clock, log: silentLogger, features: createFeatures() });
const post = async (path: string, body: object, token?: string) => {
  const res = await fetch(`${app.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify(body) });
  const json = (await res.json()) as Record<string, any>;
  if (res.status >= 300) throw new Error(`${path} answered ${res.status}: ${JSON.stringify(json).slice(0, 200)}`);
  return json;
};

const rows: DayMemory[] = [measure('start', 0, 0)];
const services = ['transaction', 'consultation', 'complaint', 'priority'];
const counterFor: Record<string, string> = { transaction: '1', consultation: '2', complaint: '3', priority: '1' };
const scores = ['satisfied', 'satisfied', 'average', 'unsatisfied'];
const DAY_MS = 24 * 3600_000;
const OPEN_MS = 9 * 3600_000;
try {
  for (let d = 0; d < days; d++) {
    clock.set(Date.parse('2026-12-01T08:30:00+08:00') + d * DAY_MS);
    const { token } = (await post('/api/session', { staff: '001', pin: '1234' })) as { token: string };
    let ratings = 0;
    for (let i = 0; i < perDay; i++) {
      clock.advance(Math.floor(OPEN_MS / perDay));
      const service = services[i % services.length];
      await post('/api/tickets', { service });
      const counter = counterFor[service];
      const called = await post(`/api/counters/${counter}/next`, {}, token);
      if (!called.ticket) continue;
      clock.advance(1000);
      await post(`/api/counters/${counter}/finish`, {}, token);
      await post('/api/ratings', { counter, score: scores[i % scores.length] });
      ratings++;
    }
    rows.push(measure(new Date(clock.now() + 8 * 3600_000).toISOString().slice(0, 10), perDay, ratings));
  }
} finally {
  await app.close();
  loaded.cleanup();
}

const first = rows[1];
const last = rows[rows.length - 1];
const growthMB = round(last.heapUsedMB - first.heapUsedMB, 1);
const verdict = { heapGrowthFirstToLastDayMB: growthMB, noGrowth: growthMB <= 1 };
if (values.json) console.log(JSON.stringify({ days: rows, ...verdict }));
else {
  console.log('day         tickets ratings  heap used MB  heap total MB  external MB  RSS MB');
  for (const r of rows) console.log(`${r.day.padEnd(11)} ${String(r.tickets).padStart(7)} ${String(r.ratings).padStart(7)}  ${String(r.heapUsedMB).padStart(12)}  ${String(r.heapTotalMB).padStart(13)}  ${String(r.externalMB).padStart(11)}  ${String(r.rssMB).padStart(6)}`);
  console.log(`heap after GC, first evening → last: ${growthMB >= 0 ? '+' : ''}${growthMB} MB (${verdict.noGrowth ? 'no growth' : 'GROWS'})`);
}
process.exitCode = verdict.noGrowth ? 0 : 1;
