import { z } from 'zod';
import { minutesOf, weekdays } from '../../firmware-bridge/kernel/local-time.js';
import { bilingual, clockTime, isoDate } from './common.js';

export const siteSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9-]+$/, 'must use only a-z, 0-9 and "-" (it names MQTT topics)'),
    name: bilingual,
    timezone: z
      .string()
      .default('Asia/Shanghai')
      .refine((tz) => isValidTimeZone(tz), 'must be an IANA time zone such as "Asia/Shanghai"')
      .describe('IANA time zone; opening hours, schedules and day resets follow it, DST included'),
  })
  .strict();

function isValidTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

const openingSpan = z
  .object({ open: clockTime, close: clockTime })
  .strict()
  .refine((s) => minutesOf(s.close) > minutesOf(s.open), { message: 'close must be later than open', path: ['close'] });

/** A weekday is either opening hours or the word "closed". */
const dayHours = z.union([openingSpan, z.literal('closed')]);

const holiday = z
  .object({
    date: isoDate,
    name: z.string().optional(),
    /** Closed all day unless open/close are given (a short day, e.g. closing early). */
    open: clockTime.optional(),
    close: clockTime.optional(),
  })
  .strict()
  .refine((h) => (h.open === undefined) === (h.close === undefined), {
    message: 'give both open and close for a short day, or neither for a closed day',
    path: ['close'],
  });

export const hoursSchema = z
  .object({
    weekly: z.object(Object.fromEntries(weekdays.map((d) => [d, dayHours])) as Record<(typeof weekdays)[number], typeof dayHours>).strict(),
    holidays: z.array(holiday).default([]),
  })
  .strict();

export type HoursConfig = z.infer<typeof hoursSchema>;
export type SiteConfig = z.infer<typeof siteSchema>;
