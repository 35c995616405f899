import { randomBytes } from 'node:crypto';
import type { FrontdeskConfig } from '../../config/schema/index.js';
import type { Clock } from '../kernel/clock.js';
import { isEventOf, type NewEvent, type Stored } from '../kernel/events.js';
import { localDay } from '../kernel/local-time.js';
import { isRefusal, refuse, type Refusal } from '../kernel/refusal.js';
import { upcomingFor } from './rules/call-order.js';
import * as commands from './rules/queue-commands.js';
import { applyQueueEvent, RECENT_CALLS_KEPT, type QueueRules, type QueueState, type Ticket } from './rules/queue-state.js';
import { averageServiceSec, estimateWaitSec } from './rules/wait-estimate.js';
import type { EventStore } from '../store/event-store.js';
import { QueueStore, type FinishedAtCounter, type TicketContact } from './queue-store.js';

/** What the queue needs from a printer (devices/printer implements it). */
export interface TicketPrinter {
  print(ticket: TicketPrintout): Promise<{ printed: true; bytes: number } | { printed: false; reason: string }>;
}

export interface TicketPrintout {
  siteName: { zh: string; en: string };
  number: string;
  serviceName: { zh: string; en: string };
  issuedAt: string;
  timezone: string;
  ahead: number;
  estimatedWaitSec: number;
  qrUrl: string;
}

export interface IssuedTicket {
  id: string;
  number: string;
  service: string;
  issuedAt: string;
  ahead: number;
  estimatedWaitSec: number;
  printed: boolean;
  printError?: string;
  qrUrl: string;
}

export type CounterAction = 'next' | 'recall' | 'skip' | 'finish' | 'transfer' | 'pause' | 'resume';

/**
 * The queue as the rest of the service sees it: commands are decided by the pure core, committed
 * with their state rows in one transaction, and only then answered or printed.
 */
export class QueueService {
  private state: QueueState;
  private model: commands.QueueModel<FrontdeskConfig['services'][number]>;
  private rules: QueueRules;
  private readonly rows: QueueStore;
  private printQueue: Promise<unknown> = Promise.resolve();

  constructor(
    private config: FrontdeskConfig,
    private readonly store: EventStore,
    private readonly clock: Clock,
    private readonly printer: TicketPrinter | null,
    private readonly publicBaseUrl: () => string,
  ) {
    this.rules = config.queue;
    this.model = queueModel(config);
    this.rows = new QueueStore(store.db);
    this.state = this.load();
  }

  /**
   * A saved config is in force: services, counters, hours and rules follow at once. Tickets and
   * counter states are read back from their rows, so waiting tickets and open counters stay.
   */
  reconfigure(next: FrontdeskConfig): void {
    this.config = next;
    this.rules = next.queue;
    this.model = queueModel(next);
    this.state = this.load();
  }

  private load(): QueueState {
    // The board's last calls, recalls included, as the live state keeps them: from the event log.
    const recentCalls = this.store.latestOf(['ticket.called', 'ticket.recalled'], RECENT_CALLS_KEPT);
    return this.rows.load(localDay(this.clock.now(), this.config.site.timezone), this.config.counters.map((c) => c.id), this.rules, recentCalls);
  }

  /** Issues a ticket: committed first, then printed; the answer says whether it printed. */
  async issue(serviceId: string, contact: { member?: string; phone?: string } = {}): Promise<IssuedTicket | Refusal> {
    const hasContact = Boolean(contact.member || contact.phone);
    const decision = commands.issueTicket(this.state, this.model, { now: this.clock.now(), newId: newTicketId }, serviceId, hasContact);
    const stored = this.commit(decision, (events) => {
      if (hasContact) this.rows.writeContact(events[0].payload.ticketId, contact.member ?? null, contact.phone ?? null);
    });
    if (isRefusal(stored)) return stored;
    const ticket = this.state.tickets.get(stored[0].payload.ticketId)!;
    const view = this.ticketView(ticket);
    const issued: IssuedTicket = {
      id: ticket.id,
      number: ticket.number,
      service: ticket.service,
      issuedAt: stored[0].at,
      ahead: view.ahead,
      estimatedWaitSec: view.estimatedWaitSec,
      printed: false,
      qrUrl: `${this.publicBaseUrl()}/t/${ticket.id}`,
    };
    const result = await this.print(issued);
    if (result.printed) {
      this.commit([{ type: 'ticket.printed', payload: { ticketId: ticket.id, number: ticket.number, bytes: result.bytes } }]);
      issued.printed = true;
    } else issued.printError = result.reason;
    return issued;
  }

  /** Waiting tickets whose paper never came out (printer out of paper, offline, or none), oldest first. */
  unprinted(): Ticket[] {
    return [...this.state.tickets.values()].filter((t) => t.state === 'waiting' && !t.printed).sort((a, b) => a.arrival - b.arrival);
  }

  /**
   * Prints a waiting ticket that did not print when issued (staff, from /desk). The paper is built
   * from that ticket alone (its number, service, position and its own QR code) and committed as
   * `ticket.printed` with who reprinted it. A printer still down refuses and changes nothing.
   */
  async reprint(ticketId: string, staff: string): Promise<{ ticket: Ticket; bytes: number } | Refusal> {
    const ticket = this.state.tickets.get(ticketId);
    if (!ticket) return refuse(404, 'unknown_ticket', '查无此号 · No such ticket today.');
    if (ticket.printed) return refuse(409, 'already_printed', `${ticket.number} 已打印，无需补打 · ${ticket.number} was printed already.`);
    if (ticket.state !== 'waiting') return refuse(409, 'not_waiting', `${ticket.number} 已叫号或已结束，无需补打 · ${ticket.number} is no longer waiting.`);
    const view = this.ticketView(ticket);
    const result = await this.print({
      id: ticket.id,
      number: ticket.number,
      service: ticket.service,
      issuedAt: new Date(ticket.issuedAt).toISOString(),
      ahead: view.ahead,
      estimatedWaitSec: view.estimatedWaitSec,
      printed: false,
      qrUrl: `${this.publicBaseUrl()}/t/${ticket.id}`,
    });
    if (!result.printed) return refuse(503, 'printer_unavailable', '打印机仍不可用，请先按设备状态排除故障 · The printer is still unavailable: fix it first (see the device tiles).');
    // Another reprint of the same ticket may have finished while this one printed: record one.
    if (!ticket.printed) this.commit([{ type: 'ticket.printed', payload: { ticketId: ticket.id, number: ticket.number, bytes: result.bytes, reprintedBy: staff } }]);
    return { ticket, bytes: result.bytes };
  }

  /** One ticket at a time goes to the printer, in issue order. */
  private print(ticket: IssuedTicket): Promise<{ printed: true; bytes: number } | { printed: false; reason: string }> {
    if (!this.printer) return Promise.resolve({ printed: false, reason: 'no printer configured' });
    const service = this.model.services.get(ticket.service)!;
    const printout: TicketPrintout = {
      siteName: this.config.site.name,
      number: ticket.number,
      serviceName: service.name,
      issuedAt: ticket.issuedAt,
      timezone: this.config.site.timezone,
      ahead: ticket.ahead,
      estimatedWaitSec: ticket.estimatedWaitSec,
      qrUrl: ticket.qrUrl,
    };
    const job = this.printQueue.then(() =>
      this.printer!.print(printout).catch((err: Error) => ({ printed: false as const, reason: err.message })),
    );
    this.printQueue = job;
    return job;
  }

  /** `argument`: the service a transfer goes to, or the reason of a pause. */
  counterAction(counterId: string, action: CounterAction, staff: string, argument?: string): { ticket: Ticket | null } | Refusal {
    const now = this.clock.now();
    let decision: commands.Decision;
    switch (action) {
      case 'next':
        decision = commands.callNext(this.state, this.model, counterId, staff, now);
        break;
      case 'recall':
        decision = commands.recall(this.state, counterId, staff);
        break;
      case 'skip':
        decision = commands.skip(this.state, this.model, counterId, staff);
        break;
      case 'finish':
        decision = commands.finish(this.state, counterId, staff, now);
        break;
      case 'transfer':
        decision = commands.transfer(this.state, this.model, counterId, staff, argument ?? '');
        break;
      case 'pause':
        decision = commands.pause(this.state, this.model, counterId, staff, argument ?? '');
        break;
      case 'resume':
        decision = commands.resume(this.state, counterId, staff);
        break;
    }
    const stored = this.commit(decision);
    if (isRefusal(stored)) return stored;
    // `next` answers the ticket it called (none on an empty queue), not the one it finished on the way.
    const answered = action === 'next' ? stored.find(isEventOf('ticket.called')) : stored.at(-1);
    const ticketId = answered && 'ticketId' in answered.payload ? answered.payload.ticketId : null;
    return { ticket: ticketId ? (this.state.tickets.get(ticketId) ?? null) : null };
  }

  private commit<E extends NewEvent>(decision: readonly E[] | Refusal, extra?: (events: readonly Stored<E>[]) => void): Stored<E>[] | Refusal {
    if (isRefusal(decision)) return decision;
    try {
      return this.store.commit(decision, (events) => {
        for (const event of events) {
          const dayBefore = this.state.day;
          const touched = applyQueueEvent(this.state, event, this.rules);
          if (this.state.day !== dayBefore) this.rows.writeDay(this.state);
          for (const id of touched.tickets) {
            const serviceSec = event.type === 'ticket.finished' ? event.payload.serviceSec : null;
            this.rows.writeTicket(this.state.tickets.get(id)!, serviceSec);
          }
          for (const id of touched.counters) this.rows.writeCounter(this.state, id);
        }
        extra?.(events);
      });
    } catch (err) {
      // The transaction rolled back: the in-memory state may be ahead of the disk, so reload it.
      this.state = this.load();
      throw err;
    }
  }

  ticket(id: string): Ticket | undefined {
    return this.state.tickets.get(id);
  }

  /** The ticket each counter finished last (other features ask here instead of reading the tables). */
  lastFinishedByCounter(): FinishedAtCounter[] {
    return this.rows.lastFinishedByCounter();
  }

  /** A ticket's number and contact, for the staff's callback list only. */
  ticketContact(ticketId: string): TicketContact | null {
    return this.rows.contact(ticketId);
  }

  /** Staff signed in at a counter now, or null. */
  counterStaff(counterId: string): string | null {
    return this.state.counters.get(counterId)?.staff ?? null;
  }

  /** Position of a ticket: waiting ahead of it in its service, the estimate, and the numbers its service is serving now. */
  ticketView(ticket: Ticket): { ahead: number; estimatedWaitSec: number; nowServing: string[] } {
    let ahead = 0;
    const nowServing: string[] = [];
    for (const other of this.state.tickets.values()) {
      if (other.state === 'waiting' && other.service === ticket.service && other.arrival < ticket.arrival) ahead++;
      if (other.state === 'called' && other.service === ticket.service) nowServing.push(other.number);
    }
    return { ahead, estimatedWaitSec: this.estimate(ticket.service, ahead), nowServing };
  }

  private estimate(serviceId: string, ahead: number): number {
    const service = this.model.services.get(serviceId)!;
    const open = service.counters.filter((c) => this.state.counters.get(c)?.state === 'open').length;
    return estimateWaitSec(ahead, averageServiceSec(this.state.serviceTimes[serviceId], service.defaultServiceSec), open, service.defaultServiceSec);
  }

  /** `GET /api/queue` and the retained `queue` topic: no personal data. */
  snapshot(): object {
    const now = this.clock.now();
    const waiting = [...this.state.tickets.values()].filter((t) => t.state === 'waiting');
    return {
      day: this.state.day,
      services: this.config.services.map((s) => {
        const mine = waiting.filter((t) => t.service === s.id);
        const oldest = mine.reduce((min, t) => Math.min(min, t.firstIssuedAt), Infinity);
        return {
          id: s.id,
          letter: s.letter,
          waiting: mine.length,
          oldestWaitSec: mine.length ? Math.max(0, Math.round((now - oldest) / 1000)) : 0,
          estimatedWaitSec: this.estimate(s.id, mine.length),
        };
      }),
      counters: [...this.state.counters.values()].map((c) => {
        const serving = c.serving ? this.state.tickets.get(c.serving) : undefined;
        return {
          id: c.id,
          state: c.state,
          staff: c.staff,
          serving: serving ? { id: serving.id, number: serving.number, service: serving.service, calledAt: new Date(serving.calledAt!).toISOString(), recalls: serving.recalls, waitSec: Math.round(((serving.calledAt ?? now) - serving.firstIssuedAt) / 1000) } : null,
          next: upcomingFor(this.state, c, this.model.servedBy.get(c.id)!, this.rules.alternation, 2).map((t) => ({ id: t.id, number: t.number, service: t.service })),
        };
      }),
      recentCalls: this.state.recentCalls.map((c) => ({ ticketId: c.ticketId, number: c.number, service: c.service, counter: c.counter, at: new Date(c.at).toISOString() })),
    };
  }
}

function queueModel(config: FrontdeskConfig): commands.QueueModel<FrontdeskConfig['services'][number]> {
  return {
    timezone: config.site.timezone,
    hours: config.hours,
    rules: config.queue,
    services: new Map(config.services.map((s) => [s.id, s])),
    servedBy: new Map(config.counters.map((c) => [c.id, new Set(config.services.filter((s) => s.counters.includes(c.id)).map((s) => s.id))])),
  };
}

/** 10 base-32 characters (50 random bits): short in the QR code, unguessable for the status page. */
export function newTicketId(): string {
  const alphabet = 'abcdefghijkmnpqrstuvwxyz23456789';
  return [...randomBytes(10)].map((b) => alphabet[b & 31]).join('');
}
