import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../../config/load-config.js';
import { systemClock } from '../kernel/clock.js';
import { isRefusal } from '../kernel/refusal.js';
import { databasePath } from '../store/database.js';
import { EventStore } from '../store/event-store.js';
import { ReportsService } from './reports-service.js';
import { reportCsv } from './rules/report-csv.js';
import { parseReportQuery } from './rules/report-query.js';
import type { Report } from './rules/report-kpis.js';

const DEFAULT_CONFIG = 'config/default.yaml';
const usage = 'usage: frontdesk report --from YYYY-MM-DD --to YYYY-MM-DD [--by service|counter|staff|day|hour] [--json|--csv] [--config FILE]';

/** `frontdesk report`: the figures of `GET /api/reports`, read from the database (read-only) on this machine. */
export async function runReportCommand(argv: string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: { from: { type: 'string' }, to: { type: 'string' }, by: { type: 'string' }, json: { type: 'boolean' }, csv: { type: 'boolean' }, config: { type: 'string' } },
      strict: true,
    }));
  } catch (err) {
    console.error(`${(err as Error).message}\n${usage}`);
    return 2;
  }
  const query = parseReportQuery(values);
  if (isRefusal(query)) {
    console.error(`${query.message}\n${usage}`);
    return 2;
  }
  let loaded;
  try {
    loaded = loadConfig(values.config ?? process.env.FRONTDESK_CONFIG ?? DEFAULT_CONFIG);
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      return 2;
    }
    throw err;
  }
  const file = databasePath(loaded.dataDir);
  if (!existsSync(file)) {
    console.error(`${file}: no database yet (the service has not run with this config)`);
    return 2;
  }
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const report = new ReportsService(new EventStore(db, systemClock), loaded.config, systemClock, loaded.dataDir).report(query.range, query.by);
    if (values.json) console.log(JSON.stringify(report, null, 2));
    else if (values.csv) process.stdout.write(reportCsv(report));
    else console.log(textReport(report));
    return 0;
  } finally {
    db.close();
  }
}

const pct = (v: number | null) => (v === null ? '—' : `${(v * 100).toFixed(1)} %`);
const num = (v: number | null) => (v === null ? '—' : String(v));

function textReport(r: Report): string {
  const lines = [
    `报表 Report ${r.from} – ${r.to} (${r.days} days)`,
    `取号 issued ${r.tickets.issued} · 办结 served ${r.tickets.served} · 过号 no-shows ${r.tickets.noShows} · 转移 transferred ${r.tickets.transferred} · 未办 unserved ${r.tickets.unserved}`,
    `等候 wait s: mean ${num(r.waitSec.mean)} p50 ${num(r.waitSec.p50)} p90 ${num(r.waitSec.p90)} max ${num(r.waitSec.max)}`,
    `办理 service s: mean ${num(r.serviceSec.mean)} p50 ${num(r.serviceSec.p50)} p90 ${num(r.serviceSec.p90)} max ${num(r.serviceSec.max)}`,
    `服务水平 service level ${pct(r.serviceLevel)}`,
    `评价 ratings: 满意 ${r.ratings.satisfied} 一般 ${r.ratings.average} 不满意 ${r.ratings.unsatisfied} · rate ${pct(r.ratings.rate)} · response ${pct(r.ratings.responseRate)}`,
    `投诉 complaints ${r.complaints.count} · rate ${pct(r.complaints.rate)}`,
    `回访 follow-ups due ${r.followUps.due} · on time ${r.followUps.onTime} · overdue ${r.followUps.overdue} · recovery ${pct(r.followUps.recoveryRate)}`,
    `钥匙 keys handouts ${r.keys.handouts} · overdue ${r.keys.overdue} · lost ${r.keys.lost}`,
  ];
  for (const c of r.counters)
    lines.push(`窗口 counter ${c.counter}: served ${c.served}, ${c.openHours} h open, ${num(c.servedPerOpenHour)}/h, idle ${c.idleSec} s, paused ${c.pauseSec} s${c.flags.length ? ` ⚠ ${c.flags.join(', ')}` : ''}`);
  for (const g of r.groups ?? []) lines.push(`${r.by} ${g.key}: issued ${g.tickets.issued}, served ${g.tickets.served}, wait p90 ${num(g.waitSec.p90)} s, level ${pct(g.serviceLevel)}, satisfied ${pct(g.ratings.rate)}`);
  return lines.join('\n');
}
