import { z } from 'zod';
import { weekdays } from '../../firmware-bridge/kernel/local-time.js';
import { clockTime } from './common.js';

/** A membership consultant (会籍顾问) and when they are on duty; a transfer is handed to whoever is on duty. */
const consultant = z
  .object({
    number: z.string().regex(/^\d{1,6}$/, 'must be 1 to 6 digits').describe('staff number (the log records the number, not the name)'),
    name: z.string().min(1),
    days: z.array(z.enum(weekdays)).min(1).default([...weekdays]).describe('weekdays on duty'),
    from: clockTime.default('00:00').describe('on duty from (local time)'),
    to: clockTime.default('24:00').describe('on duty until (local time, exclusive)'),
  })
  .strict();

/** Member card operations at the desk: suspension limits, the replacement fee, the consultants' roster (docs/domain.md#card-suspension). */
export const cardsSchema = z
  .object({
    suspend: z
      .object({
        maxMonthsPerYear: z.number().int().min(1).max(12).default(3).describe('months an annual card may be suspended per membership year'),
        maxParts: z.number().int().min(1).max(12).default(3).describe('suspensions per membership year'),
      })
      .strict()
      .prefault({}),
    replaceFee: z.number().min(0).max(100000).multipleOf(0.01).default(20).describe('fee for a replacement card, in yuan (printed on the receipt)'),
    consultants: z.array(consultant).default([]).describe('membership consultants on duty for card transfers'),
  })
  .strict()
  .prefault({});

export type CardsConfig = z.infer<typeof cardsSchema>;
