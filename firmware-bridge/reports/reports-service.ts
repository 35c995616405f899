import { mkdirSync, readFileSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FrontdeskConfig } from '../../config/schema/index.js';
import type { Clock, ClockTimer } from '../kernel/clock.js';
import type { EventType, StoredEvent } from '../kernel/events.js';
import type { Db, Migration } from '../store/database.js';
import { rangeInstants, type ReportRange, type ReportSettings } from './rules/report-facts.js';
import { computeReport, type GroupBy, type Report } from './rules/report-kpis.js';
import { latestDue, nextDueAt, type DuePeriod, type ReportKind } from './rules/report-schedule.js';

export const reportsMigrations: Migration[] = [
  {
    version: 700,
    name: 'events by time, for reports over a date range',
    up(db) {
      db.exec('CREATE INDEX IF NOT EXISTS events_at ON events(at)');
    },
  },
];

/** What reports need from config. */
export function reportSettings(config: FrontdeskConfig): ReportSettings {
  return {
    timezone: config.site.timezone,
    hours: config.hours,
    services: config.services.map((s) => ({ id: s.id, targetWaitSec: s.targetWaitSec, complaints: s.complaints })),
    counters: config.counters.map((c) => c.id),
  };
}

/** A report made on schedule, as stored in the data dir and published (no staff figures: no personal data). */
export interface ScheduledReport {
  kind: ReportKind;
  period: string;
  generatedAt: string;
  report: Report;
}

const DAY_MS = 86_400_000;
/** Re-check the schedule at least this often: long timers drift, and the clock may be set. */
const SCHEDULE_CHECK_MS = 3_600_000;

/**
 * Reports over the event log: reads the committed events of a date range (the `at` index) and
 * hands them to the pure KPI rules. Follow-up callbacks made after the range still judge the
 * follow-ups opened in it, so their closures are read up to now.
 */
export class ReportsService {
  private readonly settings: ReportSettings;
  private readonly dir: string;
  private timer: ClockTimer | null = null;
  private readonly latestByKind = new Map<ReportKind, ScheduledReport>();

  constructor(
    private readonly db: Db,
    private readonly config: FrontdeskConfig,
    private readonly clock: Clock,
    dataDir: string,
    private readonly onScheduled: (made: ScheduledReport) => void = () => {},
  ) {
    this.settings = reportSettings(config);
    this.dir = join(dataDir, 'reports');
  }

  report(range: ReportRange, by?: GroupBy): Report {
    const asOf = this.clock.now();
    return computeReport(this.eventsFor(range, asOf), this.settings, range, asOf, by);
  }

  private eventsFor(range: ReportRange, asOf: number): StoredEvent[] {
    const { start, end } = rangeInstants(range, this.settings.timezone);
    const iso = (ms: number) => new Date(ms).toISOString();
    const rows = this.db.prepare('SELECT seq, id, type, at, payload FROM events WHERE at >= ? AND at < ? ORDER BY seq').all(iso(start), iso(end)) as Row[];
    // Callbacks for follow-ups opened in the range come up to dueDays (+ a day of slack) later.
    const closuresUntil = Math.min(asOf + 1, end + (this.config.ratings.followUp.dueDays + 1) * DAY_MS);
    if (closuresUntil > end)
      rows.push(...(this.db.prepare("SELECT seq, id, type, at, payload FROM events WHERE type = 'followup.closed' AND at >= ? AND at < ? ORDER BY seq").all(iso(end), iso(closuresUntil)) as Row[]));
    // A discriminated union of more than 25 event types is not checked member by member: cast, as the event store's fromRow does.
    return rows.map((r) => ({ seq: r.seq, id: r.id, type: r.type, at: r.at, payload: JSON.parse(r.payload) }) as StoredEvent);
  }

  /** Makes any due weekly/monthly report not yet stored (also after a downtime), then waits for the next. */
  start(): void {
    this.runDue();
  }

  stop(): void {
    if (this.timer) this.clock.clearTimeout(this.timer);
    this.timer = null;
  }

  private runDue(): void {
    const now = this.clock.now();
    for (const kind of ['weekly', 'monthly'] as const) {
      const due = latestDue(kind, now, this.settings.timezone);
      const stored = this.read(kind, due.period);
      const made = stored ?? this.make(due);
      this.latestByKind.set(kind, made);
      if (!stored) this.onScheduled(made);
    }
    const next = Math.min(nextDueAt('weekly', now, this.settings.timezone), nextDueAt('monthly', now, this.settings.timezone));
    this.timer = this.clock.setTimeout(() => this.runDue(), Math.max(1000, Math.min(next - now, SCHEDULE_CHECK_MS)));
  }

  private make(due: DuePeriod): ScheduledReport {
    const made: ScheduledReport = { kind: due.kind, period: due.period, generatedAt: new Date(this.clock.now()).toISOString(), report: this.report(due.range, 'day') };
    mkdirSync(this.dir, { recursive: true });
    const file = this.file(due.kind, due.period);
    // Written whole, then renamed: a power cut leaves the old file or the new one, never half.
    writeFileSync(`${file}.tmp`, JSON.stringify(made));
    renameSync(`${file}.tmp`, file);
    return made;
  }

  private file(kind: ReportKind, period: string): string {
    return join(this.dir, `${kind}-${period}.json`);
  }

  read(kind: ReportKind, period: string): ScheduledReport | null {
    try {
      return JSON.parse(readFileSync(this.file(kind, period), 'utf8')) as ScheduledReport;
    } catch {
      return null;
    }
  }

  /** Stored reports, newest first. */
  list(): { kind: ReportKind; period: string; from: string; to: string; generatedAt: string }[] {
    let names: string[];
    try {
      names = readdirSync(this.dir);
    } catch {
      return [];
    }
    const out = [];
    for (const name of names) {
      const match = /^(weekly|monthly)-([0-9-]+)\.json$/.exec(name);
      if (!match) continue;
      const made = this.read(match[1] as ReportKind, match[2]);
      if (made) out.push({ kind: made.kind, period: made.period, from: made.report.from, to: made.report.to, generatedAt: made.generatedAt });
    }
    return out.sort((a, b) => b.to.localeCompare(a.to) || a.kind.localeCompare(b.kind));
  }

  /** The retained MQTT payload of the latest report of a kind. */
  latest(kind: ReportKind): ScheduledReport | undefined {
    return this.latestByKind.get(kind);
  }
}

interface Row {
  seq: number;
  id: string;
  type: EventType;
  at: string;
  payload: string;
}
