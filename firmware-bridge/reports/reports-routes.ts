import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { isRefusal, refuse } from '../kernel/refusal.js';
import { requireStaff } from '../staff/staff-sessions.js';
import { sendRefusal } from '../http/http-errors.js';
import { sameValues } from '../http/common-schemas.js';
import type { AlertKind } from './rules/alert-rules.js';
import { reportCsv } from './rules/report-csv.js';
import type { GroupBy } from './rules/report-kpis.js';
import { parseReportQuery } from './rules/report-query.js';
import type { ReportKind } from './rules/report-schedule.js';
import type { AlertsService } from './alerts-service.js';
import type { ReportsService } from './reports-service.js';
import { reportsRoutes as schemas, type alertKinds, type groupDimensions, type reportKinds } from './reports-schemas.js';

// The contract's value lists are the rules', or this file does not compile.
sameValues<GroupBy, (typeof groupDimensions)[number]>(true);
sameValues<ReportKind, (typeof reportKinds)[number]>(true);
sameValues<AlertKind, (typeof alertKinds)[number]>(true);

/** Managers' reports: any date range (JSON or CSV), and the weekly/monthly ones made on schedule. */
export function registerReportsRoutes(http: FastifyInstance, reports: ReportsService): void {
  const app = http.withTypeProvider<ZodTypeProvider>();
  app.get('/api/reports', { schema: schemas.report, preValidation: requireStaff('manager') }, async (request, reply) => {
    const query = parseReportQuery(request.query);
    if (isRefusal(query)) return sendRefusal(reply, query);
    const report = reports.report(query.range, query.by);
    if (request.query.format === 'json') return report;
    const name = `frontdesk-report-${query.range.from}_${query.range.to}${query.by ? `-by-${query.by}` : ''}.csv`;
    return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${name}"`).send(reportCsv(report));
  });

  app.get('/api/reports/scheduled', { schema: schemas.scheduled, preValidation: requireStaff('manager') }, async () => ({ reports: reports.list() }));

  app.get('/api/reports/scheduled/:kind/:period', { schema: schemas.storedReport, preValidation: requireStaff('manager') }, async (request, reply) => {
    const made = reports.read(request.params.kind, request.params.period);
    if (!made) return sendRefusal(reply, refuse(404, 'unknown_report', '没有这份报表 · There is no such stored report.'));
    return made;
  });
}

/** The duty manager's alerts, for /desk and every logged-in staff screen. */
export function registerAlertRoutes(http: FastifyInstance, alerts: AlertsService): void {
  const app = http.withTypeProvider<ZodTypeProvider>();
  app.get('/api/alerts', { schema: schemas.alerts, preValidation: requireStaff() }, async () => ({ alerts: alerts.list() }));
}
