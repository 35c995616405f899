import { z } from 'zod';

export const retentionSchema = z
  .object({
    months: z
      .number()
      .int()
      .min(1)
      .default(24)
      .describe('events (and key log entries) older than this many whole months are archived to gzip files in dataDir/archive/ and leave the live database; reports keep their per-day figures'),
  })
  .strict()
  .prefault({})
  .describe('how long the live database keeps events: older ones are archived');

export type RetentionConfig = z.infer<typeof retentionSchema>;
