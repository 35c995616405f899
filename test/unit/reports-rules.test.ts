import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { StoredEvent } from '../../firmware-bridge/kernel/events.js';
import { computeReport, percentile, timeStats } from '../../firmware-bridge/reports/rules/report-kpis.js';
import { parseReportQuery } from '../../firmware-bridge/reports/rules/report-query.js';
import { latestDue, nextDueAt } from '../../firmware-bridge/reports/rules/report-schedule.js';
import { reportCsv } from '../../firmware-bridge/reports/rules/report-csv.js';
import { isRefusal } from '../../firmware-bridge/kernel/refusal.js';

const rules = suite('report rules');
const at = (local: string) => Date.parse(`${local}+08:00`);
const open = { open: '09:00', close: '17:00' };
const settings = {
  timezone: 'Asia/Shanghai',
  hours: { weekly: { mon: open, tue: open, wed: open, thu: open, fri: open, sat: 'closed' as const, sun: 'closed' as const }, holidays: [] },
  services: [
    { id: 'a', targetWaitSec: 600, complaints: false },
    { id: 'c', targetWaitSec: 600, complaints: true },
  ],
  counters: ['1', '2'],
};

let seq = 0;
const ev = (type: StoredEvent['type'], local: string, payload: Record<string, unknown>): StoredEvent => ({ id: `e${++seq}`, seq, type, at: new Date(at(local)).toISOString(), payload }) as unknown as StoredEvent; // partial payloads: the rules read only these fields

rules('nearest-rank percentiles and time stats', () => {
  assert.is(percentile([], 0.5), null);
  assert.is(percentile([10, 20, 30, 40], 0.5), 20);
  assert.is(percentile([10, 20, 30, 40], 0.9), 40);
  assert.equal(timeStats([30, 10, 20]), { mean: 20, p50: 20, p90: 30, max: 30 });
});

rules('a day: served, no-show, transfer, unserved, service level, pause by reason, complaints', () => {
  const events = [
    ev('ticket.issued', '2026-11-24T09:00:00', { ticketId: 't1', service: 'a' }),
    ev('ticket.issued', '2026-11-24T09:01:00', { ticketId: 't2', service: 'a' }),
    ev('ticket.issued', '2026-11-24T09:02:00', { ticketId: 't3', service: 'c' }),
    ev('ticket.issued', '2026-11-24T16:59:00', { ticketId: 't4', service: 'a' }),
    ev('ticket.called', '2026-11-24T09:05:00', { ticketId: 't1', counter: '1', staff: '001' }),
    ev('ticket.finished', '2026-11-24T09:15:00', { ticketId: 't1', service: 'a', counter: '1', staff: '001', waitSec: 300, serviceSec: 600 }),
    ev('rating.recorded', '2026-11-24T09:15:20', { ticketId: 't1', counter: '1', staff: '001', score: 'satisfied' }),
    ev('ticket.called', '2026-11-24T09:30:00', { ticketId: 't2', counter: '2', staff: '002' }), // 29 min: over target
    ev('ticket.skipped', '2026-11-24T09:33:00', { ticketId: 't2', counter: '2', staff: '002' }),
    ev('ticket.called', '2026-11-24T09:10:00', { ticketId: 't3', counter: '1', staff: '001' }),
    ev('ticket.transferred', '2026-11-24T09:12:00', { ticketId: 't3', fromService: 'c', toService: 'a', counter: '1', staff: '001' }),
    ev('counter.paused', '2026-11-24T12:00:00', { counter: '1', staff: '001', reason: 'lunch' }),
    ev('counter.resumed', '2026-11-24T12:30:00', { counter: '1', staff: '001' }),
    ev('counter.paused', '2026-11-24T16:00:00', { counter: '2', staff: '002', reason: 'training' }), // never resumed: ends at closing
  ];
  const report = computeReport(events, settings, { from: '2026-11-24', to: '2026-11-24' }, at('2026-11-25T08:00:00'), 'service');
  assert.equal(report.tickets, { issued: 4, served: 1, noShows: 1, transferred: 1, unserved: 2 });
  // t1 within, t2 late, t3 within (first call at 8 min), t4 never called: 2 of 4.
  assert.is(report.serviceLevel, 0.5);
  assert.equal(report.ratings, { satisfied: 1, average: 0, unsatisfied: 0, rate: 1, responseRate: 1 });
  assert.equal(report.complaints, { count: 1, rate: 1 });
  assert.equal(report.pauseByReason, { lunch: 1800, training: 3600 });
  assert.is(report.arrivalsByHour[9], 3);
  assert.is(report.arrivalsByHour[16], 1);
  const c = report.groups!.find((g) => g.key === 'c')!;
  assert.equal({ issued: c.tickets.issued, transferred: c.tickets.transferred, served: c.tickets.served }, { issued: 1, transferred: 1, served: 0 });
  // Before closing, the ticket still waiting is not yet unserved.
  assert.is(computeReport(events, settings, { from: '2026-11-24', to: '2026-11-24' }, at('2026-11-24T16:59:30')).tickets.unserved, 0);
});

rules('complaints recorded at the desk (complaint.opened) replace complaint-service tickets in the complaint rate', () => {
  const served = (id: string, service: string, minute: number) => [
    ev('ticket.issued', `2026-11-24T10:${minute}:00`, { ticketId: id, service }),
    ev('ticket.called', `2026-11-24T10:${minute}:30`, { ticketId: id, counter: '1', staff: '001' }),
    ev('ticket.finished', `2026-11-24T10:${minute + 5}:00`, { ticketId: id, service, counter: '1', staff: '001', waitSec: 30, serviceSec: 270 }),
  ];
  const tickets = [...served('t1', 'a', 10), ...served('t2', 'a', 20), ...served('t3', 'c', 30), ...served('t4', 'a', 40)];
  const range = { from: '2026-11-24', to: '2026-11-24' };
  const asOf = at('2026-11-25T08:00:00');
  assert.equal(computeReport(tickets, settings, range, asOf).complaints, { count: 1, rate: 0.25 }, 'without complaint events: the complaints service\'s tickets');
  const withComplaints = [
    ...tickets,
    ev('complaint.opened', '2026-11-24T10:12:00', { complaintId: 'k1', ticketId: 't1', owner: '001', followUpId: null }),
    ev('complaint.opened', '2026-11-24T10:22:00', { complaintId: 'k2', ticketId: 't2', owner: '002', followUpId: null }),
    ev('complaint.opened', '2026-11-23T10:22:00', { complaintId: 'k0', ticketId: null, owner: '002', followUpId: null }), // the day before: outside the range
  ];
  assert.equal(computeReport(withComplaints, settings, range, asOf).complaints, { count: 2, rate: 0.5 });
});

rules('report query: dates, order, 400 days, group', () => {
  assert.equal(parseReportQuery({ from: '2026-01-01', to: '2026-01-07', by: 'hour' }), { range: { from: '2026-01-01', to: '2026-01-07' }, by: 'hour' });
  for (const q of [{ from: '2026-13-01', to: '2026-13-02' }, { from: '2026-01-02', to: '2026-01-01' }, { from: '2025-01-01', to: '2026-02-05' }, { from: '2026-01-01', to: '2026-01-01', by: 'x' }])
    assert.ok(isRefusal(parseReportQuery(q)), JSON.stringify(q));
});

rules('schedule: weekly on Monday 09:00 and monthly on the 1st, in the site zone', () => {
  const tz = 'Asia/Shanghai';
  const weekly = latestDue('weekly', at('2026-11-30T08:59:00'), tz);
  assert.equal({ period: weekly.period, range: weekly.range }, { period: '2026-11-16', range: { from: '2026-11-16', to: '2026-11-22' } });
  assert.equal(latestDue('weekly', at('2026-11-30T09:00:00'), tz).range, { from: '2026-11-23', to: '2026-11-29' });
  assert.is(nextDueAt('weekly', at('2026-11-30T09:00:00'), tz), at('2026-12-07T09:00:00'));
  const monthly = latestDue('monthly', at('2026-12-01T09:00:00'), tz);
  assert.equal({ period: monthly.period, range: monthly.range }, { period: '2026-11', range: { from: '2026-11-01', to: '2026-11-30' } });
  assert.equal(latestDue('monthly', at('2027-01-01T08:00:00'), tz).range, { from: '2026-11-01', to: '2026-11-30' });
  assert.is(nextDueAt('monthly', at('2026-12-15T00:00:00'), tz), at('2027-01-01T09:00:00'));
  // In a zone with DST the 09:00 is local: Berlin, the Monday after the change to winter time.
  assert.is(latestDue('weekly', Date.parse('2026-10-26T08:00:00Z'), 'Europe/Berlin').dueAt, Date.parse('2026-10-26T08:00:00Z'));
});

rules('CSV: a header, a total row, one row per group; RFC 4180 line ends', () => {
  const report = computeReport([], settings, { from: '2026-11-24', to: '2026-11-25' }, at('2026-11-26T00:00:00'), 'day');
  const lines = reportCsv(report).split('\r\n');
  assert.is(lines.length, 5); // header, total, two days, trailing empty
  assert.is(lines[2].split(',')[2], 'day:2026-11-24');
});

rules.run();
