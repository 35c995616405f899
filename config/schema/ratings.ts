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
      })
      .strict()
      .prefault({}),
  })
  .strict()
  .prefault({});

export type RatingsConfig = z.infer<typeof ratingsSchema>;
