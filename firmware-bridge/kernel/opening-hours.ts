import { instantOf, localParts, minutesOf, weekdayOf, type Weekday } from './local-time.js';

export interface OpeningSpan {
  open: string; // HH:MM
  close: string; // HH:MM
}

/** The site's opening hours as the rules read them (config `hours` has this shape). */
export interface OpeningHours {
  weekly: Readonly<Record<Weekday, OpeningSpan | 'closed'>>;
  /** A holiday closes all day, or opens short when it gives open and close. */
  holidays: readonly { date: string; open?: string; close?: string }[];
}

/** Opening hours on a date: a holiday entry wins over the weekday; null when closed all day. */
export function openingFor(date: string, hours: OpeningHours): OpeningSpan | null {
  const holiday = hours.holidays.find((h) => h.date === date);
  if (holiday) return holiday.open && holiday.close ? { open: holiday.open, close: holiday.close } : null;
  const day = hours.weekly[weekdayOf(date)];
  return day === 'closed' ? null : day;
}

/** Is the hall open at this instant? (opening time inclusive, closing time exclusive) */
export function isOpen(instantMs: number, hours: OpeningHours, tz: string): boolean {
  const local = localParts(instantMs, tz);
  const span = openingFor(local.date, hours);
  return span !== null && local.minutes >= minutesOf(span.open) && local.minutes < minutesOf(span.close);
}

/** Closing instant of the day containing `instantMs`, or null if closed that day. */
export function closingInstant(instantMs: number, hours: OpeningHours, tz: string): number | null {
  const date = localParts(instantMs, tz).date;
  const span = openingFor(date, hours);
  return span ? instantOf(date, span.close, tz) : null;
}
