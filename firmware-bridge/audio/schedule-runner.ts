import type { Clock, ClockTimer } from '../kernel/clock.js';
import { localDay } from '../kernel/local-time.js';
import { entryKey, type AnnouncementEntry, type PlanEntry } from './rules/day-plan.js';
import { dueAnnouncements, nextEntryAfter, soundAt, type PlannedSound } from './rules/plan-cursor.js';

export interface ScheduleRunnerOptions {
  clock: Clock;
  timezone: string;
  planFor: (date: string) => PlanEntry[];
  staleMs: number;
  setPlanned: (sound: PlannedSound) => void;
  announce: (entry: AnnouncementEntry, notAfter: number) => void;
  onStale: (entry: AnnouncementEntry, lateMs: number) => void;
  onClockJump?: (jumpMs: number) => void;
  /** entryKey()s already said today (read back from the event log after a restart). */
  alreadyPlayed?: Iterable<string>;
  /** Re-checks at least this often, so a wall-clock jump is noticed within it. */
  watchdogMs?: number;
}

/**
 * Playback follows the day plan: on every tick it asks the plan what should sound *now* and which
 * announcements are due. A tick is set for the next entry but never further than the watchdog, so
 * after a clock jump (NTP on a Pi without RTC) or a restart it plays what the plan says for now and
 * drops what is stale — never a burst.
 */
export class ScheduleRunner {
  private timer: ClockTimer | null = null;
  private expectedAt: number | null = null;
  private date = '';
  private plan: PlanEntry[] = [];
  private readonly handled: Set<string>;

  constructor(private readonly o: ScheduleRunnerOptions) {
    this.handled = new Set(o.alreadyPlayed ?? []);
  }

  start(): void {
    this.tick();
  }

  stop(): void {
    if (this.timer) this.o.clock.clearTimeout(this.timer);
    this.timer = null;
  }

  /** The plan in force (today's). */
  current(): { date: string; plan: PlanEntry[] } {
    return { date: this.date, plan: this.plan };
  }

  /** Re-read the plan now (config or date changed). */
  refresh(): void {
    this.date = '';
    this.stop();
    this.tick();
  }

  private tick(): void {
    this.timer = null;
    const now = this.o.clock.now();
    if (this.expectedAt !== null && Math.abs(now - this.expectedAt) > 5000) this.o.onClockJump?.(now - this.expectedAt);
    const date = localDay(now, this.o.timezone);
    if (date !== this.date) {
      this.date = date;
      this.plan = this.o.planFor(date);
      for (const key of this.handled) if (!key.includes(date)) this.handled.delete(key);
    }
    this.o.setPlanned(soundAt(this.plan, now));
    const due = dueAnnouncements(this.plan, now, this.o.staleMs, this.handled);
    for (const entry of due.stale) {
      this.handled.add(entryKey(entry));
      this.o.onStale(entry, now - Date.parse(entry.at));
    }
    for (const entry of due.play) {
      this.handled.add(entryKey(entry));
      this.o.announce(entry, Date.parse(entry.at) + this.o.staleMs);
    }
    const next = nextEntryAfter(this.plan, now);
    const delay = Math.max(1, Math.min(next === null ? Infinity : next - now, this.o.watchdogMs ?? 15_000));
    this.expectedAt = now + delay;
    this.timer = this.o.clock.setTimeout(() => this.tick(), delay);
  }
}
