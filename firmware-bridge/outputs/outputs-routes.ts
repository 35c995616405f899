import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { isRefusal } from '../kernel/refusal.js';
import { sendRefusal } from '../http/http-errors.js';
import { sameValues } from '../http/common-schemas.js';
import { requireStaff } from '../staff/staff-sessions.js';
import type { OutputReason, OverrideMode } from './rules/output-plan.js';
import type { OutputsService } from './outputs-service.js';
import { outputsRoutes as schemas, type outputReasons, type overrideModes } from './outputs-schemas.js';

// The contract's value lists are the domain's, or this file does not compile.
sameValues<OverrideMode, (typeof overrideModes)[number]>(true);
sameValues<OutputReason, (typeof outputReasons)[number]>(true);

/** GET /api/outputs and POST /api/outputs/{id} (staff); see docs/api.md. */
export function registerOutputsRoutes(http: FastifyInstance, outputs: OutputsService): void {
  const app = http.withTypeProvider<ZodTypeProvider>();
  app.get('/api/outputs', { schema: schemas.list, preValidation: requireStaff() }, async () => ({ outputs: outputs.list() }));
  app.post('/api/outputs/:id', { schema: schemas.setMode, preValidation: requireStaff() }, async (request, reply) => {
    const result = outputs.setMode(request.params.id, request.body.state, request.staff!.number);
    if (isRefusal(result)) return sendRefusal(reply, result);
    return { output: result };
  });
}
