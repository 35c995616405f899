import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { SimPrinter, type SimCondition } from '../../devices/printer/index.js';
import type { Device } from '../../devices/device.js';
import { isRefusal, refuse } from '../kernel/refusal.js';
import type { QueueService } from './queue-service.js';
import { requireStaff } from '../staff/staff-sessions.js';
import { sendRefusal } from '../http/http-errors.js';
import { sameValues } from '../http/common-schemas.js';
import { printerRoutes as schemas, type simConditions } from './printer-schemas.js';

// The contract's conditions are the simulator's, or this file does not compile.
sameValues<SimCondition, (typeof simConditions)[number]>(true);

/**
 * The printer at the desk: tickets that did not print and their reprint (any printer), and the
 * demo's window onto the simulated one (what it "printed", faults to try the fallback).
 */
export function registerPrinterRoutes(http: FastifyInstance, printer: Device, queue: QueueService): void {
  const app = http.withTypeProvider<ZodTypeProvider>();
  const iso = (ms: number) => new Date(ms).toISOString();
  app.get('/api/printer/unprinted', { schema: schemas.unprinted, preValidation: requireStaff() }, async () => ({
    tickets: queue.unprinted().map((t) => ({ id: t.id, number: t.number, service: t.service, issuedAt: iso(t.issuedAt), ahead: queue.ticketView(t).ahead })),
  }));
  app.post('/api/printer/reprint', { schema: schemas.reprint, preValidation: requireStaff() }, async (request, reply) => {
    const done = await queue.reprint(request.body.ticket, request.staff!.number);
    if (isRefusal(done)) return sendRefusal(reply, done);
    const t = done.ticket;
    return { ticket: { id: t.id, number: t.number, service: t.service, issuedAt: iso(t.issuedAt), printed: true as const } };
  });
  const notSimulated = refuse(404, 'not_simulated', '打印机为实体设备 · The printer is a real one; its tickets are on paper.');
  // Staff only: the printouts' QR codes carry ticket ids, which open those tickets' status pages.
  app.get('/api/printer/printouts', { schema: schemas.printouts, preValidation: requireStaff() }, async (_request, reply) => {
    if (!(printer instanceof SimPrinter)) return sendRefusal(reply, notSimulated);
    return { printouts: printer.lastPrintouts().slice(0, 5) };
  });
  app.post('/api/printer/simulate', { schema: schemas.simulate, preValidation: requireStaff('front_desk', 'manager') }, async (request, reply) => {
    if (!(printer instanceof SimPrinter)) return sendRefusal(reply, notSimulated);
    printer.simulate(request.body.condition);
    return { printer: printer.status };
  });
}
