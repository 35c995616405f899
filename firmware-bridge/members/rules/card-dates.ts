import { addDays } from '../../kernel/local-time.js';

/** Calendar arithmetic on "YYYY-MM-DD" dates for card operations (no zone needed: whole days only). */

const DAY_MS = 86_400_000;

function parts(date: string): [number, number, number] {
  const [y, m, d] = date.split('-').map(Number);
  return [y, m, d];
}

/** The same day `months` later, kept inside the month (01-31 plus one month is 02-28, or 02-29). */
export function addMonths(date: string, months: number): string {
  const [y, m, d] = parts(date);
  const first = new Date(Date.UTC(y, m - 1 + months, 1));
  const lastDay = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate();
  first.setUTCDate(Math.min(d, lastDay));
  return first.toISOString().slice(0, 10);
}

/** Days from `a` to `b` (b − a; 0 for the same day). */
export function daysBetween(a: string, b: string): number {
  const [ya, ma, da] = parts(a);
  const [yb, mb, db] = parts(b);
  return Math.round((Date.UTC(yb, mb - 1, db) - Date.UTC(ya, ma - 1, da)) / DAY_MS);
}

/** The last day of a suspension of whole `months` starting on `from` (inclusive): 12-01 + 1 month ends 12-31. */
export function monthsEnd(from: string, months: number): string {
  return addDays(addMonths(from, months), -1);
}

/**
 * The membership year `day` falls in. The card's years run up to its expiry date as imported
 * (an annual card valid until 2027-06-30 has the years 2025-07-01…2026-06-30, 2026-07-01…2027-06-30);
 * a card without an expiry date counts calendar years.
 */
export function membershipYear(validUntil: string | null, day: string): { start: string; end: string } {
  if (!validUntil) return { start: `${day.slice(0, 4)}-01-01`, end: `${day.slice(0, 4)}-12-31` };
  const anniversary = addDays(validUntil, 1);
  const years = Number(day.slice(0, 4)) - Number(anniversary.slice(0, 4));
  let start = addMonths(anniversary, 12 * years);
  if (start > day) start = addMonths(anniversary, 12 * (years - 1));
  return { start, end: addDays(addMonths(start, 12), -1) };
}
