import type { FastifyInstance } from 'fastify';
import { isRefusal, refuse } from '../kernel/refusal.js';
import { requireStaff } from '../staff/staff-sessions.js';
import { sendRefusal } from '../http/http-errors.js';
import { reportCsv } from './rules/report-csv.js';
import { parseReportQuery } from './rules/report-query.js';
import type { ReportKind } from './rules/report-schedule.js';
import type { ReportsService } from './reports-service.js';

interface ReportQuery {
  from?: string;
  to?: string;
  by?: string;
  format?: string;
}

/** Managers' reports: any date range (JSON or CSV), and the weekly/monthly ones made on schedule. */
export function registerReportsRoutes(app: FastifyInstance, reports: ReportsService): void {
  app.get<{ Querystring: ReportQuery }>('/api/reports', { preHandler: requireStaff('manager') }, async (request, reply) => {
    const query = parseReportQuery(request.query);
    if (isRefusal(query)) return sendRefusal(reply, query);
    const format = request.query.format ?? 'json';
    if (format !== 'json' && format !== 'csv') return sendRefusal(reply, refuse(400, 'invalid_format', '"format" must be json or csv. 格式须为 json 或 csv。'));
    const report = reports.report(query.range, query.by);
    if (format === 'json') return report;
    const name = `frontdesk-report-${query.range.from}_${query.range.to}${query.by ? `-by-${query.by}` : ''}.csv`;
    return reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${name}"`).send(reportCsv(report));
  });

  app.get('/api/reports/scheduled', { preHandler: requireStaff('manager') }, async () => ({ reports: reports.list() }));

  app.get<{ Params: { kind: string; period: string } }>('/api/reports/scheduled/:kind/:period', { preHandler: requireStaff('manager') }, async (request, reply) => {
    const { kind, period } = request.params;
    const made = kind === 'weekly' || kind === 'monthly' ? reports.read(kind as ReportKind, period.replace(/[^0-9-]/g, '')) : null;
    if (!made) return sendRefusal(reply, refuse(404, 'unknown_report', 'There is no such stored report. 没有这份报表。'));
    return made;
  });
}
