import type { FastifyInstance } from 'fastify';
import { isRefusal } from '../kernel/refusal.js';
import type { Ticket } from './rules/queue-state.js';
import type { CounterAction, QueueService } from './queue-service.js';
import { requireStaff } from '../staff/staff-sessions.js';
import { badRequest, sendRefusal, stringField } from '../http/http-errors.js';

const counterActions: CounterAction[] = ['next', 'recall', 'skip', 'finish', 'transfer', 'pause', 'resume'];

export function registerQueueRoutes(app: FastifyInstance, queue: QueueService): void {
  app.post('/api/tickets', async (request, reply) => {
    const service = stringField(request.body, 'service');
    if (isRefusal(service)) return sendRefusal(reply, service);
    const member = stringField(request.body, 'member', { optional: true, max: 40 });
    if (isRefusal(member)) return sendRefusal(reply, member);
    const phone = stringField(request.body, 'phone', { optional: true, max: 20 });
    if (isRefusal(phone)) return sendRefusal(reply, phone);
    if (phone !== undefined && !/^\+?[0-9 -]{5,20}$/.test(phone)) return sendRefusal(reply, badRequest('"phone" must be a phone number (digits).', 'invalid_field'));
    const issued = await queue.issue(service!, { member, phone });
    if (isRefusal(issued)) return sendRefusal(reply, issued);
    return reply.code(201).send({ ticket: issued });
  });

  app.get<{ Params: { id: string } }>('/api/tickets/:id', async (request, reply) => {
    const ticket = queue.ticket(request.params.id);
    if (!ticket) return reply.code(404).send({ error: { code: 'unknown_ticket', message: 'No such ticket today. 查无此号。' } });
    return { ticket: publicTicket(ticket, queue) };
  });

  app.get('/api/queue', async () => queue.snapshot());

  for (const action of counterActions) {
    app.post<{ Params: { id: string } }>(`/api/counters/:id/${action}`, { preHandler: requireStaff() }, async (request, reply) => {
      let toService: string | undefined;
      if (action === 'transfer') {
        const service = stringField(request.body, 'service');
        if (isRefusal(service)) return sendRefusal(reply, service);
        toService = service;
      }
      const result = queue.counterAction(request.params.id, action, request.staff!.number, toService);
      if (isRefusal(result)) return sendRefusal(reply, result);
      return { ticket: result.ticket ? publicTicket(result.ticket, queue) : null };
    });
  }
}

/** What anyone holding the ticket id may see: its own position, never anyone else's data. */
function publicTicket(ticket: Ticket, queue: QueueService) {
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
