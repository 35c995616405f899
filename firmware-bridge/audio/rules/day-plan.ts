import { addDays, instantOf, isoLocal, minutesOf, weekdayOf, type Weekday } from '../../kernel/local-time.js';
import { openingFor, type OpeningHours } from '../../kernel/opening-hours.js';
import { clockZh, fillTemplate } from './spoken-text.js';

interface ZhEn {
  zh: string;
  en: string;
}

/** The audio config the planner reads (times "HH:MM" local). */
export interface AudioPlanRules {
  quietFrom: string;
  dayparts: readonly { from: string; to: string; playlist: string; volume: number }[];
  announcements: {
    repeat: number;
    gapMinutes: number;
    classLeadMinutes: number;
    closingLeadMinutes: number;
    /** Templates: {name} {time} {room} for a class, {close} for closing. */
    classText: ZhEn;
    closingText: ZhEn;
  };
}

export interface ClassSlot {
  name: ZhEn;
  days: readonly Weekday[];
  at: string;
  room: string | ZhEn;
  /** Dates ("YYYY-MM-DD") the class does not take place. */
  cancelled?: readonly string[];
}

/**
 * What the planner needs from the config (pure data, so the CLI, the API and playback share it);
 * the loaded config is one, which every call site checks.
 */
export interface PlannerConfig {
  site: { timezone: string };
  hours: OpeningHours;
  audio: AudioPlanRules;
  classes: readonly ClassSlot[];
}

export type AnnouncementReason = 'class' | 'closing';

export interface MusicEntry {
  at: string;
  kind: 'music';
  /** null = no music from here (a gap between dayparts). */
  playlist: string | null;
  volume: number;
}

export interface AnnouncementEntry {
  at: string;
  kind: 'announcement';
  reason: AnnouncementReason;
  /** The class start or the closing time this announces. */
  for: string;
  take: number;
  text: string;
  textEn: string;
}

export interface OffEntry {
  at: string;
  kind: 'off';
}

/** One line of `frontdesk schedule --json` and of `GET /api/schedule` (docs/api.md). */
export type PlanEntry = MusicEntry | AnnouncementEntry | OffEntry;

/** Stable identity of an announcement take, to never say it twice (restarts, clocks set back). */
export function entryKey(entry: AnnouncementEntry): string {
  return `${entry.reason}@${entry.for}#${entry.take}`;
}

const kindOrder: Record<PlanEntry['kind'], number> = { off: 0, music: 1, announcement: 2 };

/**
 * The audio plan of one local day, in time order: music changes, each announcement take, the start
 * of quiet hours. Everything happens while the hall is open and before quiet hours
 * (docs/domain.md#music-and-announcements);
 * a closed day (holiday) has an empty plan.
 */
export function planDay(date: string, config: PlannerConfig): PlanEntry[] {
  const span = openingFor(date, config.hours);
  if (!span) return [];
  const tz = config.site.timezone;
  const { audio } = config;
  const open = minutesOf(span.open);
  const end = Math.min(minutesOf(span.close), minutesOf(audio.quietFrom));
  if (end <= open) return [];
  const at = (minutes: number) => isoLocal(instantOf(date, hhmm(minutes), tz), tz);
  const inside = (minutes: number) => minutes >= open && minutes < end;
  const entries: PlanEntry[] = [];

  // Music: each daypart clipped to the audible window; a gap between dayparts stops the music.
  let playing: string | null = null;
  let playingUntil = open;
  const parts = [...audio.dayparts].sort((a, b) => minutesOf(a.from) - minutesOf(b.from));
  for (const part of parts) {
    const from = Math.max(minutesOf(part.from), open);
    const to = Math.min(minutesOf(part.to), end);
    if (to <= from) continue;
    if (playing !== null && playingUntil < from) entries.push({ at: at(playingUntil), kind: 'music', playlist: null, volume: 0 });
    entries.push({ at: at(from), kind: 'music', playlist: part.playlist, volume: part.volume });
    playing = part.playlist;
    playingUntil = to;
  }
  if (playing !== null && playingUntil < end) entries.push({ at: at(playingUntil), kind: 'music', playlist: null, volume: 0 });
  // Opening ends last night's quiet hours even when no music starts then: calls may be spoken.
  if (!entries.some((e) => e.at === at(open))) entries.push({ at: at(open), kind: 'music', playlist: null, volume: 0 });

  const { announcements: rules } = audio;
  const takes = (reason: AnnouncementReason, target: number, lead: number, text: string, textEn: string) => {
    for (let take = 1; take <= rules.repeat; take++) {
      const minutes = target - lead + (take - 1) * rules.gapMinutes;
      if (!inside(minutes)) continue;
      entries.push({ at: at(minutes), kind: 'announcement', reason, for: at(target), take, text, textEn });
    }
  };

  // Classes of that weekday, if the class itself is within opening hours (docs/domain.md#audio-class-announcements).
  const weekday = weekdayOf(date);
  for (const cls of config.classes) {
    const start = minutesOf(cls.at);
    if (!cls.days.includes(weekday) || (cls.cancelled ?? []).includes(date) || start < open || start >= minutesOf(span.close)) continue;
    const room = typeof cls.room === 'string' ? { zh: cls.room, en: cls.room } : cls.room;
    const zh = fillTemplate(rules.classText.zh, { name: cls.name.zh, time: clockZh(cls.at), room: room.zh });
    const en = fillTemplate(rules.classText.en, { name: cls.name.en, time: cls.at, room: room.en });
    takes('class', start, rules.classLeadMinutes, zh, en);
  }

  // Closing, counted from the day's real closing time (a short day moves it) (docs/domain.md#audio-closing-announcement). A hall open
  // round the clock (closes 24:00, opens again 00:00) never closes, so it announces no closing.
  const close = minutesOf(span.close);
  const continuous = span.close === '24:00' && openingFor(addDays(date, 1), config.hours)?.open === '00:00';
  if (!continuous) takes(
    'closing',
    close,
    rules.closingLeadMinutes,
    fillTemplate(rules.closingText.zh, { close: clockZh(span.close) }),
    fillTemplate(rules.closingText.en, { close: span.close }),
  );

  entries.push({ at: at(end), kind: 'off' });
  return entries
    .map((entry, index) => ({ entry, index, ms: Date.parse(entry.at) }))
    .sort((a, b) => a.ms - b.ms || kindOrder[a.entry.kind] - kindOrder[b.entry.kind] || a.index - b.index)
    .map((x) => x.entry);
}

function hhmm(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}
