import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { isRefusal } from '../kernel/refusal.js';
import { sendRefusal } from '../http/http-errors.js';
import { requireStaff } from '../staff/staff-sessions.js';
import type { GuestsService } from './guests-service.js';
import { guestsRoutes as schemas } from './guests-schemas.js';

/** `/api/guests…` (docs/api.md): guest registration; staff only. */
export function registerGuestsRoutes(http: FastifyInstance, guests: GuestsService, today: () => string): void {
  const app = http.withTypeProvider<ZodTypeProvider>();
  const preValidation = requireStaff();
  app.get('/api/guests', { schema: schemas.list, preValidation }, async (request) => {
    const date = request.query.date ?? today();
    return { date, ...guests.list(date) };
  });
  app.post('/api/guests', { schema: schemas.register, preValidation }, async (request, reply) => {
    return reply.code(201).send({ guest: guests.register(request.body, request.staff!.number) });
  });
  app.patch('/api/guests/:id', { schema: schemas.complete, preValidation }, async (request, reply) => {
    const result = guests.complete(request.params.id, request.body, request.staff!.number);
    if (isRefusal(result)) return sendRefusal(reply, result);
    return { guest: result };
  });
}
