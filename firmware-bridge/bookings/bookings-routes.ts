import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { isRefusal } from '../kernel/refusal.js';
import { sendRefusal } from '../http/http-errors.js';
import { requireStaff } from '../staff/staff-sessions.js';
import type { BookingsService } from './bookings-service.js';
import { bookingsRoutes as schemas } from './bookings-schemas.js';

/** A signature PNG is bigger than the desk's usual request limit. */
const BOOKING_BODY_LIMIT = 256 * 1024;

/** `/api/bookings…` (docs/api.md): same-day class bookings; staff only. */
export function registerBookingsRoutes(http: FastifyInstance, bookings: BookingsService, today: () => string, opensAt: string): void {
  const app = http.withTypeProvider<ZodTypeProvider>();
  const preValidation = requireStaff();
  app.get('/api/bookings', { schema: schemas.list, preValidation }, async (request) => {
    const date = request.query.date ?? today();
    return { date, opensAt, open: date === today() && bookings.isOpen(), classes: bookings.list(date) };
  });
  app.post('/api/bookings', { schema: schemas.book, preValidation, bodyLimit: BOOKING_BODY_LIMIT }, async (request, reply) => {
    const result = bookings.book(request.body, request.staff!.number);
    if (isRefusal(result)) return sendRefusal(reply, result);
    return reply.code(201).send(result);
  });
  app.delete('/api/bookings/:id', { schema: schemas.cancel, preValidation }, async (request, reply) => {
    const result = bookings.cancel(request.params.id, request.staff!.number);
    if (isRefusal(result)) return sendRefusal(reply, result);
    return result;
  });
  app.post('/api/bookings/:id/check-in', { schema: schemas.checkIn, preValidation }, async (request, reply) => {
    const result = bookings.checkIn(request.params.id, request.body.card);
    if (isRefusal(result)) return sendRefusal(reply, result);
    return { booking: result };
  });
}
