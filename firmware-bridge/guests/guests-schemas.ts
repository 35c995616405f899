import { z } from 'zod';
import { isoTime, refusals, staffRefusals } from '../http/common-schemas.js';

const phone = z.string().trim().regex(/^\+?[\d -]{5,20}$/, { error: '“phone”应为电话号码 · "phone" must be a phone number.' });
const shortText = (max: number) => z.string().trim().min(1).max(max);

export const guestView = z.object({
  id: z.string(),
  name: z.string(),
  phone: z.string(),
  purpose: z.string(),
  appointment: z.string().nullable(),
  referredBy: z.string().nullable(),
  sales: z.object({ number: z.string(), name: z.string() }).nullable().describe('the sales person on duty the guest was handed to (null: nobody on duty)'),
  outcome: z.string().nullable(),
  visitAt: isoTime,
  completeBy: isoTime.describe('the record is due complete by then (`guests.completeWithinMinutes` after the visit)'),
  completedAt: isoTime.nullable(),
  overdue: z.boolean(),
});

export const guestBody = z.object({
  name: shortText(60).describe('the guest\'s name (stays on the desk)'),
  phone: phone.describe('stays on the desk'),
  purpose: shortText(200).describe('what the guest came for'),
  appointment: shortText(120).optional().describe('the appointment, if they have one (whom, when)'),
  referredBy: shortText(60).optional().describe('who referred them'),
});

export const guestCompletion = z.object({
  outcome: shortText(500).describe('how the visit went (the completed record)'),
  purpose: shortText(200).optional(),
  appointment: shortText(120).nullable().optional(),
  referredBy: shortText(60).nullable().optional(),
});

const staffOnly = { security: [{ staff: [] }] };

export const guestsRoutes = {
  register: {
    summary: 'Registers a guest (来访登记) and hands them to the sales person on duty; the record is due complete within `guests.completeWithinMinutes`',
    body: guestBody,
    ...staffOnly,
    response: { 201: z.object({ guest: guestView }), ...refusals(400), ...staffRefusals },
  },
  complete: {
    summary: 'Completes a guest record (once): the outcome, with any corrections',
    params: z.object({ id: z.uuid() }),
    body: guestCompletion,
    ...staffOnly,
    response: { 200: z.object({ guest: guestView }), ...refusals(400, 404, 409), ...staffRefusals },
  },
  list: {
    summary: 'A day\'s guests, and every record not completed in time (overdue)',
    querystring: z.object({ date: z.iso.date({ error: '“date”应为 YYYY-MM-DD 日期 · "date" must be a date as YYYY-MM-DD.' }).optional().describe('local day; default today') }),
    ...staffOnly,
    response: { 200: z.object({ date: z.string(), guests: z.array(guestView), overdue: z.array(guestView) }), ...refusals(400), ...staffRefusals },
  },
};
