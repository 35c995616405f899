import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { isRefusal } from '../kernel/refusal.js';
import { sendRefusal } from '../http/http-errors.js';
import { requireStaff } from '../staff/staff-sessions.js';
import type { ComplaintsService } from './complaints-service.js';
import { complaintsRoutes as schemas } from './complaints-schemas.js';

/** `/api/complaints…` (docs/api.md): staff only. */
export function registerComplaintsRoutes(http: FastifyInstance, complaints: ComplaintsService): void {
  const app = http.withTypeProvider<ZodTypeProvider>();
  const preValidation = requireStaff();
  app.post('/api/complaints', { schema: schemas.open, preValidation }, async (request, reply) => {
    const staff = request.staff!;
    const complaint = complaints.open(request.body, { number: staff.number, name: staff.name });
    return reply.code(201).send({ complaint: complaints.view(complaint) });
  });
  app.get('/api/complaints', { schema: schemas.list, preValidation }, async (request) => {
    return { complaints: complaints.list(request.query.state).map((c) => complaints.view(c)) };
  });
  app.post('/api/complaints/:id/close', { schema: schemas.close, preValidation }, async (request, reply) => {
    const result = complaints.close(request.params.id, request.body, request.staff!);
    if (isRefusal(result)) return sendRefusal(reply, result);
    return { complaint: complaints.view(result) };
  });
}
