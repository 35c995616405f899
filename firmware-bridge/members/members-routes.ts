import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { isRefusal } from '../kernel/refusal.js';

import { sendRefusal } from '../http/http-errors.js';
import { sameValues } from '../http/common-schemas.js';
import { requireStaff } from '../staff/staff-sessions.js';
import type { PaperworkRow } from './members-store.js';
import type { MembersService } from './members-service.js';
import { membersRoutes as schemas, type paperworkKinds } from './members-schemas.js';

sameValues<PaperworkRow['kind'], (typeof paperworkKinds)[number]>(true);

/** A signature PNG is bigger than the desk's usual request limit. */
const SUSPEND_BODY_LIMIT = 256 * 1024;

/** `/api/members/…` (docs/api.md): the card operations; staff only. */
export function registerMembersRoutes(http: FastifyInstance, members: MembersService, today: () => string): void {
  const app = http.withTypeProvider<ZodTypeProvider>();
  const preValidation = requireStaff();
  app.get('/api/members/paperwork', { schema: schemas.paperwork, preValidation }, async (request) => {
    const date = request.query.date ?? today();
    return { date, items: members.paperwork(date) };
  });
  app.get('/api/members/:card', { schema: schemas.card, preValidation }, async (request, reply) => {
    const card = members.view(request.params.card);
    if (isRefusal(card)) return sendRefusal(reply, card);
    return { card };
  });
  app.post('/api/members/:card/suspend', { schema: schemas.suspend, preValidation, bodyLimit: SUSPEND_BODY_LIMIT }, async (request, reply) => {
    const result = members.suspend(request.params.card, request.body, request.staff!.number);
    if (isRefusal(result)) return sendRefusal(reply, result);
    return reply.code(201).send(result);
  });
  app.post('/api/members/:card/transfer', { schema: schemas.transfer, preValidation }, async (request, reply) => {
    const { to, consultant } = request.body;
    const result = members.transfer(request.params.card, { to: typeof to === 'string' ? { name: to } : to, consultant }, request.staff!.number);
    if (isRefusal(result)) return sendRefusal(reply, result);
    return reply.code(201).send(result);
  });
  app.post('/api/members/:card/replace', { schema: schemas.replace, preValidation }, async (request, reply) => {
    const result = await members.replace(request.params.card, request.body, request.staff!.number);
    if (isRefusal(result)) return sendRefusal(reply, result);
    return reply.code(201).send(result);
  });
}


