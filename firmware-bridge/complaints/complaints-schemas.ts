import { z } from 'zod';
import { isoTime, refusals, staffRefusals, text } from '../http/common-schemas.js';

export const complaintStates = ['open', 'closed'] as const;

export const complaintView = z.object({
  id: z.string(),
  ticketId: z.string().nullable(),
  what: z.string().describe('what happened, in the staff member\'s words'),
  contact: z.string().nullable().describe('how to reach the member for the callback (stays on this machine)'),
  owner: z.object({ number: z.string(), name: z.string() }).describe('首问: who first took it; owns it until it is closed'),
  routedTo: z.literal('manager').describe('the duty manager sees it on the open list'),
  openedAt: isoTime,
  solution: z.string().nullable().describe('the solution agreed with the member'),
  callback: z.object({ followUpId: z.string().nullable().describe('on the follow-up list (/api/followups)'), dueAt: isoTime.describe('3 days after opening') }),
  state: z.enum(complaintStates),
  cause: z.string().nullable(),
  action: z.string().nullable(),
  closedBy: z.string().nullable(),
  closedAt: isoTime.nullable(),
});

const optionalText = (max: number) => z.string().max(max).optional();

export const openComplaintBody = z.object({
  what: text(2000).describe('what happened'),
  ticketId: z.string().max(64).optional().describe('the queue ticket it came with, if any'),
  contact: optionalText(120).describe('phone or member card for the callback'),
  solution: optionalText(2000).describe('the solution agreed with the member, if already agreed'),
});

export const closeComplaintBody = z.object({
  cause: optionalText(2000).describe('the root cause (400 `cause_and_action_required` without it)'),
  action: optionalText(2000).describe('the action taken so it does not happen again (400 without it)'),
  solution: optionalText(2000).describe('the agreed solution, if not recorded at opening'),
});

const staffOnly = { security: [{ staff: [] }] };
const idParam = z.object({ id: z.string().min(1).max(64) });

export const complaintsRoutes = {
  open: {
    summary: 'Opens a complaint (首问制: the staff member taking it owns it), routed to the duty manager, with a callback due in 3 days',
    body: openComplaintBody,
    ...staffOnly,
    response: { 201: z.object({ complaint: complaintView }), ...refusals(400), ...staffRefusals },
  },
  list: {
    summary: 'Complaints by state, open ones oldest first (the duty manager\'s list)',
    querystring: z.object({ state: z.enum(complaintStates).default('open') }),
    ...staffOnly,
    response: { 200: z.object({ complaints: z.array(complaintView) }), ...refusals(400), ...staffRefusals },
  },
  close: {
    summary: 'Closes a complaint with its root cause and action; only its owner or a manager',
    params: idParam,
    body: closeComplaintBody,
    ...staffOnly,
    response: { 200: z.object({ complaint: complaintView }), ...refusals(400, 403, 404, 409), ...staffRefusals },
  },
};
