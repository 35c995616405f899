import { z } from 'zod';
import { clockTime } from './common.js';

export const ratingsSchema = z
  .object({
    acceptWindowSec: z.number().int().min(1).default(60).describe('a press within this many seconds of a finished ticket rates that ticket'),
    repeatIgnoreSec: z.number().int().min(0).default(10).describe('presses repeated at one counter within this interval are ignored (and counted)'),
    followUp: z
      .object({
        dueDays: z.number().int().min(1).default(3),
        callFrom: clockTime.default('09:00').describe('no follow-up call before this time (rest hours)'),
        callTo: clockTime.default('20:00').describe('no follow-up call after this time'),
        maxAttempts: z.number().int().min(1).max(10).default(3).describe('calls that find nobody ("unreachable") before the follow-up goes to a manager; each earlier one schedules the next attempt'),
        retryAfterMin: z.number().int().min(1).default(240).describe('minutes before the next attempt after an unreachable call (moved past the rest hours)'),
      })
      .strict()
      .prefault({}),
  })
  .strict()
  .prefault({});

export type RatingsConfig = z.infer<typeof ratingsSchema>;
