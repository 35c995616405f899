import type { Score } from '../../../devices/panel/panel.js';

export type { Score };
export { scores, isScore } from '../../../devices/panel/panel.js';

/** Where a press came from: a button panel, or the on-screen buttons / an integrator over HTTP. */
export type RatingSource = 'panel' | 'screen';

/** The ticket a counter finished last, as the ratings domain needs it. */
export interface FinishedTicket {
  ticketId: string;
  number: string;
  counter: string;
  staff: string | null;
  finishedAt: number;
}

/** Everything the rule needs to know about one counter at the moment of a press. */
export interface CounterRatingState {
  lastFinished: FinishedTicket | null;
  /** That ticket already has a rating (one rating per ticket). */
  lastFinishedRated: boolean;
  /** That ticket came with a member card or phone number (a follow-up can be made). */
  lastFinishedHasContact: boolean;
  /** Time of the previous accepted (not ignored) press at this counter. */
  lastAcceptedAt: number | null;
  /** Staff signed in at the counter now (for anonymous ratings). */
  counterStaff: string | null;
}

export interface Rating {
  id: string;
  day: string;
  at: number;
  counter: string;
  staff: string | null;
  ticketId: string | null;
  ticketNumber: string | null;
  score: Score;
  source: RatingSource;
  hasContact: boolean;
}

export const followUpOutcomes = ['reached', 'satisfied_now', 'still_unhappy', 'unreachable'] as const;
export type FollowUpOutcome = (typeof followUpOutcomes)[number];

/** open → (clerk records an outcome) → closed, or escalated when still unhappy → (manager) → closed. */
export type FollowUpState = 'open' | 'escalated' | 'closed';

export interface FollowUp {
  id: string;
  ratingId: string;
  ticketId: string;
  counter: string;
  staff: string | null;
  score: Score;
  openedAt: number;
  dueAt: number;
  state: FollowUpState;
  /** Latest outcome recorded. */
  outcome: FollowUpOutcome | null;
  /** The first outcome, recorded by whoever made the callback: what the handling rate counts. */
  firstOutcome: FollowUpOutcome | null;
  handledAt: number | null;
  handledBy: string | null;
  closedAt: number | null;
  closedBy: string | null;
}

/** Event payloads: ids, counters, staff numbers and scores only — never names, phones or cards. */
export interface RatingRecordedPayload {
  ratingId: string;
  ticketId: string | null;
  ticketNumber: string | null;
  counter: string;
  staff: string | null;
  score: Score;
  hasContact: boolean;
  source: RatingSource;
  day: string;
}

export interface RatingIgnoredPayload {
  counter: string;
  staff: string | null;
  score: Score;
  reason: 'repeat';
  source: RatingSource;
  day: string;
}

export interface FollowUpOpenedPayload {
  followUpId: string;
  ratingId: string;
  ticketId: string;
  counter: string;
  staff: string | null;
  score: Score;
  dueAt: string;
}

export interface FollowUpClosedPayload {
  followUpId: string;
  ticketId: string;
  counter: string;
  staff: string | null;
  outcome: FollowUpOutcome;
  /** Still unhappy: passed on to the manager role instead of closed. */
  escalated: boolean;
  closedBy: string;
  /** The outcome came before the due time. */
  withinDue: boolean;
}
