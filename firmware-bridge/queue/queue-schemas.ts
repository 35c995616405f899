import { z } from 'zod';
import { isoTime, refusals, staffRefusals, text } from '../http/common-schemas.js';

export const ticketStates = ['waiting', 'called', 'finished', 'skipped'] as const;
export const counterActions = ['next', 'recall', 'skip', 'finish', 'transfer', 'pause', 'resume'] as const;

export const issueTicketBody = z.object({
  service: text(200).describe('a service id of GET /api/config/public'),
  member: z.string().max(40).optional().describe('member card number, for the follow-up of a bad rating'),
  phone: z
    .string()
    .max(20)
    .regex(/^\+?[0-9 -]{5,20}$/, { error: '“phone”应为电话号码 · "phone" must be a phone number (digits).' })
    .optional()
    .describe('phone number, for the follow-up of a bad rating'),
});

export const issuedTicket = z.object({
  id: z.string().describe('unguessable; opens the ticket status page'),
  number: z.string().describe('e.g. A012'),
  service: z.string(),
  issuedAt: isoTime,
  ahead: z.number().int(),
  estimatedWaitSec: z.number(),
  printed: z.boolean(),
  printError: z.string().optional().describe('why the paper ticket did not print (the screen shows the number instead)'),
  qrUrl: z.string().describe('the status page address the QR code carries'),
});

/** What anyone holding the ticket id may see: its own position, never anyone else's data. */
export const ticketStatus = z.object({
  id: z.string(),
  number: z.string(),
  service: z.string(),
  state: z.enum(ticketStates),
  issuedAt: isoTime,
  calledAt: isoTime.nullable(),
  counter: z.string().nullable(),
  recalls: z.number().int(),
  printed: z.boolean(),
  ahead: z.number().int(),
  estimatedWaitSec: z.number(),
  nowServing: z.array(z.string()).optional().describe('while waiting: the numbers of its service being served now'),
});

const ticketRef = z.object({ id: z.string(), number: z.string(), service: z.string() });

export const queueSnapshot = z.object({
  day: z.string().describe('the local day (YYYY-MM-DD) the numbers belong to'),
  services: z.array(
    z.object({ id: z.string(), letter: z.string(), waiting: z.number().int(), oldestWaitSec: z.number(), estimatedWaitSec: z.number() }),
  ),
  counters: z.array(
    z.object({
      id: z.string(),
      state: z.enum(['open', 'paused']),
      staff: z.string().nullable(),
      serving: ticketRef
        .extend({ calledAt: isoTime, recalls: z.number().int(), waitSec: z.number().describe('seconds from the (first) issue to the call') })
        .nullable(),
      next: z.array(ticketRef).describe('the next two tickets this counter would call'),
    }),
  ),
  recentCalls: z.array(z.object({ ticketId: z.string(), number: z.string(), service: z.string(), counter: z.string(), at: isoTime })),
});

const ticketId = z.object({ id: z.string().max(64) });
const counterId = z.object({ id: z.string().max(20).describe('counter id') });

export const counterActionAnswer = z.object({ ticket: ticketStatus.nullable().describe('the ticket acted on; null when `next` finds the queue empty') });
export const transferBody = z.object({ service: text(200).describe('the service to send the ticket to') });
export const pauseBody = z.object({ reason: text(40).describe('why the counter pauses: one of queue.pauseReasons (GET /api/config/public pauseReasons)') });

export const queueRoutes = {
  issue: { summary: 'Takes a ticket (kiosk); prints it when a printer is there', body: issueTicketBody, response: { 201: z.object({ ticket: issuedTicket }), ...refusals(400, 404, 409, 503) } },
  ticket: { summary: 'One ticket\'s status (the page its QR code opens)', params: ticketId, response: { 200: z.object({ ticket: ticketStatus }), ...refusals(404) } },
  snapshot: { summary: 'The queue now: waiting per service, counters, recent calls (board, counter screens)', response: { 200: queueSnapshot } },
  counterAction: (action: Exclude<(typeof counterActions)[number], 'transfer' | 'pause'>) => ({
    summary: `Counter action "${action}" (staff)`,
    params: counterId,
    security: [{ staff: [] }],
    response: { 200: counterActionAnswer, ...refusals(400, 404, 409), ...staffRefusals },
  }),
  transfer: {
    summary: 'Counter action "transfer": sends the ticket being served to another service\'s queue (staff)',
    params: counterId,
    body: transferBody,
    security: [{ staff: [] }],
    response: { 200: counterActionAnswer, ...refusals(400, 404, 409), ...staffRefusals },
  },
  pause: {
    summary: 'Counter action "pause": the counter calls nobody until resumed; the reason is kept for reports (staff)',
    params: counterId,
    body: pauseBody,
    security: [{ staff: [] }],
    response: { 200: counterActionAnswer, ...refusals(400, 404, 409), ...staffRefusals },
  },
};
