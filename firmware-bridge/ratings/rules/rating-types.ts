import type { FollowUpOutcome, RatingSource } from '../../kernel/events.js';
import type { Score } from '../../kernel/score.js';

// The vocabulary the events share lives with them in the kernel.
export { followUpOutcomes, type FollowUpOutcome, type RatingSource } from '../../kernel/events.js';
export { scores, isScore, type Score } from '../../kernel/score.js';

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

/** open → (clerk records an outcome) → closed, or escalated when still unhappy → (manager) → closed. */
export type FollowUpState = 'open' | 'escalated' | 'closed';

export interface FollowUp {
  id: string;
  /** null: a complaint's callback, opened by the complaints feature. */
  ratingId: string | null;
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
  /** Calls that found nobody so far. */
  attempts: number;
  /** After an unreachable call: when to try again (the list's "call by" instead of dueAt). */
  nextAttemptAt: number | null;
}

/** When the desk should call next: the retry time after an unreachable call, else the due time. */
export const callBy = (f: Pick<FollowUp, 'dueAt' | 'nextAttemptAt'>): number => f.nextAttemptAt ?? f.dueAt;
