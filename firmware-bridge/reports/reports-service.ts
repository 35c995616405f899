import { mkdirSync, readFileSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FrontdeskConfig } from '../../config/schema/index.js';
import type { Clock, ClockTimer } from '../kernel/clock.js';
import type { EventType, StoredEvent } from '../kernel/events.js';
import type { Migration } from '../store/database.js';
import type { EventStore } from '../store/event-store.js';
import { createHash } from 'node:crypto';
import { addDays, instantOf } from '../kernel/local-time.js';
import { decodeDayFacts, encodeDayFacts, mergeDayFacts, type DayFacts } from './rules/day-facts.js';
import { collectFacts, rangeInstants, type ReportRange, type ReportSettings } from './rules/report-facts.js';
import { datesOf, reportOf, type GroupBy, type Report } from './rules/report-kpis.js';
import { latestDue, nextDueAt, type DuePeriod, type ReportKind } from './rules/report-schedule.js';

export const reportsMigrations: Migration[] = [
  {
    version: 700,
    name: 'events by time, for reports over a date range',
    up(db) {
      db.exec('CREATE INDEX IF NOT EXISTS events_at ON events(at)');
    },
  },
  {
    version: 701,
    name: 'report facts of each closed day, so a year is read without its events',
    up(db) {
      // settings: a digest of the report settings the facts were made with (a new target remakes them).
      db.exec('CREATE TABLE report_days (day TEXT PRIMARY KEY, settings TEXT NOT NULL, facts TEXT NOT NULL)');
    },
  },
];

/** Meta key: events before this instant (ISO) are archived out of the live log (retention). */
export const ARCHIVED_BEFORE = 'events.archivedBefore';

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

interface StoredDay {
  day: string;
  settings: string;
  facts: string;
}
/** Re-check the schedule at least this often: long timers drift, and the clock may be set. */
const SCHEDULE_CHECK_MS = 3_600_000;

/**
 * Reports over the event log: reads the committed events of a date range (the `at` index) and
 * hands them to the pure KPI rules. Follow-up callbacks made after the range still judge the
 * follow-ups opened in it, so their closures are read up to now.
 */
export class ReportsService {
  private readonly settings: ReportSettings;
  private readonly settingsDigest: string;
  private readonly dir: string;
  private timer: ClockTimer | null = null;
  private readonly latestByKind = new Map<ReportKind, ScheduledReport>();

  constructor(
    private readonly events: EventStore,
    private readonly config: FrontdeskConfig,
    private readonly clock: Clock,
    dataDir: string,
    private readonly onScheduled: (made: ScheduledReport) => void = () => {},
  ) {
    this.settings = reportSettings(config);
    this.settingsDigest = createHash('sha256').update(JSON.stringify(this.settings)).digest('base64url').slice(0, 16);
    this.dir = join(dataDir, 'reports');
  }

  /**
   * The report of a range: each closed day's facts come from `report_days` (made from its events
   * once, then kept), today's from the live events; follow-ups are read from their own events for
   * the whole range, since a callback may come days later. The result is the one `computeReport`
   * gives over the raw events (test/integration/reports-year.test.ts).
   */
  report(range: ReportRange, by?: GroupBy): Report {
    const asOf = this.clock.now();
    const archivedBefore = Date.parse(this.events.getMeta(ARCHIVED_BEFORE) ?? '') || 0;
    const stored = new Map(
      (this.db.prepare('SELECT day, settings, facts FROM report_days WHERE day BETWEEN ? AND ?').all(range.from, range.to) as StoredDay[]).map((row) => [row.day, row]),
    );
    const dates = datesOf(range);
    const days = dates.map((day) => this.dayFacts(day, asOf, archivedBefore, stored.get(day)));
    const followUps = collectFacts(this.eventsFor(range, asOf, ['followup.opened', 'followup.closed']), this.settings, range, asOf).followUps;
    // Archived days have no follow-up events left: their follow-ups are as stored when the day closed.
    dates.forEach((day, i) => {
      if (this.dayStart(day) < archivedBefore) followUps.push(...days[i].followUps);
    });
    return reportOf(mergeDayFacts(days, range, asOf, followUps), this.settings, by);
  }

  private dayStart(day: string): number {
    return instantOf(day, '00:00', this.settings.timezone);
  }

  /** A day's facts: stored once the day is over, else from its events. */
  private dayFacts(day: string, asOf: number, archivedBefore: number, row: StoredDay | undefined): DayFacts {
    const archived = this.dayStart(day) < archivedBefore;
    // Facts made with other settings are remade, unless the day's events are archived (then they are all there is).
    if (row && (row.settings === this.settingsDigest || archived)) return decodeDayFacts(row.facts);
    const range = { from: day, to: day };
    const facts = collectFacts(this.eventsFor(range, asOf), this.settings, range, asOf);
    if (asOf >= this.dayStart(addDays(day, 1)) && !archived)
      this.db.prepare('INSERT INTO report_days (day, settings, facts) VALUES (?, ?, ?) ON CONFLICT(day) DO UPDATE SET settings = excluded.settings, facts = excluded.facts').run(day, this.settingsDigest, encodeDayFacts(facts));
    return facts;
  }

  /** Stores the facts of every closed day up to `until` (a local date) not stored yet, e.g. before its events are archived. */
  storeClosedDays(from: string, until: string): number {
    const asOf = this.clock.now();
    const stored = new Set(this.db.prepare('SELECT day FROM report_days WHERE day BETWEEN ? AND ? AND settings = ?').pluck().all(from, until, this.settingsDigest) as string[]);
    let made = 0;
    for (const day of datesOf({ from, to: until })) {
      if (stored.has(day)) continue;
      this.dayFacts(day, asOf, 0, undefined);
      made++;
    }
    return made;
  }

  private get db() {
    return this.events.db;
  }

  /** Events of a range; follow-up closures are read on past its end, for the follow-ups opened in it. */
  private eventsFor(range: ReportRange, asOf: number, types?: readonly EventType[]): StoredEvent[] {
    const { start, end } = rangeInstants(range, this.settings.timezone);
    const iso = (ms: number) => new Date(ms).toISOString();
    const events = this.events.between(iso(start), iso(end), types);
    // Callbacks for follow-ups opened in the range come up to dueDays (+ a day of slack) later.
    const closuresUntil = Math.min(asOf + 1, end + (this.config.ratings.followUp.dueDays + 1) * DAY_MS);
    if (closuresUntil > end)
      events.push(...this.events.between(iso(end), iso(closuresUntil), ['followup.closed']));
    return events;
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

