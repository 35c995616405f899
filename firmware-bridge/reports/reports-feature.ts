import type { Feature, FeatureContext } from '../runtime/feature.js';
import { registerReportsRoutes } from './reports-routes.js';
import { ReportsService, reportsMigrations } from './reports-service.js';

/**
 * KPIs over any date range (`GET /api/reports`), and the weekly (Monday 09:00) and monthly (the
 * 1st, 09:00) reports in the site's time zone: stored in the data dir and retained on
 * `…/report/weekly` and `…/report/monthly`.
 */
export function reportsFeature(): Feature {
  let service: ReportsService | undefined;
  return {
    name: 'reports',
    migrations: reportsMigrations,
    async start(ctx: FeatureContext) {
      const log = ctx.log.child({ feature: 'reports' });
      service = new ReportsService(ctx.db, ctx.config, ctx.clock, ctx.dataDir, (made) => log.info({ kind: made.kind, period: made.period }, 'reports: scheduled report made'));
      ctx.services.set('reports', service);
      registerReportsRoutes(ctx.http, service);
      service.start(); // makes the due reports first, so the topics always have one
      const reports = service;
      ctx.stateTopics.provide('report/weekly', () => reports.latest('weekly')!);
      ctx.stateTopics.provide('report/monthly', () => reports.latest('monthly')!);
    },
    async stop() {
      service?.stop();
      service = undefined;
    },
  };
}
