import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { PlanEntry } from './rules/day-plan.js';
import { isRefusal, refuse } from '../kernel/refusal.js';
import type { AudioService } from './audio-service.js';
import { requireStaff } from '../staff/staff-sessions.js';
import { sendRefusal } from '../http/http-errors.js';
import { audioRoutes as schemas } from './audio-schemas.js';

/** GET /api/schedule and /api/audio (public), POST /api/announcements and /api/audio (staff); see docs/api.md. */
export function registerAudioRoutes(http: FastifyInstance, audio: AudioService, planFor: (date: string) => PlanEntry[], today: () => string): void {
  const app = http.withTypeProvider<ZodTypeProvider>();
  app.get('/api/schedule', { schema: schemas.schedule }, async (request) => planFor(request.query.date ?? today()));
  app.post('/api/announcements', { schema: schemas.announce, preValidation: requireStaff() }, async (request, reply) => {
    const { text, repeat, textEn } = request.body;
    if (!audio.speechAvailable) return sendRefusal(reply, refuse(503, 'speech_unavailable', '语音播报不可用 · Speech is unavailable (espeak-ng).'));
    // Answer at once: the announcement waits its turn behind calls; its outcome is an event.
    void audio.announceManual(text, textEn ?? null, repeat, request.staff!.number);
    return reply.code(202).send({ announcement: { text, repeat, queued: true } });
  });
  // What the hall hears now, so a reloaded desk screen shows the real volume and pause state.
  app.get('/api/audio', { schema: schemas.state }, async () => ({ audio: audio.state() }));
  app.post('/api/audio', { schema: schemas.control, preValidation: requireStaff() }, async (request, reply) => {
    const body = request.body;
    const refusal = body.action === 'volume' ? audio.control('volume', body.value, request.staff!.number) : audio.control(body.action, undefined, request.staff!.number);
    if (isRefusal(refusal)) return sendRefusal(reply, refusal);
    return { audio: audio.state() };
  });
}
