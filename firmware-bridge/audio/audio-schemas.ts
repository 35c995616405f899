import { z } from 'zod';
import { isoTime, refusals, staffRefusals, text } from '../http/common-schemas.js';

const musicEntry = z.object({
  at: isoTime,
  kind: z.literal('music'),
  playlist: z.string().nullable().describe('null = no music from here (a gap between dayparts)'),
  volume: z.number(),
});

const announcementEntry = z.object({
  at: isoTime,
  kind: z.literal('announcement'),
  reason: z.enum(['class', 'closing']),
  for: z.string().describe('the class start or the closing time this announces'),
  take: z.number().int(),
  text: z.string(),
  textEn: z.string(),
});

const offEntry = z.object({ at: isoTime, kind: z.literal('off').describe('quiet hours begin') });

/** One line of the day's audio plan. */
export const planEntry = z.discriminatedUnion('kind', [musicEntry, announcementEntry, offEntry]);

/** What the hall hears. */
export const audioState = z.object({
  mode: z.string().describe('music, announcement, quiet or off'),
  playlist: z.string().nullable(),
  volume: z.number(),
  paused: z.boolean(),
  speech: z.boolean().describe('whether announcements can be spoken (espeak-ng)'),
});

export const announcementBody = z.object({
  text: text(300).describe('what to say, in Chinese'),
  repeat: z.number().int().min(1).max(5).default(1),
  textEn: z.string().max(300).optional().describe('the English text; without it only the Chinese is spoken'),
});

export const audioControlBody = z.discriminatedUnion(
  'action',
  [z.object({ action: z.enum(['pause', 'resume', 'skip']) }), z.object({ action: z.literal('volume'), value: z.number().min(0).max(100) })],
  { error: '“action”应为 pause、resume、skip、volume 之一 · "action" must be one of pause, resume, skip, volume.' },
);

const staffOnly = { security: [{ staff: [] }] };
const audioAnswer = z.object({ audio: audioState });

export const audioRoutes = {
  schedule: {
    summary: 'The audio plan of a local day (default: today): music changes, announcements, quiet hours',
    querystring: z.object({ date: z.iso.date({ error: '日期格式应为 YYYY-MM-DD · "date" must be a date as YYYY-MM-DD.' }).optional() }),
    response: { 200: z.array(planEntry), ...refusals(400) },
  },
  announce: {
    summary: 'Queues a manual announcement (staff); it is spoken after any queue call, its outcome is an event',
    body: announcementBody,
    ...staffOnly,
    response: { 202: z.object({ announcement: z.object({ text: z.string(), repeat: z.number().int(), queued: z.literal(true) }) }), ...refusals(400, 503), ...staffRefusals },
  },
  state: { summary: 'What the hall hears now', response: { 200: audioAnswer } },
  control: {
    summary: 'Pause, resume or skip the music, or set the volume (staff); 409 `no_music` when none is scheduled',
    body: audioControlBody,
    ...staffOnly,
    response: { 200: audioAnswer, ...refusals(400, 409), ...staffRefusals },
  },
};
