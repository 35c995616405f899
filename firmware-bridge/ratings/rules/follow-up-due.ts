import { addDays, instantOf, localParts, minutesOf } from '../../kernel/local-time.js';

export interface CallHours {
  dueDays: number;
  /** "HH:MM": no call before this (rest hours end). */
  callFrom: string;
  /** "HH:MM": no call after this (rest hours begin). */
  callTo: string;
}

/** How often an unreachable customer is tried again before the case goes to a manager. */
export interface RetryRules {
  /** Unreachable attempts before escalation (the last one escalates). */
  maxAttempts: number;
  /** Wait at least this long before the next attempt (a different time of day finds people). */
  retryAfterMin: number;
}

export type FollowUpRules = CallHours & RetryRules;

/**
 * When a follow-up call is due: the latest moment inside the allowed call hours that is no later
 * than `dueDays` × 24 h after the rating (docs/domain.md#follow-up-within-three-days: call back within
 * three days, never while the customer rests). Moving the due time earlier, never later, keeps the three-day promise.
 */
export function followUpDueAt(openedAt: number, hours: CallHours, tz: string): number {
  const limit = openedAt + hours.dueDays * 86_400_000;
  if (withinCallHours(limit, hours, tz)) return limit;
  // In the evening rest hours: that day's last call time; in the night/morning ones: the day before's.
  const local = localParts(limit, tz);
  const day = local.minutes >= minutesOf(hours.callTo) ? local.date : addDays(local.date, -1);
  return instantOf(day, hours.callTo, tz);
}

/** Is this instant inside the call hours (for checks and tests)? */
export function withinCallHours(instant: number, hours: CallHours, tz: string): boolean {
  const local = localParts(instant, tz);
  const minutes = local.minutes + local.seconds / 60;
  return minutes >= minutesOf(hours.callFrom) && minutes <= minutesOf(hours.callTo);
}

/**
 * When to try again after an unreachable call: `retryAfterMin` later, or, when that falls in the
 * rest hours, at the next `callFrom` (later, never earlier: nobody is called while resting).
 */
export function nextAttemptAt(at: number, rules: FollowUpRules, tz: string): number {
  const earliest = at + rules.retryAfterMin * 60_000;
  if (withinCallHours(earliest, rules, tz)) return earliest;
  const local = localParts(earliest, tz);
  const day = local.minutes < minutesOf(rules.callFrom) ? local.date : addDays(local.date, 1);
  return instantOf(day, rules.callFrom, tz);
}
