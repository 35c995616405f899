import { z } from 'zod';
import { isoTime, refusals, staffRefusals } from '../http/common-schemas.js';

// The value lists live here (zod-only, importable by the UI's types); the routes check at compile
// time that they equal the rules'.
export const groupDimensions = ['service', 'counter', 'staff', 'day', 'hour'] as const;
export const reportKinds = ['weekly', 'monthly'] as const;
export const alertKinds = ['unsatisfied_rating', 'unsatisfied_streak', 'wait_above_target', 'device_fault', 'followup_due_soon', 'complaint_opened'] as const;

const count = z.number().int();
const rate = z.number().nullable();
const timeStats = z.object({ mean: z.number().nullable(), p50: z.number().nullable(), p90: z.number().nullable(), max: z.number().nullable() }).describe('seconds; percentiles nearest-rank; null without data');
const ratingFigures = z.object({
  satisfied: count,
  average: count,
  unsatisfied: count,
  rate: rate.describe('satisfied ÷ ratings'),
  responseRate: rate.describe('ratings ÷ served tickets'),
});

export const figures = z.object({
  tickets: z.object({ issued: count, served: count, noShows: count.describe('skipped after the recalls'), transferred: count, unserved: count.describe('still waiting or called when their day closed') }),
  waitSec: timeStats,
  serviceSec: timeStats,
  serviceLevel: rate.describe('share of tickets first called within their service\'s targetWaitSec'),
  ratings: ratingFigures,
  complaints: z.object({ count, rate: rate.describe('complaints ÷ served') }).describe('tickets of services marked complaints: true'),
  followUps: z.object({ due: count, onTime: count, overdue: count, recoveryRate: rate.describe('"satisfied now" at the first callback ÷ handled') }),
  keys: z.object({ handouts: count, overdue: count, lost: count.describe('confirmed missing at the range\'s last shift reconciliation (totals only)') }),
});

export const report = figures.extend({
  from: z.string(),
  to: z.string(),
  days: count,
  arrivalsByHour: z.array(count).describe('tickets issued per local hour 0–23, over the whole range'),
  pauseByReason: z.record(z.string(), z.number()).describe('seconds paused per queue.pauseReasons reason'),
  counters: z.array(
    z.object({
      counter: z.string(),
      served: count,
      openHours: z.number().describe('each day from the first to the last action at the counter, minus pauses'),
      servedPerOpenHour: z.number().nullable(),
      idleSec: count,
      pauseSec: count,
      pauseByReason: z.record(z.string(), z.number()),
      ratings: ratingFigures,
      flags: z.array(z.enum(['low_response', 'all_satisfied'])).describe('low_response: under half the counters\' median response rate; all_satisfied: 30+ ratings, all 满意'),
    }),
  ),
  satisfactionHeatmap: z.array(z.object({ weekday: z.number().int().describe('1 = Monday … 7 = Sunday'), hour: count, satisfied: count, average: count, unsatisfied: count })),
  by: z.enum(groupDimensions).optional(),
  groups: z.array(figures.extend({ key: z.string() })).optional(),
});

export const reportQuery = z.object({
  from: z.string().max(10).optional().describe('first local date, YYYY-MM-DD'),
  to: z.string().max(10).optional().describe('last local date, YYYY-MM-DD (at most 400 days after from)'),
  by: z.string().max(10).optional().describe('service, counter, staff, day or hour'),
  format: z.enum(['json', 'csv']).default('json'),
});

export const storedReportEntry = z.object({ kind: z.enum(reportKinds), period: z.string(), from: z.string(), to: z.string(), generatedAt: isoTime });
export const storedReport = z.object({ kind: z.enum(reportKinds), period: z.string().describe('the week\'s Monday (YYYY-MM-DD) or the month (YYYY-MM)'), generatedAt: isoTime, report });

export const alert = z.object({
  id: z.string(),
  at: isoTime,
  kind: z.enum(alertKinds),
  message: z.string().describe('"中文 · English"'),
  counter: z.string().optional(),
  service: z.string().optional(),
  device: z.string().optional(),
  followUpId: z.string().optional(),
  complaintId: z.string().optional(),
  count: z.number().int().optional(),
});

const managerOnly = { security: [{ staff: [] }] };

export const reportsRoutes = {
  report: {
    summary: 'KPIs of a date range (manager): JSON, or CSV with format=csv',
    querystring: reportQuery,
    ...managerOnly,
    response: { 200: z.union([report, z.string().describe('the CSV (text/csv): a header, the total row, one row per group')]), ...refusals(400), ...staffRefusals },
  },
  scheduled: { summary: 'The stored weekly and monthly reports, newest first (manager)', ...managerOnly, response: { 200: z.object({ reports: z.array(storedReportEntry) }), ...staffRefusals } },
  storedReport: {
    summary: 'One stored weekly or monthly report (manager)',
    params: z.object({ kind: z.enum(reportKinds), period: z.string().regex(/^\d{4}-\d{2}(-\d{2})?$/) }),
    ...managerOnly,
    response: { 200: storedReport, ...refusals(400, 404), ...staffRefusals },
  },
  alerts: { summary: 'The latest alerts to the duty manager, newest first (staff)', ...managerOnly, response: { 200: z.object({ alerts: z.array(alert) }), ...staffRefusals } },
};
