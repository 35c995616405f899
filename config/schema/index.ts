import { z } from 'zod';
import { siteSchema, hoursSchema } from './site.js';
import { serviceSchema, counterSchema, queueSchema } from './queue.js';
import { staffSchema, sessionSchema } from './staff.js';
import { devicesSchema } from './devices.js';
import { mqttSchema, httpSchema } from './network.js';
import { audioSchema, classSchema } from './audio.js';
import { keysSchema, membersSchema } from './keys.js';
import { ratingsSchema } from './ratings.js';
import { cardsSchema } from './cards.js';
import { alertsSchema } from './alerts.js';
import { outputPinClashes, outputsSchema } from './outputs.js';
import { bookingsSchema } from './bookings.js';
import { guestsSchema } from './guests.js';
import { retentionSchema } from './retention.js';

/** The one place that defines every config key (docs/config.md is generated from it). */
export const configSchema = z
  .object({
    site: siteSchema,
    hours: hoursSchema,
    services: z.array(serviceSchema).min(1, 'at least one service is needed'),
    counters: z.array(counterSchema).min(1, 'at least one counter is needed'),
    queue: queueSchema,
    staff: z.array(staffSchema).default([]),
    sessions: sessionSchema,
    audio: audioSchema,
    classes: z.array(classSchema).default([]),
    bookings: bookingsSchema,
    guests: guestsSchema,
    keys: keysSchema,
    members: membersSchema,
    cards: cardsSchema,
    ratings: ratingsSchema,
    alerts: alertsSchema,
    retention: retentionSchema,
    outputs: outputsSchema,
    devices: devicesSchema,
    mqtt: mqttSchema,
    http: httpSchema,
    dataDir: z.string().default('./data').describe('SQLite database and caches; relative to the config file'),
  })
  .strict()
  .superRefine((config, ctx) => {
    const counterIds = new Set(config.counters.map((c) => c.id));
    const seen = (what: string, values: string[], path: (i: number) => (string | number)[]) => {
      const first = new Map<string, number>();
      values.forEach((v, i) => {
        if (first.has(v)) ctx.addIssue({ code: 'custom', path: path(i), message: `duplicate ${what} "${v}" (also at index ${first.get(v)})` });
        else first.set(v, i);
      });
    };
    seen('service id', config.services.map((s) => s.id), (i) => ['services', i, 'id']);
    seen('service letter', config.services.map((s) => s.letter), (i) => ['services', i, 'letter']);
    seen('counter id', config.counters.map((c) => c.id), (i) => ['counters', i, 'id']);
    seen('staff number', config.staff.map((s) => s.number), (i) => ['staff', i, 'number']);
    config.services.forEach((service, i) =>
      service.counters.forEach((counter, j) => {
        if (!counterIds.has(counter)) ctx.addIssue({ code: 'custom', path: ['services', i, 'counters', j], message: `unknown counter "${counter}"` });
      }),
    );
    config.audio.dayparts.forEach((part, i) => {
      if (!(part.playlist in config.audio.playlists))
        ctx.addIssue({ code: 'custom', path: ['audio', 'dayparts', i, 'playlist'], message: `unknown playlist "${part.playlist}" (not in audio.playlists)` });
    });
    config.devices.panels.forEach((panel, i) => {
      if ('counter' in panel && !counterIds.has(panel.counter))
        ctx.addIssue({ code: 'custom', path: ['devices', 'panels', i, 'counter'], message: `unknown counter "${panel.counter}"` });
    });
    for (const clash of outputPinClashes(config.outputs, config.devices.panels)) ctx.addIssue({ code: 'custom', path: ['outputs', 'switches', clash.index, 'pin'], message: clash.message });
  });

export type FrontdeskConfig = z.infer<typeof configSchema>;
export type FrontdeskConfigInput = z.input<typeof configSchema>;
