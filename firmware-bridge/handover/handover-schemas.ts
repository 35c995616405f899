import { z } from 'zod';
import { isoTime, refusals, staffRefusals } from '../http/common-schemas.js';

const person = z.object({ number: z.string(), name: z.string() });
const pinConfirmation = (who: string) =>
  z.object({ staff: z.string().regex(/^\d{1,6}$/).describe(`the ${who} staff member's number`), pin: z.string().min(1).max(32).describe('their PIN (the login lockout applies)') });

export const handoverView = z.object({
  id: z.string(),
  at: isoTime,
  since: isoTime.nullable().describe('the previous handover'),
  outgoing: person,
  incoming: person,
  keysNotBack: z.array(z.object({ keyId: z.string(), label: z.string(), holder: z.string(), handedOutAt: isoTime, dueBackAt: isoTime.nullable(), overdue: z.boolean() })),
  lostAndFound: z.array(z.object({ item: z.string(), where: z.string().nullable(), handedBackTo: z.string().nullable().describe('null: still at the desk') })),
  wrongCards: z.array(z.object({ keyId: z.string(), label: z.string(), staff: z.string().nullable(), returnedAt: isoTime })),
  openComplaints: z.array(z.object({ id: z.string(), what: z.string(), owner: person, openedAt: isoTime, callbackDueAt: isoTime })),
  openFollowUps: z.array(z.object({ id: z.string(), ticketNumber: z.string().nullable(), state: z.string(), dueAt: isoTime.nullable(), overdue: z.boolean() })),
  paperwork: z.array(z.object({ kind: z.string(), card: z.string(), holder: z.string(), summary: z.string() })),
  note: z.string(),
});

const handoverContent = handoverView.omit({ id: true, at: true, since: true, outgoing: true, incoming: true, note: true });

export const handoverBody = z.object({
  outgoing: pinConfirmation('outgoing'),
  incoming: pinConfirmation('incoming'),
  lostAndFound: z
    .array(z.object({ item: z.string().min(1).max(200), where: z.string().max(200).optional(), handedBackTo: z.string().max(80).optional() }))
    .max(100)
    .optional()
    .describe('the lost-and-found log of the shift: item, where found, handed back to whom'),
  note: z.string().max(4000).optional(),
});

const staffOnly = { security: [{ staff: [] }] };

export const handoverRoutes = {
  handOver: {
    summary: 'Written shift handover: both staff confirm with their PIN; lists keys not back, lost and found, wrong cards, open complaints and follow-ups, the day\'s card paperwork',
    body: handoverBody,
    ...staffOnly,
    response: { 201: z.object({ handover: handoverView, html: z.string().describe('address of the printable page') }), ...refusals(400, 401), ...staffRefusals },
  },
  history: {
    summary: 'What a handover made now would list (for the form, before the PINs), and the latest handovers, newest first',
    querystring: z.object({ limit: z.coerce.number().int().min(1).max(100).default(20) }),
    ...staffOnly,
    response: {
      200: z.object({ pending: handoverContent, handovers: z.array(handoverView) }),
      ...refusals(400),
      ...staffRefusals,
    },
  },
  latest: {
    summary: 'The latest handover, and which of its items are still open now: what the incoming shift sees first',
    ...staffOnly,
    response: {
      200: z.object({
        handover: handoverView.nullable(),
        html: z.string().nullable(),
        open: handoverContent.nullable().describe("the handover's items still open now: keys still out, complaints and follow-ups still open (live), paperwork still due today; lost-and-found still at the desk and wrong cards until the next handover"),
      }),
      ...staffRefusals,
    },
  },
  print: {
    summary: 'One handover as a printable page (text/html) to sign',
    params: z.object({ id: z.string().min(1).max(64) }),
    ...staffOnly,
    response: { 200: z.string().describe('the printable page (text/html)'), ...refusals(404), ...staffRefusals },
  },
};
