// Audio plan, announcements and music control (docs/api.md: /api/schedule, /api/announcements,
// /api/audio) as the desk screen uses them.
import { request } from './http.js';

export interface MusicPlanEntry {
  at: string;
  kind: 'music';
  /** null = the music stops here (a gap between dayparts). */
  playlist: string | null;
  volume: number;
}

export interface AnnouncementPlanEntry {
  at: string;
  kind: 'announcement';
  reason: string;
  /** The class start or closing time it announces. */
  for: string;
  take: number;
  text: string;
  textEn?: string;
}

export interface OffPlanEntry {
  at: string;
  kind: 'off';
}

/** One line of the day's audio plan, in time order. */
export type PlanEntry = MusicPlanEntry | AnnouncementPlanEntry | OffPlanEntry;

export type AudioMode = 'music' | 'announcement' | 'quiet' | 'off';

/** What the hall hears (the answer of POST /api/audio and the `audio.changed` payload). */
export interface AudioState {
  mode: AudioMode;
  playlist: string | null;
  volume: number;
  paused: boolean;
  /** Only in the POST /api/audio answer. */
  speech?: boolean;
}

/** `announcement.played` payload (manual, scheduled or a queue call). */
export interface AnnouncementPlayed {
  kind: 'manual' | 'scheduled' | 'queue_call' | string;
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
  return request('POST', '/api/announcements', { text, repeat }, { auth: true });
}

/** What the hall hears now. */
export async function getAudio(): Promise<AudioState> {
  return (await request<{ audio: AudioState }>('GET', '/api/audio')).audio;
}

/** Pause / resume / skip the music (409 `no_music` when none is scheduled now). */
export async function controlMusic(action: MusicAction): Promise<AudioState> {
  return (await request<{ audio: AudioState }>('POST', '/api/audio', { action }, { auth: true })).audio;
}

export async function setVolume(value: number): Promise<AudioState> {
  return (await request<{ audio: AudioState }>('POST', '/api/audio', { action: 'volume', value }, { auth: true })).audio;
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
