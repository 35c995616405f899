import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { isRefusal, refuse } from '../kernel/refusal.js';
import type { FollowUpOutcome, Score } from './rules/rating-types.js';
import type { FollowUpListState, RatingsService } from './ratings-service.js';
import { requireStaff } from '../staff/staff-sessions.js';
import { sendRefusal } from '../http/http-errors.js';
import { sameValues } from '../http/common-schemas.js';
import { ratingsRoutes as schemas, type followUpListStates, type followUpOutcomes, type scores } from './ratings-schemas.js';

// The contract's value lists are the domain's, or this file does not compile.
sameValues<Score, (typeof scores)[number]>(true);
sameValues<FollowUpOutcome, (typeof followUpOutcomes)[number]>(true);
sameValues<FollowUpListState, (typeof followUpListStates)[number]>(true);

/** The ratings API (docs/api.md): presses from the screen, the callback work list, today's stats. */
export function registerRatingsRoutes(http: FastifyInstance, ratings: RatingsService, onRecorded: (counter: string, score: Score) => void): void {
  const app = http.withTypeProvider<ZodTypeProvider>();
  // Public: the kiosk/tablet buttons, or a panel integrated over HTTP.
  app.post('/api/ratings', { schema: schemas.rate }, async (request, reply) => {
    const result = ratings.press(request.body.counter, request.body.score, 'screen');
    if (isRefusal(result)) return sendRefusal(reply, result);
    if (!result.rating) return reply.code(200).send({ rating: null, ignored: result.ignored });
    onRecorded(result.rating.counter, result.rating.score);
    return reply.code(201).send({ rating: ratings.ratingView(result.rating), followUp: result.followUp ? { id: result.followUp.id, dueAt: ratings.followUpView(result.followUp).dueAt } : null });
  });
  // The counter screen's "last rating".
  app.get('/api/ratings/latest', { schema: schemas.latest }, async (request, reply) => {
    const { counter } = request.query;
    if (!ratings.isCounter(counter)) return sendRefusal(reply, refuse(400, 'unknown_counter', '请指定窗口 · "counter" must name a counter.'));
    const rating = ratings.latestRating(counter);
    return { rating: rating ? ratings.ratingView(rating) : null };
  });
  app.get('/api/tickets/:id/rating', { schema: schemas.ofTicket }, async (request) => {
    const rating = ratings.ratingOfTicket(request.params.id);
    return { rating: rating ? ratings.ratingView(rating) : null };
  });
  app.get('/api/followups', { schema: schemas.followUps, preValidation: requireStaff() }, async (request) => {
    const list = ratings.followUps(request.query.state, request.staff!.roles);
    return { followUps: list.map((f) => ratings.followUpView(f)) };
  });
  app.post('/api/followups/:id/close', { schema: schemas.closeFollowUp, preValidation: requireStaff() }, async (request, reply) => {
    const closed = ratings.closeFollowUp(request.params.id, request.body.outcome, request.body.note, request.staff!);
    if (isRefusal(closed)) return sendRefusal(reply, closed);
    return { followUp: ratings.followUpView(closed) };
  });
  app.get('/api/stats/today', { schema: schemas.statsToday, preValidation: requireStaff() }, async () => ratings.statsToday());
}
