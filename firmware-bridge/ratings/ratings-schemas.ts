import { z } from 'zod';
import { isoTime, refusals, staffRefusals, text } from '../http/common-schemas.js';

// The value lists live here (zod-only, importable by the UI's types); the routes check at compile
// time that they equal the domain's.
export const scores = ['satisfied', 'average', 'unsatisfied'] as const;
export const followUpOutcomes = ['reached', 'satisfied_now', 'still_unhappy', 'unreachable'] as const;
export const followUpListStates = ['open', 'overdue', 'escalated', 'closed'] as const;

export const rateBody = z.object({
  counter: text(20).describe('the counter being rated'),
  score: z.enum(scores).describe('满意 / 一般 / 不满意'),
});

export const ratingView = z.object({
  id: z.string(),
  ticket: z.object({ id: z.string(), number: z.string().nullable() }).nullable().describe('the ticket the counter finished last, if any'),
  staff: z.string().nullable(),
  counter: z.string(),
  score: z.enum(scores),
  source: z.enum(['panel', 'screen']),
  at: isoTime,
});

export const followUpView = z.object({
  id: z.string(),
  ticket: z.object({ id: z.string(), number: z.string().nullable() }),
  counter: z.string(),
  staff: z.string().nullable(),
  score: z.enum(scores),
  state: z.enum(['open', 'escalated', 'closed']),
  overdue: z.boolean(),
  escalatedTo: z.string().nullable().describe('"manager" once escalated'),
  openedAt: isoTime.nullable(),
  dueAt: isoTime.nullable(),
  outcome: z.enum(followUpOutcomes).nullable().describe('the latest outcome'),
  firstOutcome: z.enum(followUpOutcomes).nullable().describe('the outcome of the first callback: what the handling rate counts'),
  note: z.string().nullable(),
  handledAt: isoTime.nullable(),
  handledBy: z.string().nullable(),
  closedAt: isoTime.nullable(),
  closedBy: z.string().nullable(),
  attempts: z.number().int().describe('calls that found nobody ("unreachable") so far'),
  nextAttemptAt: isoTime.nullable().describe('after an unreachable call: when to call again (outside the rest hours); overdue counts from it'),
  contact: z.object({ memberCard: z.string().nullable(), phone: z.string().nullable() }).describe('local only: never sent over MQTT'),
});

export const statsLine = z.object({
  satisfied: z.number().int(),
  average: z.number().int(),
  unsatisfied: z.number().int(),
  total: z.number().int(),
  rate: z.number().nullable().describe('satisfied ÷ total (0–1); null when nobody rated yet'),
  ignored: z.number().int().describe('presses ignored as repeats (not in total)'),
  followUpsOpen: z.number().int(),
  followUpsOverdue: z.number().int(),
  followUpsEscalated: z.number().int(),
  followUpsHandled: z.number().int(),
  followUpsHandledWithinDue: z.number().int(),
});

export const dailyStats = z.object({
  day: z.string(),
  totals: statsLine,
  byCounter: z.array(statsLine.extend({ counter: z.string() })),
  byStaff: z.array(statsLine.extend({ staff: z.string() })),
  headline: z.object({
    followUpHandlingRate: z.number().nullable().describe('回访处理率: share of judged follow-ups handled by their due time'),
    effectiveComplaintRate: z.number().nullable().describe('有效投诉率: callbacks that found the customer still unhappy ÷ ratings'),
    windowDays: z.number().int(),
    followUpsJudged: z.number().int(),
    followUpsHandledOnTime: z.number().int(),
    effectiveComplaints: z.number().int(),
    ratingsInWindow: z.number().int(),
  }),
});

export const closeFollowUpBody = z.object({
  outcome: z.enum(followUpOutcomes),
  note: z.string().max(500).optional(),
});

const staffOnly = { security: [{ staff: [] }] };

export const ratingsRoutes = {
  rate: {
    summary: 'A press of the on-screen rating buttons (or a panel integrated over HTTP)',
    body: rateBody,
    response: {
      201: z.object({ rating: ratingView, followUp: z.object({ id: z.string(), dueAt: isoTime.nullable() }).nullable().describe('opened for an unhappy rating with a contact') }),
      200: z.object({ rating: z.null(), ignored: z.literal('repeat').optional() }).describe('ignored as a repeat press'),
      ...refusals(400),
    },
  },
  latest: { summary: 'The last rating of a counter (the counter screen)', querystring: z.object({ counter: z.string().max(20) }), response: { 200: z.object({ rating: ratingView.nullable() }), ...refusals(400) } },
  ofTicket: { summary: 'The rating of one ticket, if it was rated', params: z.object({ id: z.string().max(64) }), response: { 200: z.object({ rating: ratingView.nullable() }) } },
  followUps: {
    summary: 'The callback work list (staff); managers also see escalated ones',
    querystring: z.object({ state: z.enum(followUpListStates).default('open') }),
    ...staffOnly,
    response: { 200: z.object({ followUps: z.array(followUpView) }), ...refusals(400), ...staffRefusals },
  },
  closeFollowUp: {
    summary: 'Records the outcome of a callback (staff); "still_unhappy" escalates to a manager; "unreachable" schedules the next attempt, the last allowed one (ratings.followUp.maxAttempts) escalates',
    params: z.object({ id: z.string().max(64) }),
    body: closeFollowUpBody,
    ...staffOnly,
    response: { 200: z.object({ followUp: followUpView }), ...refusals(400, 404, 409), ...staffRefusals },
  },
  statsToday: { summary: 'Today\'s satisfaction figures per counter, per staff member and in total (staff)', ...staffOnly, response: { 200: dailyStats, ...staffRefusals } },
};
