// The customers' listener: the ticket QR code must open on a phone on the customers' Wi-Fi without
// that Wi-Fi reaching the staff API. A second HTTP server (`http.public: {host, port}`, off by
// default) serves only the ticket status page (/t/{id}) with its assets, GET /api/tickets/{id},
// that ticket's change stream and the public config the page draws names from. Everything else is
// 404 there, and every request counts against a per-address budget.
import fastifyRateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { existsSync } from 'node:fs';
import { networkInterfaces } from 'node:os';
import { join } from 'node:path';
import type { HttpConfig } from '../../config/schema/network.js';
import type { Clock } from '../kernel/clock.js';
import type { Logger } from 'pino';
import type { EventStore } from '../store/event-store.js';
import { createHttpApp } from './http-app.js';
import { customerRoutes as schemas } from './public-listener-schemas.js';
import { limitAnswers } from './rate-limit.js';
import { eventStreams } from './event-stream.js';

/** Routes the public listener answers by asking the staff app (same answer, one implementation). */
const RELAYED = ['/api/tickets/:id', '/api/config/public'] as const;
const TICKET_ID = /^[a-z0-9]{4,32}$/;

/** True when a phone could never open this base URL (loopback or the unspecified address). */
export function isLoopbackBaseUrl(baseUrl: string): boolean {
  try {
    const host = new URL(baseUrl).hostname.replace(/^\[|\]$/g, '');
    return host === 'localhost' || host.startsWith('127.') || host === '::1' || host === '0.0.0.0' || host === '::';
  } catch {
    return true;
  }
}

/** The Pi's first LAN address (for a listener bound to 0.0.0.0), or null. */
function lanAddress(): string | null {
  for (const list of Object.values(networkInterfaces()))
    for (const entry of list ?? []) if (entry.family === 'IPv4' && !entry.internal) return entry.address;
  return null;
}

/**
 * On the staff app, for the customer-facing screens: the ticket change stream (the status page
 * follows it on both listeners), GET /api/ticket-links (tells /desk whether printed QR codes can
 * work from a phone) and GET /api/counters/{id}/clerk (the rating terminal shows who served you:
 * staff number and display name, nothing else).
 */
export function registerTicketLinks(app: FastifyInstance, store: EventStore, baseUrl: () => string, staff: readonly { number: string; name: string }[] = []): void {
  registerTicketEvents(app, store);
  app.get('/api/ticket-links', { schema: schemas.ticketLinks }, async () => ({ baseUrl: baseUrl(), loopback: isLoopbackBaseUrl(baseUrl()) }));
  app.get<{ Params: { id: string } }>('/api/counters/:id/clerk', { schema: schemas.counterClerk }, async (request, reply) => {
    const queue = (await app.inject({ method: 'GET', url: '/api/queue' })).json<{ counters?: { id: string; staff: string | null }[] }>();
    const counter = queue.counters?.find((c) => c.id === request.params.id);
    if (!counter) return reply.code(404).send({ error: { code: 'unknown_counter', message: '没有这个窗口 · No such counter.' } });
    const clerk = staff.find((s) => s.number === counter.staff);
    return { counter: counter.id, staff: clerk ? { number: clerk.number, name: clerk.name } : null };
  });
}

/**
 * `GET /api/tickets/{id}/events`: one SSE message per queue change (no payload: any call can move
 * this ticket forward, and the page re-reads its own ticket). Nothing about other customers leaks.
 */
function registerTicketEvents(app: FastifyInstance, store: EventStore): void {
  const stream = eventStreams(app);
  app.get<{ Params: { id: string } }>('/api/tickets/:id/events', { schema: schemas.ticketEvents }, (request, reply) => {
    if (!TICKET_ID.test(request.params.id)) return reply.code(404).send({ error: { code: 'unknown_ticket', message: '查无此号 · No such ticket today.' } });
    stream(request, reply, 3000, (write) =>
      store.onCommitted((events) => {
        if (events.some((e) => e.type.startsWith('ticket.') || e.type.startsWith('counter.'))) write('data: {"changed":true}\n\n');
      }),
    );
  });
}

export interface PublicListener {
  url: string;
  close(): Promise<void>;
}

export interface PublicListenerOptions {
  http: HttpConfig;
  staffApp: FastifyInstance;
  store: EventStore;
  uiDir: string;
  log: Logger;
  clock: Clock;
}

/** Starts the public listener when `http.public` is set; null when it is off. */
export async function startPublicListener(options: PublicListenerOptions): Promise<PublicListener | null> {
  const settings = options.http.public;
  if (!settings) return null;
  const app = await createHttpApp(options.log.child({ listener: 'public' }));
  // Every request counts here, page and assets included: phones are strangers.
  await app.register(fastifyRateLimit, {
    global: true,
    hook: 'onRequest',
    timeWindow: 60_000,
    max: settings.rateLimitPerMinute,
    ...limitAnswers(options.clock),
  });

  for (const route of RELAYED) {
    app.get(route, async (request, reply) => {
      const answer = await options.staffApp.inject({ method: 'GET', url: request.url });
      return reply.code(answer.statusCode).type(String(answer.headers['content-type'] ?? 'application/json')).send(answer.body);
    });
  }
  registerTicketEvents(app, options.store);

  const hasUi = existsSync(join(options.uiDir, 'index.html'));
  if (hasUi) {
    await app.register(fastifyStatic, { root: join(options.uiDir, 'assets'), prefix: '/assets/', index: false });
    app.get<{ Params: { id: string } }>('/t/:id', (_request, reply) => reply.type('text/html').sendFile('index.html', options.uiDir));
  }
  app.setNotFoundHandler({ preHandler: app.rateLimit() }, (request, reply) =>
    reply.code(404).send({ error: { code: 'not_found', message: `此处不提供该内容 · Not available here: ${request.method} ${request.url.split('?')[0].slice(0, 100)}` } }),
  );

  await app.listen({ host: settings.host, port: settings.port });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : settings.port;
  const host = settings.host === '0.0.0.0' || settings.host === '::' ? (lanAddress() ?? settings.host) : settings.host;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  options.log.info({ url }, 'public listener (ticket status page only) ready');
  return { url, close: () => app.close() };
}
