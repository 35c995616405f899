import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { isRefusal, refuse } from '../kernel/refusal.js';
import { sendRefusal } from '../http/http-errors.js';
import { requireStaff } from '../staff/staff-sessions.js';
import type { HandoverService } from './handover-service.js';
import { handoverRoutes as schemas } from './handover-schemas.js';
import { handoverHtml } from './rules/handover-rules.js';

const printAddress = (id: string) => `/api/shift/handover/${id}/print`;

/** `/api/shift/handover…` (docs/api.md): staff only. */
export function registerHandoverRoutes(http: FastifyInstance, handovers: HandoverService, siteName: string): void {
  const app = http.withTypeProvider<ZodTypeProvider>();
  const preValidation = requireStaff();
  app.post('/api/shift/handover', { schema: schemas.handOver, preValidation }, async (request, reply) => {
    const result = handovers.handOver(request.body);
    if (isRefusal(result)) return sendRefusal(reply, result);
    return reply.code(201).send({ handover: result, html: printAddress(result.id) });
  });
  app.get('/api/shift/handover', { schema: schemas.history, preValidation }, async (request) => {
    return { pending: handovers.pending(), handovers: handovers.history(request.query.limit) };
  });
  app.get('/api/shift/handover/latest', { schema: schemas.latest, preValidation }, async () => {
    const latest = handovers.latest();
    return { handover: latest ?? null, html: latest ? printAddress(latest.id) : null, open: latest ? handovers.stillOpen(latest) : null };
  });
  app.get('/api/shift/handover/:id/print', { schema: schemas.print, preValidation }, async (request, reply) => {
    const handover = handovers.get(request.params.id);
    if (!handover) return sendRefusal(reply, refuse(404, 'unknown_handover', `没有这份交接记录 · There is no handover "${request.params.id}".`));
    return reply.type('text/html; charset=utf-8').header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'").send(handoverHtml(handover, siteName));
  });
}
