import { refuse, type Refusal } from '../../kernel/refusal.js';
import { datesOf, groupDimensions, type GroupBy } from './report-kpis.js';
import type { ReportRange } from './report-facts.js';

/** A year and a bit: enough for year-on-year, small enough to answer quickly. */
export const MAX_REPORT_DAYS = 400;

function isCalendarDate(text: unknown): text is string {
  if (typeof text !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const [y, m, d] = text.split('-').map(Number);
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/** Checks `from`, `to` and `by` of a report request (API and command line alike). */
export function parseReportQuery(query: { from?: unknown; to?: unknown; by?: unknown }): { range: ReportRange; by?: GroupBy } | Refusal {
  const { from, to, by } = query;
  if (!isCalendarDate(from) || !isCalendarDate(to))
    return refuse(400, 'invalid_date', '起止日期须为 YYYY-MM-DD 格式的有效日期 · "from" and "to" must be dates as YYYY-MM-DD.');
  if (to < from) return refuse(400, 'invalid_range', '结束日期不能早于开始日期 · "to" must not be before "from".');
  const range = { from, to };
  if (datesOf(range).length > MAX_REPORT_DAYS)
    return refuse(400, 'range_too_long', `报表区间最长 ${MAX_REPORT_DAYS} 天 · A report covers at most ${MAX_REPORT_DAYS} days.`);
  if (by === undefined || by === '') return { range };
  if (!(groupDimensions as readonly unknown[]).includes(by))
    return refuse(400, 'invalid_group', `分组须为 service/counter/staff/day/hour 之一 · "by" must be one of ${groupDimensions.join(', ')}.`);
  return { range, by: by as GroupBy };
}
