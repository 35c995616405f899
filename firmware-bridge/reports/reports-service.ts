import { mkdirSync, readFileSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FrontdeskConfig } from '../../config/schema/index.js';
import type { Clock, ClockTimer } from '../kernel/clock.js';
import type { EventType, StoredEvent } from '../kernel/events.js';
import type { Migration } from '../store/database.js';
import type { EventStore } from '../store/event-store.js';
import { createHash } from 'node:crypto';
import { addDays, instantOf, localDay } from '../kernel/local-time.js';
import { writeArchive } from '../store/archive.js';
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
      // settings: a digest of the report settings the facts were made with (a new target remakes them);
      // settled: 1 once the day's follow-up callback window was over when they were made.
      db.exec(`CREATE TABLE report_days (day TEXT PRIMARY KEY, settings TEXT NOT NULL, settled INTEGER NOT NULL, facts TEXT NOT NULL);
        -- Follow-ups are read from their events over the whole range (a year: ~20,000 of ~3 million events).
        CREATE INDEX events_followups ON events(at) WHERE type IN ('followup.opened', 'followup.closed');`);
    },
  },
];

const KEEP_NEWEST = 'seq < (SELECT MAX(seq) FROM events)';

/** Meta key: events before this instant (ISO) are archived out of the live log (retention). */
export const ARCHIVED_BEFORE = 'events.archivedBefore';

/** What reports need from config. */
export function reportSettings(config: FrontdeskConfig): ReportSettings {
  return {
    timezone: config.site.timezone,
    hours: config.hours,
    services: config.services.map((s) => ({ id: s.id, targetWaitSec: s.targetWaitSec, complaints: s.complaints })),
    counters: config.counters.map((c) => c.id),
    followUpWindowDays: config.ratings.followUp.dueDays + 1,
  };
}

/** A report made on schedule, as stored in the data dir and published (no staff figures: no personal data). */
export interface ScheduledReport {
  kind: ReportKind;
  period: string;
  generatedAt: string;
  report: Report;
}


/** In this order: the partial index events_followups names them so. */
const FOLLOW_UP_EVENTS = ['followup.opened', 'followup.closed'] as const;

interface StoredDay {
  day: string;
  settings: string;
  settled: 0 | 1;
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
  private readonly dataDir: string;
  private daysTable: boolean | undefined;
  private readonly dir: string;
  private timer: ClockTimer | null = null;
  private readonly latestByKind = new Map<ReportKind, ScheduledReport>();

  constructor(
    private readonly events: EventStore,
    private readonly config: FrontdeskConfig,
    private readonly clock: Clock,
    dataDir: string,
    private readonly onScheduled: (made: ScheduledReport) => void = () => {},
    /** The keys feature's key log archiving (through ctx.services), run with the events' retention. */
    private readonly archiveKeyLog?: (beforeIso: string) => number,
    private readonly onArchived: (done: NonNullable<ReturnType<ReportsService['archiveOld']>>) => void = () => {},
  ) {
    this.settings = reportSettings(config);
    this.dataDir = dataDir;
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
    const rows = this.hasDays() ? (this.db.prepare('SELECT day, settings, settled, facts FROM report_days WHERE day BETWEEN ? AND ?').all(range.from, range.to) as StoredDay[]) : [];
    const stored = new Map(rows.map((row) => [row.day, row]));
    const dates = datesOf(range);
    let days = dates.map((day) => this.dayFacts(day, asOf, archivedBefore, stored.get(day)));
    // The last days' follow-ups may still get their callbacks: read from their events (a few days' worth, indexed).
    const open = dates.findIndex((day) => asOf < this.settledAt(day));
    if (open >= 0) {
      const tail = { from: dates[open], to: range.to };
      const live = collectFacts(this.eventsFor(tail, asOf, FOLLOW_UP_EVENTS), this.settings, tail, asOf).followUps;
      days = days.map((d, i) => (i < open ? d : { ...d, followUps: i === open ? live : [] }));
    }
    return reportOf(mergeDayFacts(days, range, asOf), this.settings, by);
  }

  /** A day's facts: stored once the day is over (remade once its follow-ups are settled), else from its events. */
  private dayFacts(day: string, asOf: number, archivedBefore: number, row: StoredDay | undefined): DayFacts {
    const archived = this.dayStart(day) < archivedBefore;
    const settled = asOf >= this.settledAt(day);
    // Facts made with other settings are remade, unless the day's events are archived (then they are all there is).
    if (row && (archived || (row.settings === this.settingsDigest && (row.settled === 1 || !settled)))) return decodeDayFacts(row.facts);
    const range = { from: day, to: day };
    const facts = collectFacts(this.eventsFor(range, asOf), this.settings, range, asOf);
    if (asOf >= this.dayStart(addDays(day, 1)) && !archived && this.hasDays() && !this.db.readonly)
      this.db
        .prepare('INSERT INTO report_days (day, settings, settled, facts) VALUES (?, ?, ?, ?) ON CONFLICT(day) DO UPDATE SET settings = excluded.settings, settled = excluded.settled, facts = excluded.facts')
        .run(day, this.settingsDigest, settled ? 1 : 0, encodeDayFacts(facts));
    return facts;
  }

  /** When a day's figures are final: its follow-ups' callback window is over (see followUpWindowDays). */
  private settledAt(day: string): number {
    return this.dayStart(addDays(day, 1 + this.settings.followUpWindowDays!));
  }

  private dayStart(day: string): number {
    return instantOf(day, '00:00', this.settings.timezone);
  }

  /** Stores the facts of every closed day up to `until` (a local date) not stored yet, e.g. before its events are archived. */
  storeClosedDays(from: string, until: string): number {
    const asOf = this.clock.now();
    const stored = new Set(this.db.prepare('SELECT day FROM report_days WHERE day BETWEEN ? AND ? AND settings = ? AND settled = 1').pluck().all(from, until, this.settingsDigest) as string[]);
    let made = 0;
    for (const day of datesOf({ from, to: until })) {
      if (stored.has(day)) continue;
      this.dayFacts(day, asOf, 0, undefined);
      made++;
    }
    return made;
  }

  /**
   * Retention, one month per call (a backlog never blocks the desk for long): the oldest month's
   * events before the first day of the month `retention.months` months back leave the live
   * database for a gzip NDJSON file in dataDir/archive/ (events-{YYYY-MM}-{first seq}.ndjson.gz, by
   * UTC month), after each of its days has its report facts stored, so reports over archived days
   * keep their figures. `archiveKeyLog` moves the key log's entries before the same instant (the
   * keys feature's deliberate path). Returns null when nothing is old enough.
   */
  archiveOld(archiveKeyLog?: (beforeIso: string) => number): { before: string; events: number; files: string[]; keyLogEntries: number } | null {
    const today = localDay(this.clock.now(), this.settings.timezone);
    const [y, m] = today.split('-').map(Number);
    const months = y * 12 + (m - 1) - this.config.retention.months;
    const boundary = new Date(this.dayStart(`${Math.floor(months / 12)}-${String((months % 12) + 1).padStart(2, '0')}-01`)).toISOString();
    // The newest event always stays: seq is the rowid, which an empty table would restart at 1.
    const oldest = this.db.prepare(`SELECT MIN(at) FROM events WHERE ${KEEP_NEWEST}`).pluck().get() as string | null;
    if (oldest === null || oldest >= boundary) return null;
    const month = oldest.slice(0, 7);
    const from = `${month}-01T00:00:00.000Z`;
    const before = [`${nextMonth(month)}-01T00:00:00.000Z`, boundary].sort()[0];
    const tz = this.settings.timezone;
    this.storeClosedDays(localDay(Date.parse(oldest), tz), localDay(Date.parse(before) - 1, tz));
    const rows = this.db.prepare(`SELECT seq, id, type, at, payload FROM events WHERE at >= ? AND at < ? AND ${KEEP_NEWEST} ORDER BY seq`).all(from, before) as { seq: number; payload: string }[];
    const file = writeArchive(this.dataDir, `events-${month}-${String(rows[0].seq).padStart(12, '0')}.ndjson.gz`, rows.map((r) => ({ ...r, payload: JSON.parse(r.payload) as unknown })));
    // Deleted only once the file is on disk; reports now read these days from report_days.
    this.db.transaction(() => {
      this.db.prepare('DELETE FROM events WHERE seq BETWEEN ? AND ? AND at >= ? AND at < ?').run(rows[0].seq, rows[rows.length - 1].seq, from, before);
      this.events.setMeta(ARCHIVED_BEFORE, before);
    })();
    return { before, events: rows.length, files: [file], keyLogEntries: archiveKeyLog?.(before) ?? 0 };
  }

  /** `frontdesk report` reads a database read-only, maybe one the service has not migrated yet. */
  private hasDays(): boolean {
    this.daysTable ??= this.db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'report_days'").get() !== undefined;
    return this.daysTable;
  }

  private get db() {
    return this.events.db;
  }

  /** Events of a range; follow-up callbacks are read on past its end, for the follow-ups opened in it. */
  private eventsFor(range: ReportRange, asOf: number, types?: readonly EventType[]): StoredEvent[] {
    const { start, end } = rangeInstants(range, this.settings.timezone);
    const iso = (ms: number) => new Date(ms).toISOString();
    const events = this.events.between(iso(start), iso(end), types);
    const callbacksUntil = Math.min(asOf + 1, this.settledAt(range.to));
    if (callbacksUntil > end) events.push(...this.events.between(iso(end), iso(callbacksUntil), ['followup.closed']));
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

  private runDue(archive = false): void {
    // Not on the start path: start-up time must not grow with history.
    const archived = archive ? this.archiveOld(this.archiveKeyLog) : null;
    if (archived) this.onArchived(archived);
    const now = this.clock.now();
    for (const kind of ['weekly', 'monthly'] as const) {
      const due = latestDue(kind, now, this.settings.timezone);
      const stored = this.read(kind, due.period);
      const made = stored ?? this.make(due);
      this.latestByKind.set(kind, made);
      if (!stored) this.onScheduled(made);
    }
    const next = Math.min(nextDueAt('weekly', now, this.settings.timezone), nextDueAt('monthly', now, this.settings.timezone));
    this.timer = this.clock.setTimeout(() => this.runDue(true), Math.max(1000, Math.min(next - now, SCHEDULE_CHECK_MS)));
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


/** "YYYY-MM" → the month after it. */
function nextMonth(month: string): string {
  const [y, m] = month.split('-').map(Number);
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
}
