import { z } from 'zod';
import { bilingual } from './common.js';

export const serviceSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9_-]+$/, 'must use only a-z, 0-9, "_" and "-"'),
    letter: z.string().regex(/^[A-Z]$/, 'must be one capital letter A-Z'),
    name: bilingual,
    counters: z.array(z.string()).min(1, 'at least one counter must serve it'),
    priority: z.boolean().default(false).describe('priority services alternate with normal ones (queue.alternation)'),
    defaultServiceSec: z.number().int().positive().default(300).describe('service time assumed until real ones are measured'),
    targetWaitSec: z.number().int().positive().default(900).describe('target wait: the service level in reports is the share of tickets called within it'),
    complaints: z.boolean().default(false).describe('tickets of this service count as complaints in reports (until complaints are logged on their own)'),
  })
  .strict();

export const counterSchema = z
  .object({
    id: z.string().regex(/^[A-Za-z0-9-]+$/, 'must use only letters, digits and "-"'),
    name: bilingual,
  })
  .strict();

export const queueSchema = z
  .object({
    alternation: z
      .object({
        priority: z.number().int().min(1).default(2),
        normal: z.number().int().min(1).default(1),
      })
      .strict()
      .prefault({})
      .describe('when both wait at a counter: this many priority calls, then this many normal ones'),
    recallsBeforeSkip: z.number().int().min(0).default(2).describe('recalls a no-show gets before it may be skipped'),
    estimateWindow: z.number().int().min(1).default(20).describe('recent service times per service averaged for the wait estimate'),
    maxNumber: z.number().int().min(99).max(9999).default(999).describe('ticket numbers wrap after this'),
    pauseReasons: z
      .array(z.string().regex(/^[a-z0-9_-]+$/, 'must use only a-z, 0-9, "_" and "-"'))
      .min(1)
      .default(['lunch', 'training', 'meeting', 'other'])
      .describe('why a counter may pause (午餐 lunch, 培训 training, 会议 meeting, 其他 other); a pause must give one, reports sum pause time by it'),
  })
  .strict()
  .prefault({});

export type ServiceConfig = z.infer<typeof serviceSchema>;
export type CounterConfig = z.infer<typeof counterSchema>;
export type QueueConfig = z.infer<typeof queueSchema>;
