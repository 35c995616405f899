import { addDays, instantOf, localParts, weekdayOf } from '../../kernel/local-time.js';
import type { ReportRange } from './report-facts.js';

export type ReportKind = 'weekly' | 'monthly';

/** Reports are made at this local time: the weekly one on Monday, the monthly one on the 1st. */
export const REPORT_TIME = '09:00';

export interface DuePeriod {
  kind: ReportKind;
  /** "2026-11-23" (the Monday the week starts) or "2026-11" (the month). */
  period: string;
  range: ReportRange;
  dueAt: number;
}

function mondayOnOrBefore(date: string): string {
  let d = date;
  while (weekdayOf(d) !== 'mon') d = addDays(d, -1);
  return d;
}

/** The latest weekly report that is due by `now`: the Monday-to-Sunday week before the last Monday 09:00. */
export function latestDue(kind: ReportKind, now: number, tz: string): DuePeriod {
  const today = localParts(now, tz).date;
  if (kind === 'weekly') {
    let monday = mondayOnOrBefore(today);
    if (instantOf(monday, REPORT_TIME, tz) > now) monday = addDays(monday, -7);
    const from = addDays(monday, -7);
    return { kind, period: from, range: { from, to: addDays(monday, -1) }, dueAt: instantOf(monday, REPORT_TIME, tz) };
  }
  let first = `${today.slice(0, 8)}01`;
  if (instantOf(first, REPORT_TIME, tz) > now) first = `${addDays(first, -1).slice(0, 8)}01`;
  const lastOfPrevious = addDays(first, -1);
  const from = `${lastOfPrevious.slice(0, 8)}01`;
  return { kind, period: from.slice(0, 7), range: { from, to: lastOfPrevious }, dueAt: instantOf(first, REPORT_TIME, tz) };
}

/** When the next report of this kind falls due after `now`. */
export function nextDueAt(kind: ReportKind, now: number, tz: string): number {
  const latest = latestDue(kind, now, tz);
  const nextDay = kind === 'weekly' ? addDays(latest.range.to, 8) : nextMonthFirst(latest.range.to);
  return instantOf(nextDay, REPORT_TIME, tz);
}

/** `date` is the last day of the previous month; the due 1st is the day after it, the next one a month later. */
function nextMonthFirst(lastOfPrevious: string): string {
  const dueFirst = addDays(lastOfPrevious, 1);
  return `${addDays(`${dueFirst.slice(0, 8)}28`, 5).slice(0, 8)}01`;
}
