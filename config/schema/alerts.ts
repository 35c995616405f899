import { z } from 'zod';

export const alertsSchema = z
  .object({
    enabled: z.boolean().default(true).describe('alerts to the duty manager on /desk and on MQTT …/alert'),
    unsatisfiedInARow: z.number().int().min(2).default(3).describe('this many unsatisfied ratings in a row at one counter raise their own alert'),
    waitAboveTargetMin: z.number().int().min(1).default(10).describe('minutes a service\'s longest wait must stay above its targetWaitSec before an alert'),
    deviceFaultMin: z.number().int().min(1).default(5).describe('minutes a device must stay in fault/offline before an alert'),
    followUpDueSoonMin: z.number().int().min(1).default(120).describe('alert when an open follow-up is due within this many minutes'),
    checkEverySec: z.number().int().min(1).default(30).describe('how often waits, devices and follow-ups are checked'),
  })
  .strict()
  .prefault({});

export type AlertsConfig = z.infer<typeof alertsSchema>;
