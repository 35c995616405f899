import type { CounterPaused, NewEvent, TicketCalled, TicketFinished, TicketIssued, TicketRecalled, TicketTransferred } from '../../kernel/events.js';
import { localDay } from '../../kernel/local-time.js';
import { isOpen, type OpeningHours } from '../../kernel/opening-hours.js';
import { refuse, type Refusal } from '../../kernel/refusal.js';
import { nextTicketFor } from './call-order.js';
import type { CounterState, QueueState, Ticket } from './queue-state.js';
import { formatTicketNumber } from './ticket-number.js';

/** A service as the decisions see it (config `services` items are these). */
export interface ServiceRule {
  id: string;
  /** Ticket numbers of the service start with it: A001. */
  letter: string;
  priority: boolean;
}

/** The queue settings the decisions read (config `queue` is one). */
export interface QueueSettings {
  maxNumber: number;
  recallsBeforeSkip: number;
  /** A pause must name one of these. */
  pauseReasons: readonly string[];
  alternation: { priority: number; normal: number };
}

/** What the queue decisions need from config, pre-indexed; callers may keep richer services in it. */
export interface QueueModel<S extends ServiceRule = ServiceRule> {
  timezone: string;
  hours: OpeningHours;
  rules: QueueSettings;
  services: ReadonlyMap<string, S>;
  /** counter id → the services it serves */
  servedBy: Map<string, Set<string>>;
}

export interface DecisionContext {
  now: number;
  newId: () => string;
}

export type Decision = NewEvent[] | Refusal;

export function issueTicket(state: QueueState, model: QueueModel, ctx: DecisionContext, serviceId: string, hasContact: boolean): NewEvent<'ticket.issued'>[] | Refusal {
  const service = model.services.get(serviceId);
  if (!service) return refuse(404, 'unknown_service', `There is no service "${serviceId}". 没有这项业务。`);
  if (!isOpen(ctx.now, model.hours, model.timezone)) return refuse(409, 'hall_closed', 'The hall is closed; tickets are issued during opening hours only. 现在不是营业时间，暂停取号。');
  // The day only moves forward: a clock set back across midnight never resets the numbers twice.
  const today = localDay(ctx.now, model.timezone);
  const day = today > state.day ? today : state.day;
  const last = day === state.day ? (state.lastNumber[service.letter] ?? 0) : 0;
  if (last >= model.rules.maxNumber)
    return refuse(409, 'numbers_exhausted', `All ${model.rules.maxNumber} numbers of service ${service.letter} are used today. 今日该业务号码已发完。`);
  const payload: TicketIssued = {
    ticketId: ctx.newId(),
    number: formatTicketNumber(service.letter, last + 1, model.rules.maxNumber),
    service: service.id,
    day,
    priority: service.priority,
    arrival: state.lastArrival + 1,
    hasContact,
  };
  return [{ type: 'ticket.issued', payload }];
}

export function callNext(state: QueueState, model: QueueModel, counterId: string, staff: string, now: number): Decision {
  const counter = state.counters.get(counterId);
  if (!counter) return unknownCounter(counterId);
  if (counter.state === 'paused') return refuse(409, 'counter_paused', `Counter ${counterId} is paused; resume it first. 窗口暂停中，请先恢复服务。`);
  const events: NewEvent[] = [];
  const current = serving(state, counter);
  if (current) events.push(finishedEvent(current, counter, staff, now)); // next implies the current one is done
  const ticket = nextTicketFor(state, counter, model.servedBy.get(counterId) ?? new Set(), model.rules.alternation);
  if (!ticket) return events;
  const called: TicketCalled = { ticketId: ticket.id, number: ticket.number, service: ticket.service, counter: counterId, staff };
  events.push({ type: 'ticket.called', payload: called });
  return events;
}

export function recall(state: QueueState, counterId: string, staff: string): Decision {
  const found = currentTicket(state, counterId);
  if ('refused' in found) return found;
  const payload: TicketRecalled = { ticketId: found.ticket.id, number: found.ticket.number, service: found.ticket.service, counter: counterId, staff, recalls: found.ticket.recalls + 1 };
  return [{ type: 'ticket.recalled', payload }];
}

export function skip(state: QueueState, model: QueueModel, counterId: string, staff: string): Decision {
  const found = currentTicket(state, counterId);
  if ('refused' in found) return found;
  const needed = model.rules.recallsBeforeSkip;
  if (found.ticket.recalls < needed)
    return refuse(409, 'recall_first', `Recall ${found.ticket.number} ${needed} times before skipping it (${found.ticket.recalls} so far). 请先重呼${needed}次再过号。`);
  const payload: TicketCalled = { ticketId: found.ticket.id, number: found.ticket.number, service: found.ticket.service, counter: counterId, staff };
  return [{ type: 'ticket.skipped', payload }];
}

export function finish(state: QueueState, counterId: string, staff: string, now: number): Decision {
  const found = currentTicket(state, counterId);
  if ('refused' in found) return found;
  return [finishedEvent(found.ticket, found.counter, staff, now)];
}

export function transfer(state: QueueState, model: QueueModel, counterId: string, staff: string, toService: string): Decision {
  const found = currentTicket(state, counterId);
  if ('refused' in found) return found;
  if (!model.services.has(toService)) return refuse(404, 'unknown_service', `There is no service "${toService}". 没有这项业务。`);
  if (toService === found.ticket.service) return refuse(409, 'same_service', `${found.ticket.number} is already in that service. 已在该业务队列中。`);
  // The customer keeps the paper ticket: same number, same place by original arrival (首问制).
  const payload: TicketTransferred = {
    ticketId: found.ticket.id,
    number: found.ticket.number,
    fromService: found.ticket.service,
    toService,
    newNumber: found.ticket.number,
    counter: counterId,
    staff,
  };
  return [{ type: 'ticket.transferred', payload }];
}

export function pause(state: QueueState, model: QueueModel, counterId: string, staff: string, reason: string): Decision {
  const counter = state.counters.get(counterId);
  if (!counter) return unknownCounter(counterId);
  const reasons = model.rules.pauseReasons;
  if (!reasons.includes(reason)) return refuse(400, 'pause_reason_required', `请选择暂停原因 · Give a pause reason: one of ${reasons.join(', ')}.`);
  if (counter.state === 'paused') return refuse(409, 'already_paused', `Counter ${counterId} is already paused. 窗口已暂停。`);
  const payload: CounterPaused = { counter: counterId, staff, reason };
  return [{ type: 'counter.paused', payload }];
}

export function resume(state: QueueState, counterId: string, staff: string): Decision {
  const counter = state.counters.get(counterId);
  if (!counter) return unknownCounter(counterId);
  if (counter.state === 'open') return refuse(409, 'not_paused', `Counter ${counterId} is not paused. 窗口未暂停。`);
  return [{ type: 'counter.resumed', payload: { counter: counterId, staff } }];
}

function finishedEvent(ticket: Ticket, counter: CounterState, staff: string, now: number): NewEvent<'ticket.finished'> {
  const end = Math.max(now, ticket.calledAt ?? now);
  const payload: TicketFinished = {
    ticketId: ticket.id,
    number: ticket.number,
    service: ticket.service,
    counter: counter.id,
    staff,
    waitSec: Math.max(0, Math.round(((ticket.calledAt ?? end) - ticket.firstIssuedAt) / 1000)),
    serviceSec: Math.max(0, Math.round((end - (ticket.calledAt ?? end)) / 1000)),
  };
  return { type: 'ticket.finished', payload };
}

function serving(state: QueueState, counter: CounterState): Ticket | null {
  return counter.serving ? (state.tickets.get(counter.serving) ?? null) : null;
}

function currentTicket(state: QueueState, counterId: string): { ticket: Ticket; counter: CounterState } | Refusal {
  const counter = state.counters.get(counterId);
  if (!counter) return unknownCounter(counterId);
  const ticket = serving(state, counter);
  if (!ticket) return refuse(409, 'nothing_called', `Counter ${counterId} has no ticket called. 当前没有正在办理的号。`);
  return { ticket, counter };
}

function unknownCounter(counterId: string): Refusal {
  return refuse(404, 'unknown_counter', `There is no counter "${counterId}". 没有这个窗口。`);
}
