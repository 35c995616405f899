import type { StoredEvent } from '../../kernel/events.js';

export type TicketState = 'waiting' | 'called' | 'finished' | 'skipped';

export interface Ticket {
  id: string;
  day: string;
  service: string;
  number: string;
  priority: boolean;
  state: TicketState;
  /** Arrival order, monotonic across clock jumps; a transfer keeps it (首问制). */
  arrival: number;
  issuedAt: number;
  firstIssuedAt: number;
  calledAt: number | null;
  finishedAt: number | null;
  counter: string | null;
  staff: string | null;
  recalls: number;
  printed: boolean;
}

export interface CounterState {
  id: string;
  state: 'open' | 'paused';
  serving: string | null;
  staff: string | null;
  /** Position in the priority/normal alternation cycle. */
  priorityRun: number;
  normalRun: number;
}

export interface RecentCall {
  ticketId: string;
  number: string;
  service: string;
  counter: string;
  at: number;
}

export interface QueueState {
  /** The opening day the numbers belong to; only ever moves forward. */
  day: string;
  /** Last number used per service letter today. */
  lastNumber: Record<string, number>;
  lastArrival: number;
  tickets: Map<string, Ticket>;
  counters: Map<string, CounterState>;
  /** Recent service durations (seconds) per service, newest last. */
  serviceTimes: Record<string, number[]>;
  recentCalls: RecentCall[];
}

export const RECENT_CALLS_KEPT = 10;

export function emptyQueueState(day: string, counterIds: string[]): QueueState {
  return {
    day,
    lastNumber: {},
    lastArrival: 0,
    tickets: new Map(),
    counters: new Map(counterIds.map((id) => [id, { id, state: 'open', serving: null, staff: null, priorityRun: 0, normalRun: 0 }])),
    serviceTimes: {},
    recentCalls: [],
  };
}

/**
 * Applies one committed event to the state (mutating it). Returns the ids of the tickets and
 * counters it touched, so the store can write exactly those rows in the same transaction.
 */
/** The parts of the queue config the reducer needs. */
export interface QueueRules {
  estimateWindow: number;
  alternation: { priority: number; normal: number };
}

export function applyQueueEvent(state: QueueState, event: StoredEvent, rules: QueueRules): { tickets: string[]; counters: string[] } {
  const at = Date.parse(event.at);
  switch (event.type) {
    case 'ticket.issued': {
      const e = event.payload;
      if (e.day > state.day) startDay(state, e.day);
      const letterNumber = Number(e.number.slice(1));
      state.lastNumber[e.number[0]] = letterNumber;
      state.lastArrival = Math.max(state.lastArrival, e.arrival);
      state.tickets.set(e.ticketId, {
        id: e.ticketId,
        day: e.day,
        service: e.service,
        number: e.number,
        priority: e.priority,
        state: 'waiting',
        arrival: e.arrival,
        issuedAt: at,
        firstIssuedAt: at,
        calledAt: null,
        finishedAt: null,
        counter: null,
        staff: null,
        recalls: 0,
        printed: false,
      });
      return { tickets: [e.ticketId], counters: [] };
    }
    case 'ticket.called': {
      const e = event.payload;
      const ticket = state.tickets.get(e.ticketId)!;
      Object.assign(ticket, { state: 'called', calledAt: at, counter: e.counter, staff: e.staff });
      const counter = state.counters.get(e.counter)!;
      counter.serving = e.ticketId;
      counter.staff = e.staff;
      advanceAlternation(counter, ticket.priority, rules.alternation.normal);
      state.recentCalls = [{ ticketId: ticket.id, number: ticket.number, service: ticket.service, counter: e.counter, at }, ...state.recentCalls].slice(0, RECENT_CALLS_KEPT);
      return { tickets: [e.ticketId], counters: [e.counter] };
    }
    case 'ticket.recalled': {
      const e = event.payload;
      const ticket = state.tickets.get(e.ticketId)!;
      ticket.recalls = e.recalls;
      state.recentCalls = [{ ticketId: ticket.id, number: ticket.number, service: ticket.service, counter: e.counter, at }, ...state.recentCalls].slice(0, RECENT_CALLS_KEPT);
      return { tickets: [e.ticketId], counters: [] };
    }
    case 'ticket.skipped':
    case 'ticket.finished': {
      const e = event.payload;
      const ticket = state.tickets.get(e.ticketId)!;
      ticket.state = event.type === 'ticket.finished' ? 'finished' : 'skipped';
      ticket.finishedAt = at;
      const counter = state.counters.get(e.counter)!;
      if (counter.serving === e.ticketId) counter.serving = null;
      if (event.type === 'ticket.finished') {
        const times = (state.serviceTimes[ticket.service] ??= []);
        times.push(event.payload.serviceSec);
        if (times.length > rules.estimateWindow) times.splice(0, times.length - rules.estimateWindow);
      }
      return { tickets: [e.ticketId], counters: [e.counter] };
    }
    case 'ticket.transferred': {
      const e = event.payload;
      const ticket = state.tickets.get(e.ticketId)!;
      Object.assign(ticket, { service: e.toService, state: 'waiting', issuedAt: at, calledAt: null, counter: null, recalls: 0 });
      const counter = state.counters.get(e.counter)!;
      if (counter.serving === e.ticketId) counter.serving = null;
      return { tickets: [e.ticketId], counters: [e.counter] };
    }
    case 'ticket.printed': {
      const ticket = state.tickets.get(event.payload.ticketId);
      if (ticket) ticket.printed = true;
      return { tickets: ticket ? [ticket.id] : [], counters: [] };
    }
    case 'counter.paused':
    case 'counter.resumed': {
      const counter = state.counters.get(event.payload.counter)!;
      counter.state = event.type === 'counter.paused' ? 'paused' : 'open';
      counter.staff = event.payload.staff;
      return { tickets: [], counters: [counter.id] };
    }
    default:
      return { tickets: [], counters: [] };
  }
}

/** A new opening day: numbers restart, yesterday's unserved tickets leave the live queue. */
function startDay(state: QueueState, day: string): void {
  state.day = day;
  state.lastNumber = {};
  state.recentCalls = [];
  for (const [id, ticket] of state.tickets) if (ticket.day < day) state.tickets.delete(id);
  for (const counter of state.counters.values()) counter.serving = null;
}

/** A cycle is `priority` priority calls then `normal` normal calls; a full normal run restarts it. */
function advanceAlternation(counter: CounterState, priority: boolean, normalPerCycle: number): void {
  if (priority) {
    counter.priorityRun++;
    return;
  }
  counter.normalRun++;
  if (counter.normalRun >= normalPerCycle) {
    counter.priorityRun = 0;
    counter.normalRun = 0;
  }
}
