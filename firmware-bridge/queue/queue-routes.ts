import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import { isRefusal } from '../kernel/refusal.js';
import type { Ticket } from './rules/queue-state.js';
import type { CounterAction, QueueService } from './queue-service.js';
import { requireStaff } from '../staff/staff-sessions.js';
import { sendRefusal } from '../http/http-errors.js';
import { counterActions, queueRoutes as schemas, type queueSnapshot, type ticketStatus } from './queue-schemas.js';

export function registerQueueRoutes(http: FastifyInstance, queue: QueueService): void {
  const app = http.withTypeProvider<ZodTypeProvider>();
  app.post('/api/tickets', { schema: schemas.issue }, async (request, reply) => {
    const { service, member, phone } = request.body;
    const issued = await queue.issue(service, { member, phone });
    if (isRefusal(issued)) return sendRefusal(reply, issued);
    return reply.code(201).send({ ticket: issued });
  });
  app.get('/api/tickets/:id', { schema: schemas.ticket }, async (request, reply) => {
    const ticket = queue.ticket(request.params.id);
    if (!ticket) return reply.code(404).send({ error: { code: 'unknown_ticket', message: '查无此号 · No such ticket today.' } });
    return { ticket: publicTicket(ticket, queue) };
  });
  // The service builds the snapshot untyped; the answer's schema checks it on the way out.
  app.get('/api/queue', { schema: schemas.snapshot }, async () => queue.snapshot() as z.output<typeof queueSnapshot>);
  const act = (counter: string, action: CounterAction, staff: string, argument?: string) => {
    const result = queue.counterAction(counter, action, staff, argument);
    return isRefusal(result) ? result : { ticket: result.ticket ? publicTicket(result.ticket, queue) : null };
  };
  for (const action of counterActions) {
    if (action === 'transfer' || action === 'pause') continue;
    app.post(`/api/counters/:id/${action}`, { schema: schemas.counterAction(action), preValidation: requireStaff() }, async (request, reply) => {
      const answer = act(request.params.id, action, request.staff!.number);
      return isRefusal(answer) ? sendRefusal(reply, answer) : answer;
    });
  }
  app.post('/api/counters/:id/transfer', { schema: schemas.transfer, preValidation: requireStaff() }, async (request, reply) => {
    const answer = act(request.params.id, 'transfer', request.staff!.number, request.body.service);
    return isRefusal(answer) ? sendRefusal(reply, answer) : answer;
  });
  app.post('/api/counters/:id/pause', { schema: schemas.pause, preValidation: requireStaff() }, async (request, reply) => {
    const answer = act(request.params.id, 'pause', request.staff!.number, request.body.reason);
    return isRefusal(answer) ? sendRefusal(reply, answer) : answer;
  });
}

/** What anyone holding the ticket id may see: its own position, never anyone else's data. */
function publicTicket(ticket: Ticket, queue: QueueService): z.output<typeof ticketStatus> {
  const view = ticket.state === 'waiting' ? queue.ticketView(ticket) : { ahead: 0, estimatedWaitSec: 0 };
  return {
    id: ticket.id,
    number: ticket.number,
    service: ticket.service,
    state: ticket.state,
    issuedAt: new Date(ticket.firstIssuedAt).toISOString(),
    calledAt: ticket.calledAt ? new Date(ticket.calledAt).toISOString() : null,
    counter: ticket.counter,
    recalls: ticket.recalls,
    printed: ticket.printed,
    ...view,
  };
}
