import { randomUUID } from 'node:crypto';
import type { FrontdeskConfig } from '../../config/schema/index.js';
import type { StaffRole } from '../../config/schema/staff.js';
import type { Clock } from '../kernel/clock.js';
import type { FollowUpOpened, StoredEvent } from '../kernel/events.js';
import { addDays, instantOf, isoLocal, localDay } from '../kernel/local-time.js';
import { refuse, type Refusal } from '../kernel/refusal.js';
import { closeFollowUp, decidePress, type RatingRules } from './rules/rating-rules.js';
import { computeDailyStats, type DailyStats } from './rules/ratings-stats.js';
import { callBy, type FinishedTicket, type FollowUpOutcome, type Rating, type RatingSource, type Score } from './rules/rating-types.js';
import type { EventStore } from '../store/event-store.js';
import type { FollowUpWithNote, RatingsStore } from './ratings-store.js';

/** The window of the manager's headline numbers. */
export const headlineWindowDays = 30;

export type FollowUpListState = 'open' | 'overdue' | 'escalated' | 'closed';

/**
 * What ratings asks the queue feature (its service, from `ctx.services`): ratings never reads the
 * queue's tables. Without a queue it knows no tickets and rates anonymously.
 */
export interface TicketLookup {
  /** The ticket each counter finished last (to rate it after a restart). */
  lastFinishedByCounter(): FinishedTicket[];
  /** A ticket's number and the contact its customer left (stays at the desk), or null. */
  ticketContact(ticketId: string): { number: string; memberCard: string | null; phone: string | null } | null;
  /** Staff signed in at a counter now. */
  counterStaff(counter: string): string | null;
}

export const noTickets: TicketLookup = {
  lastFinishedByCounter: () => [],
  ticketContact: () => null,
  counterStaff: () => null,
};

export interface PressResult {
  rating: Rating | null;
  ignored?: 'repeat';
  followUp: FollowUpWithNote | null;
}

/**
 * Ratings and follow-ups: applies the pure rules in rules/ to the stored state and commits their
 * events. Knows which ticket each counter finished last (from `ticket.finished` events and, after a
 * restart, from the queue).
 */
export class RatingsService {
  private readonly lastFinished = new Map<string, FinishedTicket>();
  private readonly rules: RatingRules;
  private readonly counters: Set<string>;

  constructor(
    private readonly config: FrontdeskConfig,
    private readonly store: EventStore,
    private readonly ratings: RatingsStore,
    private readonly clock: Clock,
    private readonly queue: TicketLookup = noTickets,
    private readonly newId: () => string = randomUUID,
  ) {
    const { acceptWindowSec, repeatIgnoreSec, followUp } = config.ratings;
    this.rules = { acceptWindowSec, repeatIgnoreSec, followUp, timezone: config.site.timezone };
    this.counters = new Set(config.counters.map((c) => c.id));
    for (const t of queue.lastFinishedByCounter()) this.lastFinished.set(t.counter, t);
  }

  /** Learns finished tickets from committed events; returns the counters that just finished one. */
  learn(events: readonly StoredEvent[]): string[] {
    const finishedAt: string[] = [];
    for (const e of events) {
      if (e.type !== 'ticket.finished') continue;
      const p = e.payload;
      this.lastFinished.set(p.counter, { ticketId: p.ticketId, number: p.number, counter: p.counter, staff: p.staff, finishedAt: Date.parse(e.at) });
      finishedAt.push(p.counter);
    }
    return finishedAt;
  }

  private hasContact(ticketId: string): boolean {
    const contact = this.queue.ticketContact(ticketId);
    return contact !== null && (contact.memberCard !== null || contact.phone !== null);
  }

  isCounter(counter: string): boolean {
    return this.counters.has(counter);
  }

  press(counter: string, score: Score, source: RatingSource): PressResult | Refusal {
    if (!this.counters.has(counter)) return refuse(400, 'unknown_counter', `There is no counter "${counter}". 没有这个窗口。`);
    const finished = this.lastFinished.get(counter) ?? null;
    const decision = decidePress(
      { counter, score, source, at: this.clock.now(), ratingId: this.newId(), followUpId: this.newId() },
      {
        lastFinished: finished,
        lastFinishedRated: finished ? this.ratings.isRated(finished.ticketId) : false,
        lastFinishedHasContact: finished ? this.hasContact(finished.ticketId) : false,
        lastAcceptedAt: this.ratings.lastAcceptedAt(counter),
        counterStaff: this.queue.counterStaff(counter),
      },
      this.rules,
    );
    this.store.commit(decision.events, (stored) => this.ratings.project(stored));
    if (decision.kind === 'ignored') return { rating: null, ignored: 'repeat', followUp: null };
    return { rating: decision.rating, followUp: decision.followUp ? this.ratings.followUp(decision.followUp.id) : null };
  }

  closeFollowUp(id: string, outcome: FollowUpOutcome, note: string | undefined, by: { number: string; roles: readonly StaffRole[] }): FollowUpWithNote | Refusal {
    const current = this.ratings.followUp(id);
    if (!current) return refuse(404, 'unknown_followup', `There is no follow-up "${id}". 没有这条回访。`);
    const result = closeFollowUp(current, { outcome, by, at: this.clock.now() }, this.rules);
    if ('refused' in result) return result;
    const notes = new Map(note ? [[id, note]] : []);
    this.store.commit(result.events, (stored) => this.ratings.project(stored, notes));
    return this.ratings.followUp(id)!;
  }

  /**
   * Opens a callback no rating asked for (a complaint's, docs/domain.md#complaints), due at `dueAt`:
   * it then lives on the follow-up list like any other. `ticketId` names the ticket or, without one, the complaint.
   */
  openCallback(req: { ticketId: string; counter: string; staff: string | null; dueAt: number }): FollowUpWithNote {
    const followUpId = this.newId();
    const opened: FollowUpOpened = { followUpId, ratingId: null, ticketId: req.ticketId, counter: req.counter, staff: req.staff, score: 'unsatisfied', dueAt: new Date(req.dueAt).toISOString() };
    this.store.commit([{ type: 'followup.opened', payload: opened }], (stored) => this.ratings.project(stored));
    return this.ratings.followUp(followUpId)!;
  }

  followUps(state: FollowUpListState, viewerRoles: readonly StaffRole[]): FollowUpWithNote[] {
    const now = this.clock.now();
    if (state === 'closed') return this.ratings.followUpsIn(['closed'], 200);
    if (state === 'escalated') return this.ratings.followUpsIn(['escalated']);
    // Managers see the escalated ones on their open list too.
    const list = this.ratings.followUpsIn(viewerRoles.includes('manager') ? ['open', 'escalated'] : ['open']);
    return state === 'overdue' ? list.filter((f) => f.state === 'open' && callBy(f) < now) : list;
  }

  /** A follow-up as the staff's callback list shows it, with the contact to call (local only). */
  followUpView(f: FollowUpWithNote) {
    const tz = this.config.site.timezone;
    const at = (ms: number | null) => (ms === null ? null : isoLocal(ms, tz));
    const contact = this.queue.ticketContact(f.ticketId);
    return {
      id: f.id,
      ticket: { id: f.ticketId, number: contact?.number ?? null },
      counter: f.counter,
      staff: f.staff,
      score: f.score,
      state: f.state,
      overdue: f.state === 'open' && callBy(f) < this.clock.now(),
      escalatedTo: f.state === 'escalated' ? 'manager' : null,
      openedAt: at(f.openedAt),
      dueAt: at(f.dueAt),
      outcome: f.outcome,
      firstOutcome: f.firstOutcome,
      note: f.note,
      handledAt: at(f.handledAt),
      handledBy: f.handledBy,
      closedAt: at(f.closedAt),
      closedBy: f.closedBy,
      attempts: f.attempts,
      nextAttemptAt: at(f.nextAttemptAt),
      contact: { memberCard: contact?.memberCard ?? null, phone: contact?.phone ?? null },
    };
  }

  ratingView(r: Rating) {
    return {
      id: r.id,
      ticket: r.ticketId ? { id: r.ticketId, number: r.ticketNumber } : null,
      staff: r.staff,
      counter: r.counter,
      score: r.score,
      source: r.source,
      at: isoLocal(r.at, this.config.site.timezone),
    };
  }

  ratingOfTicket(ticketId: string): Rating | null {
    return this.ratings.ratingOfTicket(ticketId);
  }

  latestRating(counter: string): Rating | null {
    return this.ratings.latestRating(counter);
  }

  statsToday(): DailyStats {
    const now = this.clock.now();
    const tz = this.config.site.timezone;
    const day = localDay(now, tz);
    const dayStart = instantOf(day, '00:00', tz);
    const windowStart = instantOf(addDays(day, 1 - headlineWindowDays), '00:00', tz);
    return computeDailyStats({
      day,
      now,
      dayStart,
      dayEnd: instantOf(addDays(day, 1), '00:00', tz),
      ratingsToday: this.ratings.ratingsOfDay(day),
      ignoredToday: this.ratings.ignoredOfDay(day),
      followUps: this.ratings.followUpsForStats(dayStart),
      window: { days: headlineWindowDays, followUps: this.ratings.followUpsOpenedSince(windowStart), ratings: this.ratings.ratingsSince(windowStart) },
      counters: this.config.counters.map((c) => c.id),
    });
  }

  /** The retained `satisfaction/today` topic (docs/mqtt.md), plus the headline numbers (docs/domain.md#satisfaction-headline-numbers). */
  satisfactionToday() {
    const { totals, headline } = this.statsToday();
    return {
      satisfied: totals.satisfied,
      average: totals.average,
      unsatisfied: totals.unsatisfied,
      rate: totals.rate,
      followUpsOpen: totals.followUpsOpen,
      followUpsOverdue: totals.followUpsOverdue,
      followUpsEscalated: totals.followUpsEscalated,
      ignored: totals.ignored,
      followUpHandlingRate: headline.followUpHandlingRate,
      effectiveComplaintRate: headline.effectiveComplaintRate,
    };
  }
}
