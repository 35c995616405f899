import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { isRefusal, refuse } from '../kernel/refusal.js';
import { bearerToken } from '../http/bearer-token.js';
import { eventStreams } from '../http/event-stream.js';
import { sendRefusal } from '../http/http-errors.js';
import { serveMetrics } from '../http/scrape-access.js';
import { parseReportQuery } from '../reports/rules/report-query.js';
import { fleetRoutes as schemas } from './fleet-schemas.js';
import { maySee, type Manager, type ManagerSessions } from './central-managers.js';
import { CentralViews } from './central-views.js';
import type { CentralStore } from './central-store.js';
import type { CentralMetrics } from './central-metrics.js';

const notLoggedIn = refuse(401, 'not_logged_in', '请先登录 · Please log in first.');
const notYourSite = refuse(403, 'not_your_site', '您无权查看此站点 · This site is not one of yours.');

export interface CentralRouteDeps {
  store: CentralStore;
  views: CentralViews;
  managers: ManagerSessions;
  metrics: CentralMetrics;
  /** Who may scrape /metrics besides loopback (central.http.metricsAllow). */
  metricsAllow: readonly string[];
  /** Subscribes to "this site changed"; returns the unsubscribe. */
  onSiteChanged: (listener: (site: string) => void) => () => void;
}

/** The manager's API of central (fleet-schemas.ts), the OpenAPI document and Prometheus metrics. */
export function registerCentralRoutes(http: FastifyInstance, deps: CentralRouteDeps): void {
  const app = http.withTypeProvider<ZodTypeProvider>();
  const { store, views, managers } = deps;

  // EventSource cannot send headers: /api/events also takes ?token=.
  const managerOf = (request: FastifyRequest): Promise<Manager | null> => {
    const query = request.query as { token?: unknown };
    return managers.identify(bearerToken(request) || (typeof query.token === 'string' ? query.token : ''));
  };
  const visibleSites = async (manager: Manager) => (await store.siteIds()).filter((s) => maySee(manager, s));

  const guard = async (request: FastifyRequest, reply: FastifyReply) => {
    const manager = await managerOf(request);
    if (!manager) return sendRefusal(reply, notLoggedIn);
    request.manager = manager;
  };

  app.post('/api/session', { schema: schemas.login }, async (request, reply) => {
    const session = await managers.login(request.body.user, request.body.password);
    if (isRefusal(session)) return sendRefusal(reply, session);
    return session;
  });

  app.get('/api/sites', { schema: schemas.sites, preHandler: guard }, async (request) => ({
    sites: await Promise.all((await visibleSites(request.manager!)).map((s) => views.summary(s))),
  }));

  app.get('/api/sites/:site', { schema: schemas.site, preHandler: guard }, async (request, reply) => {
    const { site } = request.params;
    if (!maySee(request.manager!, site)) return sendRefusal(reply, notYourSite);
    const detail = await views.detail(site);
    if (!detail) return sendRefusal(reply, refuse(404, 'unknown_site', `没有站点 ${site} 的数据 · Nothing has arrived from site ${site}.`));
    return detail;
  });

  app.get('/api/reports', { schema: schemas.reports, preHandler: guard }, async (request, reply) => {
    const { site, format } = request.query;
    // The desk's own checks: real calendar dates, forward, at most MAX_REPORT_DAYS.
    const query = parseReportQuery({ from: request.query.from, to: request.query.to });
    if (isRefusal(query)) return sendRefusal(reply, query);
    const { from, to } = query.range;
    if (site !== undefined && !maySee(request.manager!, site)) return sendRefusal(reply, notYourSite);
    const sites = site !== undefined ? [site] : await visibleSites(request.manager!);
    const report = await views.report(sites, { from, to });
    if (format === 'csv') return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="fleet-${from}-${to}.csv"`).send(CentralViews.csv(report));
    return report;
  });

  app.get('/api/openapi.json', { schema: { summary: 'This document (OpenAPI 3)' } }, async () => http.swagger({ yaml: false }));

  serveMetrics(http, deps.metrics.registry, () => deps.metricsAllow, { hide: true });

  // Live: a changed site's summary is computed once per second at most, for every open stream
  // together (a busy fleet changes all the time; each stream then keeps what its manager may see).
  const streams = new Set<(site: string, summary: unknown) => void>();
  const pending = new Map<string, NodeJS.Timeout>();
  const offChanges = deps.onSiteChanged((site) => {
    if (streams.size === 0 || pending.has(site)) return;
    pending.set(
      site,
      setTimeout(() => {
        pending.delete(site);
        views.summary(site).then(
          (summary) => {
            for (const send of streams) send(site, summary);
          },
          (err: Error) => http.log.warn({ err: err.message, site }, 'central: live summary failed'),
        );
      }, LIVE_EVERY_MS),
    );
  });
  http.addHook('onClose', (_instance, done) => {
    offChanges();
    for (const timer of pending.values()) clearTimeout(timer);
    done();
  });
  const stream = eventStreams(app);
  app.get('/api/events', { schema: { ...schemas.events, querystring: z.object({ token: z.string().max(100).optional() }) }, preHandler: guard }, (request, reply) => {
    const manager = request.manager!;
    stream(request, reply, 2000, (write) => {
      const send = (site: string, summary: unknown) => {
        if (maySee(manager, site)) write(`event: site\ndata: ${JSON.stringify({ site: summary })}\n\n`);
      };
      streams.add(send);
      return () => streams.delete(send);
    });
  });
}

const LIVE_EVERY_MS = 1000;

declare module 'fastify' {
  interface FastifyRequest {
    manager?: Manager;
  }
}
