import type { FastifyInstance } from 'fastify';
import { SimPrinter, type SimCondition } from '../../devices/printer/index.js';
import type { Device } from '../../devices/device.js';
import { refuse } from '../kernel/refusal.js';
import { requireStaff } from '../staff/staff-sessions.js';
import { badRequest, sendRefusal } from '../http/http-errors.js';

const conditions: SimCondition[] = ['ok', 'paper_near_end', 'paper_out', 'cover_open', 'offline'];

/** The demo's window onto the simulated printer: what it "printed", and faults to try the fallback. */
export function registerPrinterRoutes(app: FastifyInstance, printer: Device): void {
  const notSimulated = refuse(404, 'not_simulated', 'The printer is a real one; its tickets are on paper. 打印机为实体设备。');

  // Staff only: the printouts' QR codes carry ticket ids, which open those tickets' status pages.
  app.get('/api/printer/printouts', { preHandler: requireStaff() }, async (_request, reply) => {
    if (!(printer instanceof SimPrinter)) return sendRefusal(reply, notSimulated);
    return { printouts: printer.lastPrintouts().slice(0, 5) };
  });

  app.post('/api/printer/simulate', { preHandler: requireStaff('front_desk', 'manager') }, async (request, reply) => {
    if (!(printer instanceof SimPrinter)) return sendRefusal(reply, notSimulated);
    const condition = (request.body as { condition?: unknown } | null)?.condition;
    if (!conditions.includes(condition as SimCondition)) return sendRefusal(reply, badRequest(`"condition" must be one of ${conditions.join(', ')}.`, 'invalid_field'));
    printer.simulate(condition as SimCondition);
    return { printer: printer.status };
  });
}
