import type { Figures, Report } from './report-kpis.js';

const columns: [string, (f: Figures) => number | null][] = [
  ['issued', (f) => f.tickets.issued],
  ['served', (f) => f.tickets.served],
  ['noShows', (f) => f.tickets.noShows],
  ['transferred', (f) => f.tickets.transferred],
  ['unserved', (f) => f.tickets.unserved],
  ['waitMeanSec', (f) => f.waitSec.mean],
  ['waitP50Sec', (f) => f.waitSec.p50],
  ['waitP90Sec', (f) => f.waitSec.p90],
  ['waitMaxSec', (f) => f.waitSec.max],
  ['serviceMeanSec', (f) => f.serviceSec.mean],
  ['serviceP50Sec', (f) => f.serviceSec.p50],
  ['serviceP90Sec', (f) => f.serviceSec.p90],
  ['serviceMaxSec', (f) => f.serviceSec.max],
  ['serviceLevel', (f) => f.serviceLevel],
  ['satisfied', (f) => f.ratings.satisfied],
  ['average', (f) => f.ratings.average],
  ['unsatisfied', (f) => f.ratings.unsatisfied],
  ['satisfactionRate', (f) => f.ratings.rate],
  ['responseRate', (f) => f.ratings.responseRate],
  ['complaints', (f) => f.complaints.count],
  ['complaintRate', (f) => f.complaints.rate],
  ['followUpsDue', (f) => f.followUps.due],
  ['followUpsOnTime', (f) => f.followUps.onTime],
  ['followUpsOverdue', (f) => f.followUps.overdue],
  ['recoveryRate', (f) => f.followUps.recoveryRate],
  ['keyHandouts', (f) => f.keys.handouts],
  ['keysOverdue', (f) => f.keys.overdue],
  ['keysLost', (f) => f.keys.lost],
];

function cell(value: string | number | null): string {
  if (value === null) return '';
  const text = typeof value === 'number' && !Number.isInteger(value) ? String(Math.round(value * 10000) / 10000) : String(value);
  return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One row for the whole range ("total"), then one per group; RFC 4180, a header line first. */
export function reportCsv(report: Report): string {
  const header = ['from', 'to', 'group', ...columns.map(([name]) => name)];
  const row = (group: string, f: Figures) => [report.from, report.to, group, ...columns.map(([, get]) => get(f))].map(cell).join(',');
  const lines = [header.join(','), row('total', report)];
  for (const g of report.groups ?? []) lines.push(row(`${report.by}:${g.key}`, g));
  return `${lines.join('\r\n')}\r\n`;
}
