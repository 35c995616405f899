import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { isRefusal, refuse } from '../kernel/refusal.js';
import { bearerToken } from '../http/bearer-token.js';
import { eventStreams } from '../http/event-stream.js';
import { sendRefusal } from '../http/http-errors.js';
import { MAX_REPORT_DAYS } from '../reports/rules/report-query.js';
import { datesOf } from '../reports/rules/report-kpis.js';
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
  /** Subscribes to "this site changed"; returns the unsubscribe. */
  onSiteChanged: (listener: (site: string) => void) => () => void;
}

/** The manager's API of central (fleet-schemas.ts), the OpenAPI document and Prometheus metrics. */
export function registerCentralRoutes(http: FastifyInstance, deps: CentralRouteDeps): void {
  const app = http.withTypeProvider<ZodTypeProvider>();
  const { store, views, managers } = deps;

  // EventSource cannot send headers: /api/events also takes ?token=.
  const managerOf = (request: FastifyRequest): Manager | null => {
    const query = request.query as { token?: unknown };
    return managers.identify(bearerToken(request) || (typeof query.token === 'string' ? query.token : ''));
  };
  const visibleSites = async (manager: Manager) => (await store.siteIds()).filter((s) => maySee(manager, s));

  const guard = async (request: FastifyRequest, reply: FastifyReply) => {
    const manager = managerOf(request);
    if (!manager) return sendRefusal(reply, notLoggedIn);
    request.manager = manager;
  };

  app.post('/api/session', { schema: schemas.login }, async (request, reply) => {
    const session = managers.login(request.body.user, request.body.password);
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
    const { from, to, site, format } = request.query;
    if (from > to || datesOf({ from, to }).length > MAX_REPORT_DAYS)
      return sendRefusal(reply, refuse(400, 'bad_range', `日期范围无效（最多 ${MAX_REPORT_DAYS} 天）· The range must run forward and span at most ${MAX_REPORT_DAYS} days.`));
    if (site !== undefined && !maySee(request.manager!, site)) return sendRefusal(reply, notYourSite);
    const sites = site !== undefined ? [site] : await visibleSites(request.manager!);
    const report = await views.report(sites, { from, to });
    if (format === 'csv') return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="fleet-${from}-${to}.csv"`).send(CentralViews.csv(report));
    return report;
  });

  app.get('/api/openapi.json', { schema: { summary: 'This document (OpenAPI 3)' } }, async () => http.swagger({ yaml: false }));

  app.get('/metrics', { schema: { hide: true } }, async (_request, reply) => reply.type(deps.metrics.registry.contentType).send(await deps.metrics.registry.metrics()));

  // Live: a fresh summary of each changed site the caller may see, at most every 250 ms per site.
  const stream = eventStreams(app);
  app.get('/api/events', { schema: { ...schemas.events, querystring: z.object({ token: z.string().max(100).optional() }) }, preHandler: guard }, (request, reply) => {
    const manager = request.manager!;
    stream(request, reply, 2000, (write) => {
      const pending = new Map<string, NodeJS.Timeout>();
      const off = deps.onSiteChanged((site) => {
        if (!maySee(manager, site) || pending.has(site)) return;
        pending.set(
          site,
          setTimeout(() => {
            pending.delete(site);
            views.summary(site).then(
              (summary) => write(`event: site\ndata: ${JSON.stringify({ site: summary })}\n\n`),
              (err: Error) => request.log.warn({ err: err.message, site }, 'central: live summary failed'),
            );
          }, 250),
        );
      });
      return () => {
        off();
        for (const timer of pending.values()) clearTimeout(timer);
      };
    });
  });
}

declare module 'fastify' {
  interface FastifyRequest {
    manager?: Manager;
  }
}
