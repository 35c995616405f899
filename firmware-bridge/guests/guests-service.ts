import { randomUUID } from 'node:crypto';
import type { FrontdeskConfig } from '../../config/schema/index.js';
import type { Clock, ClockTimer } from '../kernel/clock.js';
import { isoLocal, localDay } from '../kernel/local-time.js';
import { refuse, type Refusal } from '../kernel/refusal.js';
import type { EventStore } from '../store/event-store.js';
import type { Db } from '../store/database.js';
import { completeBy, isOverdue, retentionCutoffDay, salesOnDuty } from './rules/guest-rules.js';
import { GuestsStore, type GuestRow } from './guests-store.js';

const DAY_MS = 24 * 3600_000;

export interface GuestsServiceOptions {
  config: FrontdeskConfig;
  db: Db;
  store: EventStore;
  clock: Clock;
}

export interface GuestView {
  id: string;
  name: string;
  phone: string;
  purpose: string;
  appointment: string | null;
  referredBy: string | null;
  sales: { number: string; name: string } | null;
  outcome: string | null;
  visitAt: string;
  completeBy: string;
  completedAt: string | null;
  overdue: boolean;
}

export interface GuestRegistration {
  name: string;
  phone: string;
  purpose: string;
  appointment?: string;
  referredBy?: string;
}

/**
 * Guest registration (docs/domain.md#guest-registration): one form, handed to the sales person on
 * duty, completed within `completeWithinMinutes`. Names and phones stay in this feature's table;
 * events carry ids only, and the records are deleted after `retentionDays`.
 */
export class GuestsService {
  readonly guests: GuestsStore;
  private readonly tz: string;
  private timer: ClockTimer | null = null;

  constructor(private readonly o: GuestsServiceOptions) {
    this.guests = new GuestsStore(o.db);
    this.tz = o.config.site.timezone;
  }

  register(req: GuestRegistration, staff: string): GuestView {
    const now = this.o.clock.now();
    const [sales] = salesOnDuty(this.o.config.guests.salesRoster, now, this.tz);
    const row: GuestRow = {
      id: randomUUID(),
      name: req.name,
      phone: req.phone,
      purpose: req.purpose,
      appointment: req.appointment ?? null,
      referredBy: req.referredBy ?? null,
      salesNumber: sales?.number ?? null,
      salesName: sales?.name ?? null,
      outcome: null,
      visitMs: now,
      visitDay: localDay(now, this.tz),
      completedMs: null,
      staff,
    };
    this.o.store.commit(
      [{ type: 'guest.registered', payload: { guestId: row.id, salesStaff: row.salesNumber, hasAppointment: row.appointment !== null, referred: row.referredBy !== null, staff } }],
      () => this.guests.insert(row),
    );
    return this.view(row);
  }

  /** Completes the record (once): the visit's outcome, with any corrections to the form. */
  complete(id: string, req: { purpose?: string; appointment?: string | null; referredBy?: string | null; outcome: string }, staff: string): GuestView | Refusal {
    const row = this.guests.get(id);
    if (!row) return refuse(404, 'unknown_guest', '没有这条来访登记 · No such guest record');
    if (row.completedMs !== null) return refuse(409, 'already_completed', '这条来访登记已完成 · This guest record is already completed');
    const now = this.o.clock.now();
    const overdue = isOverdue(row, now, this.o.config.guests.completeWithinMinutes);
    const done = {
      id,
      purpose: req.purpose ?? row.purpose,
      appointment: req.appointment === undefined ? row.appointment : req.appointment,
      referredBy: req.referredBy === undefined ? row.referredBy : req.referredBy,
      outcome: req.outcome,
      completedMs: now,
    };
    this.o.store.commit([{ type: 'guest.completed', payload: { guestId: id, overdue, staff } }], () => this.guests.complete(done));
    return this.view(this.guests.get(id)!);
  }

  /** A day's guests, and every record still open whose time to complete has passed. */
  list(day: string): { guests: GuestView[]; overdue: GuestView[] } {
    const now = this.o.clock.now();
    const within = this.o.config.guests.completeWithinMinutes;
    return { guests: this.guests.onDay(day).map((r) => this.view(r)), overdue: this.guests.open().filter((r) => isOverdue(r, now, within)).map((r) => this.view(r)) };
  }

  /** Deletes the records past retention, then waits a day (on the injected clock) for the next purge. */
  purge(): number {
    const beforeDay = retentionCutoffDay(this.o.clock.now(), this.tz, this.o.config.guests.retentionDays);
    const count = this.guests.countBefore(beforeDay);
    // The deletion and the event saying so are one transaction.
    if (count > 0) this.o.store.commit([{ type: 'guest.purged', payload: { count, beforeDay } }], () => this.guests.deleteBefore(beforeDay));
    this.stop();
    this.timer = this.o.clock.setTimeout(() => this.purge(), DAY_MS);
    return count;
  }

  stop(): void {
    if (this.timer) this.o.clock.clearTimeout(this.timer);
    this.timer = null;
  }

  private view(r: GuestRow): GuestView {
    const within = this.o.config.guests.completeWithinMinutes;
    return {
      id: r.id,
      name: r.name,
      phone: r.phone,
      purpose: r.purpose,
      appointment: r.appointment,
      referredBy: r.referredBy,
      sales: r.salesNumber ? { number: r.salesNumber, name: r.salesName ?? '' } : null,
      outcome: r.outcome,
      visitAt: isoLocal(r.visitMs, this.tz),
      completeBy: isoLocal(completeBy(r.visitMs, within), this.tz),
      completedAt: r.completedMs === null ? null : isoLocal(r.completedMs, this.tz),
      overdue: isOverdue(r, this.o.clock.now(), within),
    };
  }
}
