import type { FollowUpClosed, FollowUpOpened, FollowUpRescheduled, NewEvent, RatingIgnored, RatingRecorded } from '../../kernel/events.js';
import { localDay } from '../../kernel/local-time.js';
import { refuse, type Refusal } from '../../kernel/refusal.js';
import { followUpDueAt, nextAttemptAt, type FollowUpRules } from './follow-up-due.js';
import type { CounterRatingState, FollowUp, FollowUpOutcome, Rating, RatingSource, Score } from './rating-types.js';

export interface RatingRules {
  /** A press within this many seconds of a finished ticket rates that ticket. */
  acceptWindowSec: number;
  /** Presses at one counter within this many seconds of the previous accepted one are ignored. */
  repeatIgnoreSec: number;
  followUp: FollowUpRules;
  timezone: string;
}

export interface Press {
  counter: string;
  score: Score;
  at: number;
  source: RatingSource;
  /** Ids for what the press may create (the caller makes them; the rule stays pure). */
  ratingId: string;
  followUpId: string;
}

export type PressDecision =
  | { kind: 'recorded'; rating: Rating; followUp: FollowUp | null; events: NewEvent[] }
  | { kind: 'ignored'; reason: 'repeat'; events: NewEvent[] };

/**
 * A press on the satisfaction panel (docs/domain.md#rating-after-service).
 * - Repeats: a press within `repeatIgnoreSec` of the previous accepted press at the same counter
 *   is ignored (and counted), so a child hammering the buttons does not skew the day — unless a
 *   ticket was finished at that counter since that press: then it is the next customer's press.
 * - Otherwise it rates the ticket the counter finished last, if that finished within
 *   `acceptWindowSec` and has no rating yet (one rating per ticket); else it is an anonymous
 *   rating for the counter (and its staff at the moment).
 * - An average/unsatisfied rating of a ticket with a member card or phone opens a follow-up.
 */
export function decidePress(press: Press, state: CounterRatingState, rules: RatingRules): PressDecision {
  const day = localDay(press.at, rules.timezone);
  const finished = state.lastFinished;
  const newCustomerSinceLastPress = finished !== null && state.lastAcceptedAt !== null && finished.finishedAt > state.lastAcceptedAt;
  if (state.lastAcceptedAt !== null && press.at - state.lastAcceptedAt < rules.repeatIgnoreSec * 1000 && !newCustomerSinceLastPress) {
    const payload: RatingIgnored = { counter: press.counter, staff: finished?.staff ?? state.counterStaff, score: press.score, reason: 'repeat', source: press.source, day };
    return { kind: 'ignored', reason: 'repeat', events: [{ type: 'rating.ignored', payload }] };
  }

  const ticket =
    finished && !state.lastFinishedRated && press.at >= finished.finishedAt && press.at - finished.finishedAt <= rules.acceptWindowSec * 1000 ? finished : null;
  const hasContact = ticket !== null && state.lastFinishedHasContact;
  const rating: Rating = {
    id: press.ratingId,
    day,
    at: press.at,
    counter: press.counter,
    staff: ticket ? ticket.staff : state.counterStaff,
    ticketId: ticket?.ticketId ?? null,
    ticketNumber: ticket?.number ?? null,
    score: press.score,
    source: press.source,
    hasContact,
  };
  const recorded: RatingRecorded = {
    ratingId: rating.id,
    ticketId: rating.ticketId,
    ticketNumber: rating.ticketNumber,
    counter: rating.counter,
    staff: rating.staff,
    score: rating.score,
    hasContact,
    source: rating.source,
    day,
  };
  const events: NewEvent[] = [{ type: 'rating.recorded', payload: recorded }];

  let followUp: FollowUp | null = null;
  if (rating.ticketId && hasContact && rating.score !== 'satisfied') {
    followUp = {
      id: press.followUpId,
      ratingId: rating.id,
      ticketId: rating.ticketId,
      counter: rating.counter,
      staff: rating.staff,
      score: rating.score,
      openedAt: press.at,
      dueAt: followUpDueAt(press.at, rules.followUp, rules.timezone),
      state: 'open',
      outcome: null,
      firstOutcome: null,
      handledAt: null,
      handledBy: null,
      closedAt: null,
      closedBy: null,
      attempts: 0,
      nextAttemptAt: null,
    };
    const opened: FollowUpOpened = {
      followUpId: followUp.id,
      ratingId: rating.id,
      ticketId: followUp.ticketId,
      counter: followUp.counter,
      staff: followUp.staff,
      score: followUp.score,
      dueAt: new Date(followUp.dueAt).toISOString(),
    };
    events.push({ type: 'followup.opened', payload: opened });
  }
  return { kind: 'recorded', rating, followUp, events };
}

export interface CloseFollowUp {
  outcome: FollowUpOutcome;
  by: { number: string; roles: readonly string[] };
  at: number;
}

/**
 * Recording the outcome of a callback. "Still unhappy" from a clerk escalates to the manager role
 * (the follow-up stays on the managers' list as escalated); a manager closes an escalated one.
 * "Unreachable" on an open follow-up schedules the next attempt (outside the rest hours) until
 * `maxAttempts` calls found nobody: the last one escalates (a clerk) or closes (a manager).
 */
export function closeFollowUp(followUp: FollowUp, command: CloseFollowUp, rules: RatingRules): { followUp: FollowUp; events: NewEvent[] } | Refusal {
  if (followUp.state === 'closed') return refuse(409, 'followup_closed', 'This follow-up is already closed. 该回访已结束。');
  const isManager = command.by.roles.includes('manager');
  if (followUp.state === 'escalated' && !isManager)
    return refuse(403, 'manager_only', 'This follow-up was escalated; a manager closes it. 该回访已升级，需由经理处理。');
  const firstHandling = followUp.handledAt === null;
  const unreachable = command.outcome === 'unreachable';
  const attempts = followUp.attempts + (unreachable ? 1 : 0);
  const handled = {
    outcome: command.outcome,
    firstOutcome: followUp.firstOutcome ?? command.outcome,
    handledAt: followUp.handledAt ?? command.at,
    handledBy: followUp.handledBy ?? command.by.number,
    attempts,
  };
  const withinDue = (firstHandling ? command.at : followUp.handledAt!) <= followUp.dueAt;
  if (followUp.state === 'open' && unreachable && attempts < rules.followUp.maxAttempts) {
    const next: FollowUp = { ...followUp, ...handled, nextAttemptAt: nextAttemptAt(command.at, rules.followUp, rules.timezone) };
    const payload: FollowUpRescheduled = {
      followUpId: next.id,
      ticketId: next.ticketId,
      counter: next.counter,
      staff: next.staff,
      attempt: attempts,
      nextAttemptAt: new Date(next.nextAttemptAt!).toISOString(),
      by: command.by.number,
      withinDue,
    };
    return { followUp: next, events: [{ type: 'followup.rescheduled', payload }] };
  }
  const escalate = followUp.state === 'open' && (command.outcome === 'still_unhappy' || unreachable) && !isManager;
  const next: FollowUp = {
    ...followUp,
    ...handled,
    state: escalate ? 'escalated' : 'closed',
    nextAttemptAt: null,
    closedAt: escalate ? null : command.at,
    closedBy: escalate ? null : command.by.number,
  };
  const payload: FollowUpClosed = {
    followUpId: next.id,
    ticketId: next.ticketId,
    counter: next.counter,
    staff: next.staff,
    outcome: command.outcome,
    escalated: escalate,
    closedBy: command.by.number,
    withinDue,
  };
  return { followUp: next, events: [{ type: 'followup.closed', payload }] };
}
