import type { FastifyInstance } from 'fastify';
import { isRefusal } from '../kernel/refusal.js';
import { followUpOutcomes, isScore, scores, type FollowUpOutcome, type Score } from './rules/rating-types.js';
import type { FollowUpListState, RatingsService } from './ratings-service.js';
import { requireStaff } from '../staff/staff-sessions.js';
import { badRequest, sendRefusal, stringField } from '../http/http-errors.js';

const listStates: FollowUpListState[] = ['open', 'overdue', 'escalated', 'closed'];

/** The ratings API (docs/api.md): presses from the screen, the callback work list, today's stats. */
export function registerRatingsRoutes(app: FastifyInstance, ratings: RatingsService, onRecorded: (counter: string, score: Score) => void): void {
  // Public: the kiosk/tablet buttons, or a panel integrated over HTTP.
  app.post('/api/ratings', async (request, reply) => {
    const counter = stringField(request.body, 'counter', { max: 20 });
    if (isRefusal(counter)) return sendRefusal(reply, counter);
    const score = (request.body as Record<string, unknown>).score;
    if (!isScore(score)) return sendRefusal(reply, badRequest(`"score" must be one of ${scores.join(', ')}. 评价须为 满意/一般/不满意。`, 'invalid_field'));
    const result = ratings.press(counter!, score, 'screen');
    if (isRefusal(result)) return sendRefusal(reply, result);
    if (!result.rating) return reply.code(200).send({ rating: null, ignored: result.ignored });
    onRecorded(result.rating.counter, result.rating.score);
    return reply.code(201).send({ rating: ratings.ratingView(result.rating), followUp: result.followUp ? { id: result.followUp.id, dueAt: ratings.followUpView(result.followUp).dueAt } : null });
  });

  // The counter screen's "last rating".
  app.get<{ Querystring: { counter?: string } }>('/api/ratings/latest', async (request, reply) => {
    const counter = request.query.counter;
    if (!counter || !ratings.isCounter(counter)) return sendRefusal(reply, badRequest('"counter" must name a counter. 请指定窗口。', 'unknown_counter'));
    const rating = ratings.latestRating(counter);
    return { rating: rating ? ratings.ratingView(rating) : null };
  });

  app.get<{ Params: { id: string } }>('/api/tickets/:id/rating', async (request) => {
    const rating = ratings.ratingOfTicket(request.params.id);
    return { rating: rating ? ratings.ratingView(rating) : null };
  });

  app.get<{ Querystring: { state?: string } }>('/api/followups', { preHandler: requireStaff() }, async (request, reply) => {
    const state = (request.query.state ?? 'open') as FollowUpListState;
    if (!listStates.includes(state)) return sendRefusal(reply, badRequest(`"state" must be one of ${listStates.join(', ')}.`, 'invalid_field'));
    const list = ratings.followUps(state, request.staff!.roles);
    return { followUps: list.map((f) => ratings.followUpView(f)) };
  });

  app.post<{ Params: { id: string } }>('/api/followups/:id/close', { preHandler: requireStaff() }, async (request, reply) => {
    const outcome = stringField(request.body, 'outcome', { max: 40 });
    if (isRefusal(outcome)) return sendRefusal(reply, outcome);
    if (!(followUpOutcomes as readonly string[]).includes(outcome!))
      return sendRefusal(reply, badRequest(`"outcome" must be one of ${followUpOutcomes.join(', ')}. 回访结果无效。`, 'invalid_field'));
    const note = stringField(request.body, 'note', { optional: true, max: 500 });
    if (isRefusal(note)) return sendRefusal(reply, note);
    const closed = ratings.closeFollowUp(request.params.id, outcome as FollowUpOutcome, note, request.staff!);
    if (isRefusal(closed)) return sendRefusal(reply, closed);
    return { followUp: ratings.followUpView(closed) };
  });

  app.get('/api/stats/today', { preHandler: requireStaff() }, async () => ratings.statsToday());
}
