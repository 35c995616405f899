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

const staffOnly = { security: [{ staff: [] }] };

export const printerRoutes = {
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
