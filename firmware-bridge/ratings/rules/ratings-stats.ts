import { callBy, type FollowUp, type Rating, type Score } from './rating-types.js';

/** An ignored press as stats need it. */
export interface IgnoredPress {
  counter: string;
  staff: string | null;
}

export interface StatsLine {
  satisfied: number;
  average: number;
  unsatisfied: number;
  total: number;
  /** satisfied ÷ total ratings (0–1); null when nobody rated yet. */
  rate: number | null;
  /** Presses ignored as repeats (not in total). */
  ignored: number;
  /** Follow-ups still waiting for a call (open), overdue among them, and with a manager (escalated). */
  followUpsOpen: number;
  followUpsOverdue: number;
  followUpsEscalated: number;
  /** Follow-ups whose outcome was recorded today, and those of them recorded by their due time. */
  followUpsHandled: number;
  followUpsHandledWithinDue: number;
}

export interface Headline {
  /**
   * Follow-up handling rate (回访处理率, target 100 %): of the follow-ups opened in the window that
   * are due by now or already handled, the share whose first outcome was recorded no later than
   * their due time. Follow-ups not yet due and not yet handled are left out (they can still make it).
   * null when there is none to judge.
   */
  followUpHandlingRate: number | null;
  /**
   * Effective complaint rate (有效投诉率, target below 1 %): follow-ups whose callback found the
   * customer still unhappy (a complaint confirmed by talking to them), divided by all ratings
   * recorded in the window. Unsatisfied presses that could not be followed up (no contact) are not
   * confirmed complaints and count only in the denominator. null when there are no ratings.
   */
  effectiveComplaintRate: number | null;
  windowDays: number;
  followUpsJudged: number;
  followUpsHandledOnTime: number;
  effectiveComplaints: number;
  ratingsInWindow: number;
}

export interface DailyStats {
  day: string;
  totals: StatsLine;
  byCounter: (StatsLine & { counter: string })[];
  byStaff: (StatsLine & { staff: string })[];
  headline: Headline;
}

export interface StatsInput {
  day: string;
  now: number;
  /** Local-day bounds of `day` (epoch ms, [start, end)). */
  dayStart: number;
  dayEnd: number;
  ratingsToday: readonly Pick<Rating, 'counter' | 'staff' | 'score'>[];
  ignoredToday: readonly IgnoredPress[];
  /** Every follow-up not closed, plus those handled today. */
  followUps: readonly FollowUp[];
  /** Follow-ups opened in the headline window, and the number of ratings in it. */
  window: { days: number; followUps: readonly FollowUp[]; ratings: number };
  counters: readonly string[];
}

function emptyLine(): StatsLine {
  return { satisfied: 0, average: 0, unsatisfied: 0, total: 0, rate: null, ignored: 0, followUpsOpen: 0, followUpsOverdue: 0, followUpsEscalated: 0, followUpsHandled: 0, followUpsHandledWithinDue: 0 };
}

/** Today's satisfaction figures per counter and staff, and the manager's headline numbers. */
export function computeDailyStats(input: StatsInput): DailyStats {
  const totals = emptyLine();
  const byCounter = new Map<string, StatsLine>(input.counters.map((c) => [c, emptyLine()]));
  const byStaff = new Map<string, StatsLine>();
  const linesFor = (counter: string, staff: string | null): StatsLine[] => {
    if (!byCounter.has(counter)) byCounter.set(counter, emptyLine());
    const lines = [totals, byCounter.get(counter)!];
    if (staff) {
      if (!byStaff.has(staff)) byStaff.set(staff, emptyLine());
      lines.push(byStaff.get(staff)!);
    }
    return lines;
  };

  for (const r of input.ratingsToday)
    for (const line of linesFor(r.counter, r.staff)) {
      line[r.score satisfies Score]++;
      line.total++;
    }
  for (const p of input.ignoredToday) for (const line of linesFor(p.counter, p.staff)) line.ignored++;
  for (const f of input.followUps) {
    const handledToday = f.handledAt !== null && f.handledAt >= input.dayStart && f.handledAt < input.dayEnd;
    for (const line of linesFor(f.counter, f.staff)) {
      if (f.state === 'open') line.followUpsOpen++;
      if (f.state === 'open' && callBy(f) < input.now) line.followUpsOverdue++;
      if (f.state === 'escalated') line.followUpsEscalated++;
      if (handledToday) line.followUpsHandled++;
      if (handledToday && f.handledAt! <= f.dueAt) line.followUpsHandledWithinDue++;
    }
  }
  const all = [totals, ...byCounter.values(), ...byStaff.values()];
  for (const line of all) line.rate = line.total === 0 ? null : line.satisfied / line.total;

  const judged = input.window.followUps.filter((f) => f.handledAt !== null || f.dueAt <= input.now);
  const onTime = judged.filter((f) => f.handledAt !== null && f.handledAt <= f.dueAt).length;
  const complaints = input.window.followUps.filter((f) => f.firstOutcome === 'still_unhappy').length;
  return {
    day: input.day,
    totals,
    byCounter: [...byCounter].map(([counter, line]) => ({ counter, ...line })),
    byStaff: [...byStaff].sort(([a], [b]) => a.localeCompare(b)).map(([staff, line]) => ({ staff, ...line })),
    headline: {
      followUpHandlingRate: judged.length === 0 ? null : onTime / judged.length,
      effectiveComplaintRate: input.window.ratings === 0 ? null : complaints / input.window.ratings,
      windowDays: input.window.days,
      followUpsJudged: judged.length,
      followUpsHandledOnTime: onTime,
      effectiveComplaints: complaints,
      ratingsInWindow: input.window.ratings,
    },
  };
}
