import type { StoredEvent } from '../../kernel/events.js';
import { addDays, instantOf, localParts } from '../../kernel/local-time.js';
import { openingFor } from '../../kernel/opening-hours.js';

/** What the reports need from config (the caller maps its config onto this; no config import here). */
export interface ReportSettings {
  timezone: string;
  hours: Parameters<typeof openingFor>[1];
  services: readonly { id: string; targetWaitSec: number; complaints: boolean }[];
  counters: readonly string[];
  /**
   * A follow-up's callback counts when made within this many days after the follow-up's day
   * (ratings.followUp.dueDays + 1): so a day's figures never change once that window is over,
   * whatever range they are read in. Unset: any callback up to the report's moment counts.
   */
  followUpWindowDays?: number;
}

/** Local calendar dates, both inclusive. */
export interface ReportRange {
  from: string;
  to: string;
}

/** The dimensions a figure can be grouped by; null where a fact has no such dimension (an issued ticket has no counter). */
export interface FactKeys {
  service: string | null;
  counter: string | null;
  staff: string | null;
  day: string;
  hour: number;
  /** How many identical facts this one stands for (stored days merge them); absent: one. */
  n?: number;
}

export type Score = 'satisfied' | 'average' | 'unsatisfied';

export interface ServedFact extends FactKeys {
  waitSec: number;
  serviceSec: number;
}
/** One ticket's first call (or its end unserved): did it come within the service's target wait? */
export interface CallTimingFact extends FactKeys {
  withinTarget: boolean;
}
export interface RatingFact extends FactKeys {
  score: Score;
  weekday: number; // 1 = Monday … 7 = Sunday
}
export interface FollowUpFact extends FactKeys {
  dueAt: number;
  handledAt: number | null;
  withinDue: boolean;
  firstOutcome: string | null;
}
export interface KeyHandoutFact extends FactKeys {
  overdue: boolean;
}
export interface PauseFact {
  counter: string;
  staff: string | null;
  reason: string;
  sec: number;
}
/** A counter's staffed span on one day: from its first to its last queue action. */
export interface CounterDayFact {
  counter: string;
  day: string;
  spanSec: number;
  busySec: number;
  pauseSec: number;
}

export interface ReportFacts {
  range: ReportRange;
  /** The moment the report describes: follow-ups due by then are judged. */
  asOf: number;
  issued: FactKeys[];
  served: ServedFact[];
  noShows: FactKeys[];
  transferred: FactKeys[];
  unserved: FactKeys[];
  callTimings: CallTimingFact[];
  /** Complaints counted: complaint.opened events once any is seen, else complaint-service tickets. */
  complaints: FactKeys[];
  /** The two sources of `complaints`, kept so per-day facts merge into the range's (null: no complaint.opened seen). */
  complaintTickets: FactKeys[];
  complaintsOpened: FactKeys[] | null;
  ratings: RatingFact[];
  followUps: FollowUpFact[];
  keyHandouts: KeyHandoutFact[];
  /** Keys confirmed missing at the last shift reconciliation in the range (null: none reconciled). */
  keysLost: number | null;
  pauses: PauseFact[];
  counterDays: CounterDayFact[];
}

interface TicketTrack {
  keys: FactKeys;
  issuedAt: number;
  firstCallAt: number | null;
  firstCallCounter: string | null;
  firstCallStaff: string | null;
  ended: boolean;
  /** The service it was served in (after transfers). */
  service: string;
}

const QUARTER_HOUR = 900_000;

/**
 * Local day/hour/weekday of instants, memoised per UTC quarter hour: every zone's offset is a
 * multiple of 15 minutes, so the local hour never changes inside one.
 */
export function localCalendar(tz: string): (ms: number) => { day: string; hour: number; weekday: number } {
  const cache = new Map<number, { day: string; hour: number; weekday: number }>();
  const weekdayNumbers: Record<string, number> = { mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6, sun: 7 };
  return (ms) => {
    const bucket = Math.floor(ms / QUARTER_HOUR);
    let hit = cache.get(bucket);
    if (!hit) {
      const p = localParts(bucket * QUARTER_HOUR, tz);
      hit = { day: p.date, hour: Math.floor(p.minutes / 60), weekday: weekdayNumbers[p.weekday] };
      cache.set(bucket, hit);
    }
    return hit;
  };
}

/** The instants [start, end) the local dates of a range cover. */
export function rangeInstants(range: ReportRange, tz: string): { start: number; end: number } {
  return { start: instantOf(range.from, '00:00', tz), end: instantOf(addDays(range.to, 1), '00:00', tz) };
}

function payloadOf(event: StoredEvent): Record<string, unknown> {
  return event.payload;
}

const text = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

/**
 * Reduces committed events (in seq order) to report facts. Queue figures belong to the tickets
 * issued in the range (a ticket lives one opening day); ratings, pauses and key handouts to their
 * own time in the range; follow-ups to their opening in the range, judged with closures up to `asOf`.
 */
export function collectFacts(events: readonly StoredEvent[], settings: ReportSettings, range: ReportRange, asOf: number): ReportFacts {
  const { start, end } = rangeInstants(range, settings.timezone);
  const calendar = localCalendar(settings.timezone);
  const closings = new Map<string, number>();
  // Zone arithmetic is slow next to the rest: once per day, not once per ticket.
  const closingOf = (day: string) => {
    let at = closings.get(day);
    if (at === undefined) closings.set(day, (at = dayClosingInstant(day, settings)));
    return at;
  };
  const targets = new Map(settings.services.map((s) => [s.id, s.targetWaitSec]));
  const complaintServices = new Set(settings.services.filter((s) => s.complaints).map((s) => s.id));
  const facts: ReportFacts = {
    range,
    asOf,
    issued: [],
    served: [],
    noShows: [],
    transferred: [],
    unserved: [],
    callTimings: [],
    complaints: [],
    complaintTickets: [],
    complaintsOpened: null,
    ratings: [],
    followUps: [],
    keyHandouts: [],
    keysLost: null,
    pauses: [],
    counterDays: [],
  };
  const keysAt = (ms: number, service: string | null, counter: string | null, staff: string | null): FactKeys => {
    const local = calendar(ms);
    return { service, counter, staff, day: local.day, hour: local.hour };
  };
  const tickets = new Map<string, TicketTrack>();
  const followUps = new Map<string, FollowUpFact>();
  const callbackBy = new Map<FollowUpFact, number>();
  const handouts = new Map<string, { fact: KeyHandoutFact; dueBackAt: number | null; returned: boolean }>();
  const openPauses = new Map<string, { at: number; reason: string; staff: string | null }>();
  const counterDays = new Map<string, CounterDayFact & { first: number; last: number; callAt: number | null }>();
  const counterDay = (counter: string, at: number) => {
    const day = calendar(at).day;
    const id = `${counter} ${day}`;
    let cd = counterDays.get(id);
    if (!cd) counterDays.set(id, (cd = { counter, day, spanSec: 0, busySec: 0, pauseSec: 0, first: at, last: at, callAt: null }));
    cd.last = Math.max(cd.last, at);
    return cd;
  };
  const endBusy = (counter: string, at: number) => {
    const cd = counterDay(counter, at);
    if (cd.callAt !== null) cd.busySec += Math.max(0, (at - cd.callAt) / 1000);
    cd.callAt = null;
  };
  /** A pause ends at resume, at closing time (a counter left paused overnight), or at the end of the range. */
  const closePause = (counter: string, at: number) => {
    const open = openPauses.get(counter);
    if (!open) return;
    openPauses.delete(counter);
    const until = Math.min(at, closingOf(calendar(open.at).day), end, asOf);
    const sec = Math.max(0, (until - open.at) / 1000);
    facts.pauses.push({ counter, staff: open.staff, reason: open.reason, sec });
    counterDay(counter, open.at).pauseSec += sec;
    counterDay(counter, until);
  };

  // Complaints recorded as such (complaint.opened) count instead of complaint-service tickets once there are any.
  const complaintsOpened: FactKeys[] = [];
  let complaintEventsSeen = false;
  for (const event of events) {
    const at = Date.parse(event.at);
    const p = payloadOf(event);
    const inRange = at >= start && at < end;
    switch (event.type) {
      case 'ticket.issued': {
        if (!inRange) break;
        const service = String(p.service);
        const keys = keysAt(at, service, null, null);
        tickets.set(String(p.ticketId), { keys, issuedAt: at, firstCallAt: null, firstCallCounter: null, firstCallStaff: null, ended: false, service });
        facts.issued.push(keys);
        if (complaintServices.has(service)) facts.complaintTickets.push(keys);
        break;
      }
      case 'ticket.called': {
        const ticket = tickets.get(String(p.ticketId));
        if (!ticket) break;
        const counter = String(p.counter);
        counterDay(counter, at).callAt = at;
        if (ticket.firstCallAt === null) {
          ticket.firstCallAt = at;
          ticket.firstCallCounter = counter;
          ticket.firstCallStaff = text(p.staff);
          const target = targets.get(ticket.keys.service!) ?? Infinity;
          facts.callTimings.push({ ...ticket.keys, counter, staff: ticket.firstCallStaff, withinTarget: (at - ticket.issuedAt) / 1000 <= target });
        }
        break;
      }
      case 'ticket.finished':
      case 'ticket.skipped':
      case 'ticket.transferred': {
        const ticket = tickets.get(String(p.ticketId));
        if (!ticket) break;
        const counter = String(p.counter);
        endBusy(counter, at);
        const staff = text(p.staff);
        if (event.type === 'ticket.transferred') {
          facts.transferred.push({ ...keysAt(at, String(p.fromService), counter, staff), day: ticket.keys.day });
          ticket.service = String(p.toService);
          break;
        }
        ticket.ended = true;
        const keys = { ...keysAt(at, ticket.service, counter, staff), day: ticket.keys.day };
        if (event.type === 'ticket.skipped') facts.noShows.push(keys);
        else facts.served.push({ ...keys, waitSec: Number(p.waitSec), serviceSec: Number(p.serviceSec) });
        break;
      }
      case 'counter.paused': {
        if (!inRange) break;
        const counter = String(p.counter);
        closePause(counter, at);
        counterDay(counter, at);
        openPauses.set(counter, { at, reason: text(p.reason) ?? 'unspecified', staff: text(p.staff) });
        break;
      }
      case 'counter.resumed': {
        if (!inRange) break;
        closePause(String(p.counter), at);
        counterDay(String(p.counter), at);
        break;
      }
      case 'rating.recorded': {
        if (!inRange) break;
        const ticket = tickets.get(String(p.ticketId));
        const local = calendar(at);
        facts.ratings.push({ ...keysAt(at, ticket?.service ?? null, String(p.counter), text(p.staff)), score: p.score as Score, weekday: local.weekday });
        break;
      }
      case 'followup.opened': {
        if (!inRange) break;
        const fact: FollowUpFact = { ...keysAt(at, null, String(p.counter), text(p.staff)), dueAt: Date.parse(String(p.dueAt)), handledAt: null, withinDue: false, firstOutcome: null };
        followUps.set(String(p.followUpId), fact);
        facts.followUps.push(fact);
        callbackBy.set(fact, settings.followUpWindowDays === undefined ? Infinity : instantOf(addDays(fact.day, 1 + settings.followUpWindowDays), '00:00', settings.timezone));
        break;
      }
      case 'followup.closed': {
        const fact = followUps.get(String(p.followUpId));
        // The first outcome is the callback; a later close (after escalation) is the manager's.
        if (!fact || fact.handledAt !== null || at > asOf || at >= callbackBy.get(fact)!) break;
        fact.handledAt = at;
        fact.withinDue = p.withinDue === true;
        fact.firstOutcome = text(p.outcome);
        break;
      }
      case 'key.handed_out': {
        if (!inRange) break;
        const fact: KeyHandoutFact = { ...keysAt(at, null, null, text(p.staff)), overdue: false };
        const due = text(p.dueBackAt);
        handouts.set(String(p.handoutId), { fact, dueBackAt: due === null ? null : Date.parse(due), returned: false });
        facts.keyHandouts.push(fact);
        break;
      }
      case 'key.returned': {
        const handout = handouts.get(String(p.handoutId));
        if (!handout || at >= end) break;
        handout.returned = true;
        if (p.overdue === true) handout.fact.overdue = true;
        break;
      }
      case 'shift.reconciled': {
        if (inRange) facts.keysLost = Number(p.missing ?? 0);
        break;
      }
      case 'complaint.opened': {
        complaintEventsSeen = true;
        if (inRange) complaintsOpened.push(keysAt(at, null, null, String(p.owner)));
        break;
      }
      default:
        break;
    }
  }

  if (complaintEventsSeen) facts.complaintsOpened = complaintsOpened;
  facts.complaints = facts.complaintsOpened ?? facts.complaintTickets;
  const judgedAt = Math.min(asOf, end);
  for (const h of handouts.values()) if (!h.returned && h.dueBackAt !== null && h.dueBackAt < judgedAt) h.fact.overdue = true;
  for (const counter of [...openPauses.keys()]) closePause(counter, Infinity);
  for (const ticket of tickets.values()) {
    // Tickets of a day still waiting count as unserved once the day's opening hours are over.
    if (ticket.ended || asOf < closingOf(ticket.keys.day)) continue;
    facts.unserved.push(ticket.keys);
    // Never called: it missed the target (it waited until closing).
    if (ticket.firstCallAt === null) facts.callTimings.push({ ...ticket.keys, withinTarget: false });
  }
  for (const cd of counterDays.values()) facts.counterDays.push({ counter: cd.counter, day: cd.day, spanSec: (cd.last - cd.first) / 1000, busySec: cd.busySec, pauseSec: cd.pauseSec });
  return facts;
}

/** The day's closing instant (midnight after it when closed all day). */
function dayClosingInstant(day: string, settings: ReportSettings): number {
  const span = openingFor(day, settings.hours);
  return span ? instantOf(day, span.close, settings.timezone) : instantOf(addDays(day, 1), '00:00', settings.timezone);
}
