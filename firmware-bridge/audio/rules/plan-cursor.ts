import { entryKey, type AnnouncementEntry, type PlanEntry } from './day-plan.js';

/** What the speaker should be doing at an instant, according to the plan. */
export type PlannedSound = { mode: 'music'; playlist: string; volume: number } | { mode: 'silence' } | { mode: 'quiet' };

/**
 * Music state the plan gives for `nowMs`: the last music/off entry at or before it decides. Before the
 * day's first entry the hall has not opened yet, which is still last night's quiet hours.
 */
export function soundAt(plan: readonly PlanEntry[], nowMs: number): PlannedSound {
  let state: PlannedSound = { mode: 'quiet' };
  for (const entry of plan) {
    if (Date.parse(entry.at) > nowMs) break;
    if (entry.kind === 'off') state = { mode: 'quiet' };
    else if (entry.kind === 'music') state = entry.playlist === null ? { mode: 'silence' } : { mode: 'music', playlist: entry.playlist, volume: entry.volume };
  }
  return state;
}

export interface DueAnnouncements {
  /** Due and fresh enough to be said now, oldest first. */
  play: AnnouncementEntry[];
  /** Due longer ago than the stale limit (the clock jumped, the service restarted): never said. */
  stale: AnnouncementEntry[];
}

/**
 * Announcements due at `nowMs` that were not handled yet (`handled` holds entryKey()s). One that is
 * older than `staleMs` is stale; so is any take older than a later take of the same announcement,
 * so a restart never says take 1 and take 2 back to back.
 */
export function dueAnnouncements(plan: readonly PlanEntry[], nowMs: number, staleMs: number, handled: ReadonlySet<string>): DueAnnouncements {
  const due = plan.filter((e): e is AnnouncementEntry => e.kind === 'announcement' && Date.parse(e.at) <= nowMs && !handled.has(entryKey(e)));
  const play: AnnouncementEntry[] = [];
  const stale: AnnouncementEntry[] = [];
  for (const entry of due) {
    const superseded = due.some((other) => other !== entry && other.reason === entry.reason && other.for === entry.for && other.take > entry.take);
    (superseded || nowMs - Date.parse(entry.at) > staleMs ? stale : play).push(entry);
  }
  return { play, stale };
}

/** The first entry strictly after `nowMs`, as an instant; null when the day's plan is done. */
export function nextEntryAfter(plan: readonly PlanEntry[], nowMs: number): number | null {
  for (const entry of plan) {
    const ms = Date.parse(entry.at);
    if (ms > nowMs) return ms;
  }
  return null;
}
