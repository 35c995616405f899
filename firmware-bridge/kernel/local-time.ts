export const weekdays = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof weekdays)[number];

/** Minutes since local midnight for "HH:MM". */
export function minutesOf(time: string): number {
  const [h, m] = time.split(':').map(Number);
  return h * 60 + m;
}

/** Wall-clock parts of an instant in an IANA time zone (DST handled by Intl). */
export interface LocalParts {
  date: string; // YYYY-MM-DD
  weekday: Weekday;
  minutes: number; // since local midnight
  seconds: number; // within the minute
  offsetMinutes: number; // local minus UTC
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(tz: string): Intl.DateTimeFormat {
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      weekday: 'short',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(tz, f);
  }
  return f;
}

export function localParts(instantMs: number, tz: string): LocalParts {
  const parts: Record<string, string> = {};
  for (const p of formatterFor(tz).formatToParts(new Date(instantMs))) parts[p.type] = p.value;
  const date = `${parts.year}-${parts.month}-${parts.day}`;
  const hour = Number(parts.hour);
  const minute = Number(parts.minute);
  const second = Number(parts.second);
  const asUtc = Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), hour, minute, second);
  return {
    date,
    weekday: parts.weekday.toLowerCase().slice(0, 3) as Weekday,
    minutes: hour * 60 + minute,
    seconds: second,
    offsetMinutes: Math.round((asUtc - Math.floor(instantMs / 1000) * 1000) / 60000),
  };
}

/** The local calendar day of an instant: the queue's opening day, the stats' "today". */
export function localDay(instantMs: number, tz: string): string {
  return localParts(instantMs, tz).date;
}

/** Weekday of a YYYY-MM-DD date (calendar arithmetic, no zone needed). */
export function weekdayOf(date: string): Weekday {
  const [y, m, d] = date.split('-').map(Number);
  return (['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const)[new Date(Date.UTC(y, m - 1, d)).getUTCDay()];
}

/**
 * The instant at which the wall clock in `tz` shows `date` `time` ("HH:MM", "24:00" = next midnight).
 * In a DST gap the time does not exist and the instant after the gap is returned; in an overlap the
 * first occurrence.
 */
export function instantOf(date: string, time: string, tz: string): number {
  const [y, mo, d] = date.split('-').map(Number);
  const [h, mi] = time.split(':').map(Number);
  const wallAsUtc = Date.UTC(y, mo - 1, d, h, mi);
  // Two refinements of the offset converge everywhere except inside a DST gap.
  let guess = wallAsUtc - localParts(wallAsUtc, tz).offsetMinutes * 60000;
  guess = wallAsUtc - localParts(guess, tz).offsetMinutes * 60000;
  const earlier = wallAsUtc - localParts(guess - 3 * 3600000, tz).offsetMinutes * 60000;
  if (earlier < guess && localParts(earlier, tz).minutes === localParts(guess, tz).minutes) return earlier;
  return guess;
}

/** Add whole days to a YYYY-MM-DD date. */
export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** ISO 8601 with the zone's offset, as the API and MQTT give times: 2026-11-24T18:50:00+08:00. */
export function isoLocal(instantMs: number, tz: string): string {
  const p = localParts(instantMs, tz);
  const sign = p.offsetMinutes >= 0 ? '+' : '-';
  const abs = Math.abs(p.offsetMinutes);
  const hh = String(Math.floor(p.minutes / 60)).padStart(2, '0');
  const mm = String(p.minutes % 60).padStart(2, '0');
  return `${p.date}T${hh}:${mm}:${String(p.seconds).padStart(2, '0')}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}
