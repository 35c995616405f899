import type { StoredEvent } from '../../kernel/events.js';
import { collectFacts, type FactKeys, type RatingFact, type ReportFacts, type ReportRange, type ReportSettings } from './report-facts.js';

export const groupDimensions = ['service', 'counter', 'staff', 'day', 'hour'] as const;
export type GroupBy = (typeof groupDimensions)[number];

export interface TimeStats {
  mean: number | null;
  p50: number | null;
  p90: number | null;
  max: number | null;
}

/** The figures of one slice (the whole range, or one group). Names are the API's (README "Reports"). */
export interface Figures {
  tickets: { issued: number; served: number; noShows: number; transferred: number; unserved: number };
  waitSec: TimeStats;
  serviceSec: TimeStats;
  /** Share of tickets first called within their service's target wait; never-called unserved tickets count as missed. */
  serviceLevel: number | null;
  ratings: { satisfied: number; average: number; unsatisfied: number; rate: number | null; responseRate: number | null };
  complaints: { count: number; rate: number | null };
  followUps: { due: number; onTime: number; overdue: number; recoveryRate: number | null };
  keys: { handouts: number; overdue: number; lost: number };
}

export type AbuseFlag = 'low_response' | 'all_satisfied';

export interface CounterProductivity {
  counter: string;
  served: number;
  /** Staffed time minus pauses, in hours. */
  openHours: number;
  servedPerOpenHour: number | null;
  idleSec: number;
  pauseSec: number;
  pauseByReason: Record<string, number>;
  ratings: Figures['ratings'];
  flags: AbuseFlag[];
}

export interface HeatmapCell {
  weekday: number;
  hour: number;
  satisfied: number;
  average: number;
  unsatisfied: number;
}

export interface Report extends Figures {
  from: string;
  to: string;
  days: number;
  arrivalsByHour: number[];
  pauseByReason: Record<string, number>;
  counters: CounterProductivity[];
  satisfactionHeatmap: HeatmapCell[];
  by?: GroupBy;
  groups?: (Figures & { key: string })[];
}

/** A counter is flagged when its response rate is below this share of the median of the counters. */
export const LOW_RESPONSE_SHARE = 0.5;
/** …judged only once it finished this many tickets. */
export const MIN_FINISHED_FOR_FLAGS = 20;
/** All ratings 满意 over at least this many ratings is the "pressing for the customer" pattern. */
export const ALL_SATISFIED_MIN_RATINGS = 30;

/** Nearest-rank percentile (the smallest value with at least p of the values at or below it). */
export function percentile(sorted: ArrayLike<number>, p: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)];
}

export function timeStats(values: readonly number[]): TimeStats {
  if (values.length === 0) return { mean: null, p50: null, p90: null, max: null };
  const sorted = Float64Array.from(values).sort(); // numeric order, and fast over a year's tickets
  const mean = sorted.reduce((s, v) => s + v, 0) / sorted.length;
  return { mean: round1(mean), p50: percentile(sorted, 0.5), p90: percentile(sorted, 0.9), max: sorted[sorted.length - 1] };
}

const round1 = (v: number) => Math.round(v * 10) / 10;
const ratio = (part: number, whole: number) => (whole === 0 ? null : part / whole);

/** How many facts a list holds (a stored fact may stand for `n` identical ones). */
export function countOf(facts: readonly Pick<FactKeys, 'n'>[]): number {
  let total = 0;
  for (const f of facts) total += f.n ?? 1;
  return total;
}

/** A slice's ratings, and the response rate over the tickets it finished. */
function ratingFigures(ratings: readonly RatingFact[], served: number): Figures['ratings'] {
  const counts = { satisfied: 0, average: 0, unsatisfied: 0 };
  for (const r of ratings) counts[r.score] += r.n ?? 1;
  const total = counts.satisfied + counts.average + counts.unsatisfied;
  return { ...counts, rate: ratio(counts.satisfied, total), responseRate: ratio(total, served) };
}

/** The figures of some facts: the whole range's, or one group's slice (`whole` false: keys lost belong to no group). */
export function figuresOf(facts: ReportFacts, whole = true): Figures {
  const { served, callTimings: timings, followUps, keyHandouts: handouts } = facts;
  // Due = can be judged: handled already, or past its due time (one not yet due can still make it).
  const judged = followUps.filter((f) => f.handledAt !== null || f.dueAt <= facts.asOf);
  const onTime = judged.filter((f) => f.handledAt !== null && f.withinDue).length;
  const handled = followUps.filter((f) => f.handledAt !== null);
  const complaints = countOf(facts.complaints);
  return {
    tickets: {
      issued: countOf(facts.issued),
      served: served.length,
      noShows: countOf(facts.noShows),
      transferred: countOf(facts.transferred),
      unserved: countOf(facts.unserved),
    },
    waitSec: timeStats(served.map((s) => s.waitSec)),
    serviceSec: timeStats(served.map((s) => s.serviceSec)),
    serviceLevel: ratio(countOf(timings.filter((t) => t.withinTarget)), countOf(timings)),
    ratings: ratingFigures(facts.ratings, served.length),
    complaints: { count: complaints, rate: ratio(complaints, served.length) },
    followUps: {
      due: judged.length,
      onTime,
      overdue: judged.length - onTime,
      recoveryRate: ratio(handled.filter((f) => f.firstOutcome === 'satisfied_now').length, handled.length),
    },
    keys: { handouts: handouts.length, overdue: handouts.filter((h) => h.overdue).length, lost: whole ? (facts.keysLost ?? 0) : 0 },
  };
}

/** The lists whose facts carry group keys. */
const KEYED_LISTS = ['issued', 'served', 'noShows', 'transferred', 'unserved', 'callTimings', 'complaints', 'ratings', 'followUps', 'keyHandouts'] as const;

/** Each group's slice of the facts, every keyed list split in one pass (a fact without the dimension is in no group). */
export function slicesBy(facts: ReportFacts, keys: readonly string[], keyOf: (k: FactKeys) => string | null): Map<string, ReportFacts> {
  const slices = new Map<string, ReportFacts>();
  for (const key of keys) {
    const slice = { ...facts };
    for (const list of KEYED_LISTS) (slice[list] as FactKeys[]) = [];
    slices.set(key, slice);
  }
  for (const list of KEYED_LISTS)
    for (const fact of facts[list] as FactKeys[]) {
      const key = keyOf(fact);
      const slice = key === null ? undefined : slices.get(key);
      if (slice) (slice[list] as FactKeys[]).push(fact);
    }
  return slices;
}

/** Every local date of a range, in order. */
export function datesOf(range: ReportRange): string[] {
  const dates: string[] = [];
  for (let d = range.from; d <= range.to; d = nextDate(d)) dates.push(d);
  return dates;
}

function nextDate(date: string): string {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10);
}

function groupKeys(facts: ReportFacts, settings: ReportSettings, by: GroupBy): string[] {
  switch (by) {
    case 'service':
      return settings.services.map((s) => s.id);
    case 'counter':
      return [...settings.counters];
    case 'day':
      return datesOf(facts.range);
    case 'hour':
      return Array.from({ length: 24 }, (_, h) => String(h));
    case 'staff': {
      const seen = new Set<string>();
      for (const list of [facts.served, facts.noShows, facts.transferred, facts.callTimings, facts.ratings, facts.followUps, facts.keyHandouts])
        for (const k of list) if (k.staff) seen.add(k.staff);
      return [...seen].sort();
    }
  }
}

const HOURS = Array.from({ length: 24 }, (_, h) => String(h));

function keyOf(k: FactKeys, by: GroupBy): string | null {
  return by === 'hour' ? HOURS[k.hour] : k[by];
}

/** Per counter: throughput per staffed hour, idle and pause time, its ratings and the abuse flags. */
export function counterProductivity(facts: ReportFacts, counters: readonly string[]): CounterProductivity[] {
  const slices = slicesBy(facts, counters, (k) => k.counter);
  const rows = counters.map((counter): CounterProductivity => {
    const days = facts.counterDays.filter((d) => d.counter === counter);
    const spanSec = days.reduce((s, d) => s + d.spanSec, 0);
    const busySec = days.reduce((s, d) => s + d.busySec, 0);
    const pauses = facts.pauses.filter((p) => p.counter === counter);
    const pauseSec = pauses.reduce((s, p) => s + p.sec, 0);
    const openSec = Math.max(0, spanSec - pauseSec);
    const slice = slices.get(counter)!;
    const served = slice.served.length;
    return {
      counter,
      served,
      openHours: Math.round((openSec / 3600) * 100) / 100,
      servedPerOpenHour: openSec === 0 ? null : Math.round((served / (openSec / 3600)) * 10) / 10,
      idleSec: Math.round(Math.max(0, openSec - busySec)),
      pauseSec: Math.round(pauseSec),
      pauseByReason: sumByReason(pauses),
      ratings: ratingFigures(slice.ratings, served),
      flags: [],
    };
  });
  const judged = rows.filter((r) => r.served >= MIN_FINISHED_FOR_FLAGS && r.ratings.responseRate !== null);
  const rates = judged.map((r) => r.ratings.responseRate!).sort((a, b) => a - b);
  const median = rates.length === 0 ? null : rates.length % 2 ? rates[(rates.length - 1) / 2] : (rates[rates.length / 2 - 1] + rates[rates.length / 2]) / 2;
  for (const row of judged) {
    // Staff skipping the rating prompt: far fewer ratings per finished ticket than the other counters.
    if (median !== null && judged.length >= 2 && row.ratings.responseRate! < LOW_RESPONSE_SHARE * median) row.flags.push('low_response');
  }
  for (const row of rows) {
    const total = row.ratings.satisfied + row.ratings.average + row.ratings.unsatisfied;
    // Staff pressing 满意 for the customer: nothing but 满意 over many ratings.
    if (total >= ALL_SATISFIED_MIN_RATINGS && row.ratings.satisfied === total) row.flags.push('all_satisfied');
  }
  return rows;
}

function sumByReason(pauses: readonly { reason: string; sec: number }[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const p of pauses) out[p.reason] = Math.round((out[p.reason] ?? 0) + p.sec);
  return out;
}

/** The report of a date range from the committed events (in seq order), as of `asOf`. */
export function computeReport(events: readonly StoredEvent[], settings: ReportSettings, range: ReportRange, asOf: number, by?: GroupBy): Report {
  return reportOf(collectFacts(events, settings, range, asOf), settings, by);
}

/** The report of collected facts (straight from events, or merged from stored per-day facts). */
export function reportOf(facts: ReportFacts, settings: ReportSettings, by?: GroupBy): Report {
  const range = facts.range;
  const arrivalsByHour = Array.from({ length: 24 }, () => 0);
  for (const k of facts.issued) arrivalsByHour[k.hour] += k.n ?? 1;
  const heat = new Map<number, HeatmapCell>();
  for (const r of facts.ratings) {
    const id = r.weekday * 24 + r.hour;
    let cell = heat.get(id);
    if (!cell) heat.set(id, (cell = { weekday: r.weekday, hour: r.hour, satisfied: 0, average: 0, unsatisfied: 0 }));
    cell[r.score] += r.n ?? 1;
  }
  const report: Report = {
    from: range.from,
    to: range.to,
    days: datesOf(range).length,
    ...figuresOf(facts),
    arrivalsByHour,
    pauseByReason: sumByReason(facts.pauses),
    counters: counterProductivity(facts, settings.counters),
    satisfactionHeatmap: [...heat.values()].sort((a, b) => a.weekday - b.weekday || a.hour - b.hour),
  };
  if (by) {
    report.by = by;
    const keys = groupKeys(facts, settings, by);
    const slices = slicesBy(facts, keys, (k) => keyOf(k, by));
    report.groups = keys.map((key) => ({ key, ...figuresOf(slices.get(key)!, false) }));
  }
  return report;
}

export type { ReportRange, ReportSettings } from './report-facts.js';
