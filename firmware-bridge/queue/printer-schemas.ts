import { z } from 'zod';
import { isoTime, refusals, staffRefusals } from '../http/common-schemas.js';
import { deviceState } from '../runtime/core-schemas.js';

export const simConditions = ['ok', 'paper_near_end', 'paper_out', 'cover_open', 'offline'] as const;

/** One ticket the simulated printer "printed", read back from its ESC/POS bytes. */
export const simPrintout = z.object({
  at: isoTime,
  number: z.string(),
  bytes: z.number().int(),
  text: z.array(z.string()).describe('non-empty text lines as printed'),
  lines: z.array(z.object({ text: z.string(), align: z.enum(['left', 'center', 'right']), bold: z.boolean(), width: z.number().int(), height: z.number().int() })),
  qr: z.array(z.object({ data: z.string(), model: z.number().int(), moduleSize: z.number().int(), errorCorrection: z.enum(['L', 'M', 'Q', 'H']) })),
  cut: z.boolean(),
});

/** A waiting ticket that did not print (no personal data: the contact stays in its row). */
export const unprintedTicket = z.object({
  id: z.string(),
  number: z.string(),
  service: z.string(),
  issuedAt: isoTime,
  ahead: z.number().int(),
});

const staffOnly = { security: [{ staff: [] }] };

export const printerRoutes = {
  unprinted: {
    summary: 'Waiting tickets that did not print (printer out of paper, offline or none), oldest first (staff)',
    ...staffOnly,
    response: { 200: z.object({ tickets: z.array(unprintedTicket) }), ...staffRefusals },
  },
  reprint: {
    summary: 'Prints a waiting ticket that did not print, once the printer is back; recorded as `ticket.printed` with `reprintedBy` (staff). 503 `printer_unavailable` while it is still down',
    body: z.object({ ticket: z.string().max(64).describe('the ticket id (from GET /api/printer/unprinted)') }),
    ...staffOnly,
    response: { 200: z.object({ ticket: unprintedTicket.omit({ ahead: true }).extend({ printed: z.literal(true) }) }), ...refusals(400, 404, 409, 503), ...staffRefusals },
  },
  printouts: {
    summary: 'The simulated printer\'s last five tickets, newest first (staff; 404 `not_simulated` for a real printer)',
    ...staffOnly,
    response: { 200: z.object({ printouts: z.array(simPrintout) }), ...refusals(404), ...staffRefusals },
  },
  simulate: {
    summary: 'Puts the simulated printer in a condition, to try the fallbacks (front_desk or manager)',
    body: z.object({ condition: z.enum(simConditions) }),
    ...staffOnly,
    response: { 200: z.object({ printer: deviceState }), ...refusals(400, 404), ...staffRefusals },
  },
};
