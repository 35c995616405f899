import { z } from 'zod';
import { bilingual } from '../../config/schema/common.js';
import { hoursSchema } from '../../config/schema/site.js';
import { staffRoles } from '../../config/schema/staff.js';
import { counterSchema, serviceSchema } from '../../config/schema/queue.js';
import { isoTime, noContent, refusals, text } from '../http/common-schemas.js';

/** A device's state as it reports it. */
export const deviceState = z.object({
  state: z.enum(['ok', 'degraded', 'fault', 'offline']),
  detail: z.string().describe('why, e.g. "paper near end"'),
  since: isoTime,
  disabled: z.boolean().optional().describe('switched off on purpose by config: shown as off, not as a fault'),
});

export const deviceStatus = deviceState.extend({ kind: z.string().describe('printer, panel, audio, card-reader, mqtt or output') });

/** How a feature's start went: a failed one names why. */
export const featureHealth = z.discriminatedUnion('state', [
  z.object({ state: z.literal('running') }),
  z.object({ state: z.literal('failed'), reason: z.string().describe('the error its start threw') }),
]);

export const health = z.object({
  status: z.enum(['ok', 'degraded']),
  devices: z.record(z.string(), deviceStatus),
  features: z.record(z.string(), featureHealth).describe('each feature by name: running, or failed with the reason'),
});

export const publicConfig = z.object({
  site: z.object({ id: z.string(), name: bilingual, timezone: z.string() }),
  services: z.array(serviceSchema.pick({ id: true, letter: true, name: true, counters: true, priority: true })),
  counters: z.array(counterSchema),
  hours: hoursSchema,
  pauseReasons: z.array(z.string()).describe('queue.pauseReasons: a counter pause names one'),
  queue: z.object({ recallsBeforeSkip: z.number().int().describe('recalls before 过号 is allowed') }),
});

export const staffIdentity = z.object({
  number: z.string(),
  name: z.string(),
  roles: z.array(z.enum(staffRoles)),
});

export const loginBody = z.object({ staff: text(6).describe('staff number'), pin: text(32) });
export const session = z.object({ token: z.string().describe('send as `Authorization: Bearer <token>`'), staff: staffIdentity, expiresAt: isoTime });

/** A committed domain event, as the default message of `GET /api/events`. */
export const liveEvent = z.object({
  id: z.string(),
  seq: z.number().int(),
  type: z.string().describe('e.g. ticket.issued, counter.called, rating.recorded'),
  at: isoTime,
  payload: z.record(z.string(), z.unknown()),
});

/** An `event: device` message of `GET /api/events`. */
export const deviceEvent = deviceStatus.extend({ id: z.string() });

export const coreRoutes = {
  health: { summary: 'Device and feature states; "degraded" when any enabled device is not ok or a feature failed to start', response: { 200: health } },
  publicConfig: { summary: 'What the kiosk and board need to draw: site, services, counters, opening hours', response: { 200: publicConfig } },
  login: { summary: 'Staff login with number and PIN; repeated wrong PINs lock the number for a while', body: loginBody, response: { 200: session, ...refusals(400, 401, 429) } },
  logout: { summary: 'Ends the session of the bearer token (if any)', response: { 204: noContent } },
  events: {
    summary: 'Server-Sent Events: every committed domain event (`id:` = seq), and `event: device` state changes',
    description: [
      'text/event-stream. A default message\'s data is `{id, seq, type, at, payload}`; an `event: device` message\'s data is',
      '`{id, kind, state, detail, since, disabled?}`. Send `Last-Event-ID` to receive the events after that seq first (at most 500).',
    ].join(' '),
    headers: z.object({ 'last-event-id': z.string().optional() }),
  },
  openapi: { summary: 'This document (OpenAPI 3)' },
};
