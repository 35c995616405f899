import { z } from 'zod';
import { weekdays } from '../../firmware-bridge/kernel/local-time.js';
import { clockTime } from './common.js';

/** A sales person (销售) and when they are on duty; a registered guest is handed to whoever is on duty. */
const salesPerson = z
  .object({
    number: z.string().regex(/^\d{1,6}$/, 'must be 1 to 6 digits').describe('staff number (events carry the number, never the guest)'),
    name: z.string().min(1),
    days: z.array(z.enum(weekdays)).min(1).default([...weekdays]).describe('weekdays on duty'),
    from: clockTime.default('00:00').describe('on duty from (local time)'),
    to: clockTime.default('24:00').describe('on duty until (local time, exclusive)'),
  })
  .strict();

/** Guest registration at the desk (docs/domain.md#guest-registration); guests' personal data stays on the desk. */
export const guestsSchema = z
  .object({
    salesRoster: z.array(salesPerson).default([]).describe('sales people on duty, in order of preference'),
    completeWithinMinutes: z.number().int().min(1).max(240).default(10).describe('a record not completed this long after the visit is listed as overdue'),
    retentionDays: z.number().int().min(1).max(3650).default(30).describe('guest records are deleted this many days after the visit'),
  })
  .strict()
  .prefault({});

export type GuestsConfig = z.infer<typeof guestsSchema>;
