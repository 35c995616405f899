import type { Feature, FeatureContext } from '../runtime/feature.js';
import { AlertsService, type AlertSources } from './alerts-service.js';
import type { OpenFollowUp } from './rules/alert-rules.js';
import { registerAlertRoutes, registerReportsRoutes } from './reports-routes.js';
import { ReportsService, reportsMigrations } from './reports-service.js';

/** The parts of other features' public services the alerts read (by name, never their internals). */
interface OpenFollowUpsSource {
  followUps(state: 'open', viewerRoles: readonly string[]): OpenFollowUp[];
}
interface KeyLogArchiver {
  archiveLogBefore(beforeIso: string, dataDir: string): number;
}
interface AlertPublisher {
  publishAlert(alert: object): void;
}

/**
 * KPIs over any date range (`GET /api/reports`), alerts to the duty manager (`GET /api/alerts`, MQTT
 * `…/alert`), and the weekly (Monday 09:00) and monthly (the
 * 1st, 09:00) reports in the site's time zone: stored in the data dir and retained on
 * `…/report/weekly` and `…/report/monthly`.
 */
export function reportsFeature(): Feature {
  let service: ReportsService | undefined;
  let alerts: AlertsService | undefined;
  let unsubscribe: (() => void) | undefined;
  return {
    name: 'reports',
    migrations: reportsMigrations,
    async start(ctx: FeatureContext) {
      const log = ctx.log.child({ feature: 'reports' });
      const keyLog = (beforeIso: string) => (ctx.services.get('keys') as KeyLogArchiver | undefined)?.archiveLogBefore(beforeIso, ctx.dataDir) ?? 0;
      service = new ReportsService(
        ctx.store,
        ctx.config,
        ctx.clock,
        ctx.dataDir,
        (made) => log.info({ kind: made.kind, period: made.period }, 'reports: scheduled report made'),
        keyLog,
        (done) => log.info({ before: done.before, events: done.events, files: done.files.length, keyLogEntries: done.keyLogEntries }, 'reports: old events archived (retention)'),
      );
      ctx.services.set('reports', service);
      registerReportsRoutes(ctx.http, service);
      service.start(); // makes the due reports first, so the topics always have one
      const reports = service;
      ctx.stateTopics.provide('report/weekly', () => reports.latest('weekly')!);
      ctx.stateTopics.provide('report/monthly', () => reports.latest('monthly')!);

      if (!ctx.config.alerts.enabled) return;
      const sources: AlertSources = {
        queueServices: () => (ctx.stateTopics.read('queue') as { services?: { id: string; oldestWaitSec: number }[] } | undefined)?.services ?? [],
        devices: () => Object.entries(ctx.devices.snapshot()).map(([id, d]) => ({ id, ...d })),
        openFollowUps: () => (ctx.services.get('ratings') as OpenFollowUpsSource | undefined)?.followUps('open', ['manager']) ?? [],
      };
      // Telemetry starts after this feature: look it up when an alert is raised.
      const publish = (alert: object) => (ctx.services.get('telemetry') as AlertPublisher | undefined)?.publishAlert(alert);
      const live = new AlertsService(ctx.config, ctx.clock, ctx.store, sources, publish);
      ctx.services.set('alerts', live);
      alerts = live;
      unsubscribe = ctx.store.onCommitted((events) => live.learn(events));
      registerAlertRoutes(ctx.http, live);
      live.start();
    },
    async stop() {
      unsubscribe?.();
      alerts?.stop();
      service?.stop();
      service = undefined;
      alerts = undefined;
    },
  };
}
