// Audio plan, announcements and music control (docs/api.md: /api/schedule, /api/announcements,
// /api/audio) as the desk screen uses them.
import type { AnnouncementRequest, AudioControlRequest, AudioState, PlanEntry } from '../../../firmware-bridge/contract.js';
import { request } from './http.js';

export type { AudioState, PlanEntry };
export type AnnouncementPlanEntry = Extract<PlanEntry, { kind: 'announcement' }>;
export type MusicPlanEntry = Extract<PlanEntry, { kind: 'music' }>;

export type AudioMode = 'music' | 'announcement' | 'quiet' | 'off';

/** `announcement.played` payload (manual, scheduled or a queue call). */
export interface AnnouncementPlayed {
  /** 'manual', 'scheduled', 'queue_call', 'rating_invitation', … */
  kind: string;
  text: string;
  repeat?: number;
  staff?: string;
  startedAt: string;
  durationSec: number;
}

export type MusicAction = 'pause' | 'resume' | 'skip';

/** The audio plan of the service's local today (or of `date`, YYYY-MM-DD). */
export function getSchedule(date?: string): Promise<PlanEntry[]> {
  return request<PlanEntry[]>('GET', `/api/schedule${date ? `?date=${encodeURIComponent(date)}` : ''}`);
}

/** Queues a manual announcement (202); 503 `speech_unavailable` when espeak-ng is missing. */
export function announce(text: string, repeat: number): Promise<{ announcement: { text: string; repeat: number; queued: boolean } }> {
  return request('POST', '/api/announcements', { text, repeat } satisfies AnnouncementRequest, { auth: true });
}

/** What the hall hears now. */
export async function getAudio(): Promise<AudioState> {
  return (await request<{ audio: AudioState }>('GET', '/api/audio')).audio;
}

/** Pause / resume / skip the music (409 `no_music` when none is scheduled now). */
export async function controlMusic(action: MusicAction): Promise<AudioState> {
  return (await request<{ audio: AudioState }>('POST', '/api/audio', { action } satisfies AudioControlRequest, { auth: true })).audio;
}

export async function setVolume(value: number): Promise<AudioState> {
  return (await request<{ audio: AudioState }>('POST', '/api/audio', { action: 'volume', value } satisfies AudioControlRequest, { auth: true })).audio;
}

/** The plan entry in force at `now` (the last one that has started), or null before the first. */
export function currentEntry(plan: readonly PlanEntry[], now: number, kind?: PlanEntry['kind']): PlanEntry | null {
  let found: PlanEntry | null = null;
  for (const entry of plan) {
    if (Date.parse(entry.at) > now) break;
    if (!kind || entry.kind === kind || (kind === 'music' && entry.kind === 'off')) found = entry;
  }
  return found;
}
