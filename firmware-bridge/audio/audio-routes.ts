import type { FastifyInstance } from 'fastify';
import type { PlanEntry } from './rules/day-plan.js';
import { isRefusal, refuse } from '../kernel/refusal.js';
import type { AudioService } from './audio-service.js';
import { requireStaff } from '../staff/staff-sessions.js';
import { badRequest, sendRefusal, stringField } from '../http/http-errors.js';
import { addDays } from '../kernel/local-time.js';

const actions = ['pause', 'resume', 'skip', 'volume'] as const;

/** docs/api.md: GET /api/schedule (public), POST /api/announcements and /api/audio (staff). */
export function registerAudioRoutes(app: FastifyInstance, audio: AudioService, planFor: (date: string) => PlanEntry[], today: () => string): void {
  app.get<{ Querystring: { date?: string } }>('/api/schedule', async (request, reply) => {
    const date = request.query.date ?? today();
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || addDays(date, 0) !== date)
      return sendRefusal(reply, badRequest('"date" must be a date as YYYY-MM-DD. 日期格式应为 YYYY-MM-DD。', 'invalid_field'));
    return planFor(date);
  });

  app.post('/api/announcements', { preHandler: requireStaff() }, async (request, reply) => {
    const text = stringField(request.body, 'text', { max: 300 });
    if (isRefusal(text)) return sendRefusal(reply, text);
    const body = request.body as Record<string, unknown>;
    const repeat = body.repeat ?? 1;
    if (typeof repeat !== 'number' || !Number.isInteger(repeat) || repeat < 1 || repeat > 5)
      return sendRefusal(reply, badRequest('"repeat" must be a whole number from 1 to 5. 重复次数应为 1–5。', 'invalid_field'));
    const textEn = stringField(body, 'textEn', { optional: true, max: 300 });
    if (isRefusal(textEn)) return sendRefusal(reply, textEn);
    if (!audio.speechAvailable) return sendRefusal(reply, refuse(503, 'speech_unavailable', 'Speech is unavailable (espeak-ng). 语音播报不可用。'));
    const staff = request.staff!;
    // Answer at once: the announcement waits its turn behind calls; its outcome is an event.
    void audio.announceManual(text!, textEn ?? null, repeat, staff.number);
    return reply.code(202).send({ announcement: { text, repeat, queued: true } });
  });

  // What the hall hears now, so a reloaded desk screen shows the real volume and pause state.
  app.get('/api/audio', async () => ({ audio: audio.state() }));

  app.post('/api/audio', { preHandler: requireStaff() }, async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    const action = body.action;
    if (typeof action !== 'string' || !(actions as readonly string[]).includes(action))
      return sendRefusal(reply, badRequest(`"action" must be one of ${actions.join(', ')}. 操作无效。`, 'invalid_field'));
    if (action === 'volume') {
      const value = body.value;
      if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > 100)
        return sendRefusal(reply, badRequest('"value" must be a volume from 0 to 100. 音量应为 0–100。', 'invalid_field'));
      audio.control('volume', value, request.staff!.number);
    } else {
      const refusal = audio.control(action as 'pause' | 'resume' | 'skip', undefined, request.staff!.number);
      if (refusal) return sendRefusal(reply, refusal);
    }
    return { audio: audio.state() };
  });
}
