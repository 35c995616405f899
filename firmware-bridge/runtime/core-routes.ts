import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { FrontdeskConfig } from '../../config/schema/index.js';
import { isRefusal } from '../kernel/refusal.js';
import type { EventStore } from '../store/event-store.js';
import { eventStreams } from '../http/event-stream.js';
import type { DeviceRegistry } from './device-registry.js';
import { bearerToken } from '../http/bearer-token.js';
import { staffSessions } from '../staff/staff-sessions.js';
import { sendRefusal } from '../http/http-errors.js';
import { coreRoutes as schemas } from './core-schemas.js';

/** Health, public config, staff login, the live event stream and the API's own description. */
export function registerCoreRoutes(http: FastifyInstance, currentConfig: () => FrontdeskConfig, store: EventStore, devices: DeviceRegistry): void {
  const app = http.withTypeProvider<ZodTypeProvider>();
  app.get('/api/health', { schema: schemas.health }, async () => ({ status: devices.healthy() ? 'ok' : 'degraded', devices: devices.snapshot(), features: devices.features() }) as const);

  app.get('/api/config/public', { schema: schemas.publicConfig }, async () => publicConfigOf(currentConfig()));

  app.post('/api/session', { schema: schemas.login }, async (request, reply) => {
    const session = staffSessions().login(request.body.staff, request.body.pin);
    if (isRefusal(session)) return sendRefusal(reply, session);
    return session;
  });

  app.delete('/api/session', { schema: schemas.logout }, async (request, reply) => {
    const token = bearerToken(request);
    if (token) staffSessions().logout(token);
    return reply.code(204).send(null);
  });

  app.get('/api/openapi.json', { schema: schemas.openapi }, async () => http.swagger({ yaml: false }));

  // Server-Sent Events: every committed domain event (from Last-Event-ID on), plus device state changes.
  const stream = eventStreams(app);
  app.get('/api/events', { schema: schemas.events }, (request, reply) => {
    stream(request, reply, 2000, (write) => {
      const lastSeen = Number(request.headers['last-event-id']);
      if (Number.isInteger(lastSeen) && lastSeen > 0) for (const e of store.readAfter(lastSeen, 500)) write(`id: ${e.seq}\ndata: ${JSON.stringify(e)}\n\n`);
      const offEvents = store.onCommitted((events) => {
        for (const e of events) write(`id: ${e.seq}\ndata: ${JSON.stringify(e)}\n\n`);
      });
      const offDevices = devices.onState((device, state) => {
        write(`event: device\ndata: ${JSON.stringify({ id: device.id, kind: device.kind, ...state })}\n\n`);
      });
      return () => {
        offEvents();
        offDevices();
      };
    });
  });
}

function publicConfigOf(config: FrontdeskConfig) {
  return {
    site: { id: config.site.id, name: config.site.name, timezone: config.site.timezone },
    services: config.services.map((s) => ({ id: s.id, letter: s.letter, name: s.name, counters: s.counters, priority: s.priority })),
    counters: config.counters,
    hours: config.hours,
    pauseReasons: config.queue.pauseReasons,
    // The counter screen disables 过号 until a ticket was recalled this often.
    queue: { recallsBeforeSkip: config.queue.recallsBeforeSkip },
  };
}
