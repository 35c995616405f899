import { randomUUID } from 'node:crypto';
import type { Clock } from '../kernel/clock.js';
import { isoLocal } from '../kernel/local-time.js';
import { refuse, type Refusal } from '../kernel/refusal.js';
import type { Db } from '../store/database.js';
import type { EventStore } from '../store/event-store.js';
import { ComplaintsStore } from './complaints-store.js';
import { callbackDueAt, closeComplaint, openComplaint, openedEvent, type Complaint } from './rules/complaint-rules.js';

/** What complaints asks of the ratings feature (its service, from `ctx.services`): callbacks live on its follow-up list. */
export interface CallbackList {
  openCallback(req: { ticketId: string; counter: string; staff: string | null; dueAt: number }): { id: string };
}

/** The follow-up list's counter column for callbacks a complaint opened. */
export const complaintCallbackCounter = 'complaints';

export interface ComplaintsServiceOptions {
  db: Db;
  store: EventStore;
  clock: Clock;
  timezone: string;
  /** The ratings feature's service, asked for when a callback is due (none: the complaint has no callback). */
  callbacks: () => CallbackList | undefined;
}

/** Complaints (docs/domain.md#complaints): opened by whoever first took it, routed to the duty manager, closed with cause and action. */
export class ComplaintsService {
  private readonly complaints: ComplaintsStore;

  constructor(private readonly o: ComplaintsServiceOptions) {
    this.complaints = new ComplaintsStore(o.db);
  }

  /**
   * The callback is opened on the follow-up list first, then the complaint that names it is
   * committed: a crash in between leaves a callback too many, never a complaint without one.
   */
  open(req: { what: string; ticketId?: string | null; contact?: string | null; solution?: string | null }, owner: { number: string; name: string }): Complaint {
    const at = this.o.clock.now();
    const complaint = openComplaint({ id: randomUUID(), what: req.what, ticketId: req.ticketId ?? null, contact: req.contact ?? null, solution: req.solution ?? null, owner, at });
    const callbacks = this.o.callbacks();
    if (callbacks)
      complaint.followUpId = callbacks.openCallback({ ticketId: complaint.ticketId ?? `complaint:${complaint.id}`, counter: complaintCallbackCounter, staff: owner.number, dueAt: callbackDueAt(at) }).id;
    this.o.store.commit([openedEvent(complaint)], () => this.complaints.save(complaint));
    return complaint;
  }

  close(id: string, req: { cause?: string | null; action?: string | null; solution?: string | null }, by: { number: string; roles: readonly string[] }): Complaint | Refusal {
    const current = this.complaints.get(id);
    if (!current) return refuse(404, 'unknown_complaint', `没有这条投诉 · There is no complaint "${id}".`);
    const result = closeComplaint(current, { cause: req.cause, action: req.action, solution: req.solution ?? null, by, at: this.o.clock.now() });
    if ('refused' in result) return result;
    this.o.store.commit([result.event], () => this.complaints.save(result.complaint));
    return result.complaint;
  }

  get(id: string): Complaint | undefined {
    return this.complaints.get(id);
  }

  /** Open complaints, oldest first: the duty manager's list and the shift handover's. */
  openComplaints(): Complaint[] {
    return this.complaints.list('open');
  }

  list(state: Complaint['state']): Complaint[] {
    return this.complaints.list(state);
  }

  view(c: Complaint) {
    const at = (ms: number | null) => (ms === null ? null : isoLocal(ms, this.o.timezone));
    return {
      id: c.id,
      ticketId: c.ticketId,
      what: c.what,
      contact: c.contact,
      owner: { number: c.owner, name: c.ownerName },
      routedTo: 'manager' as const,
      openedAt: at(c.openedAt)!,
      solution: c.solution,
      callback: { followUpId: c.followUpId, dueAt: at(callbackDueAt(c.openedAt))! },
      state: c.state,
      cause: c.cause,
      action: c.action,
      closedBy: c.closedBy,
      closedAt: at(c.closedAt),
    };
  }
}
