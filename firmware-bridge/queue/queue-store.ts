import type { Db, Migration } from '../store/database.js';
import { addDays } from '../kernel/local-time.js';
import type { StoredEvent } from '../kernel/events.js';
import { emptyQueueState, type QueueRules, type QueueState, type Ticket } from './rules/queue-state.js';

export const queueMigrations: Migration[] = [
  {
    version: 100,
    name: 'tickets and counters',
    up(db) {
      db.exec(`
        CREATE TABLE tickets (
          id TEXT PRIMARY KEY,
          day TEXT NOT NULL,
          service TEXT NOT NULL,
          number TEXT NOT NULL,
          state TEXT NOT NULL,
          priority INTEGER NOT NULL,
          arrival INTEGER NOT NULL,
          issued_at TEXT NOT NULL,
          first_issued_at TEXT NOT NULL,
          called_at TEXT,
          finished_at TEXT,
          counter TEXT,
          staff TEXT,
          recalls INTEGER NOT NULL DEFAULT 0,
          service_sec INTEGER,
          printed INTEGER NOT NULL DEFAULT 0,
          member_card TEXT,
          phone TEXT
        ) WITHOUT ROWID; -- one B-tree keyed by id: fewer pages written per durable action
        -- A number never repeats within a day; the index also serves the day's lookups.
        CREATE UNIQUE INDEX tickets_day_number ON tickets(day, number);
        CREATE TABLE counters (
          id TEXT PRIMARY KEY,
          state TEXT NOT NULL,
          serving TEXT,
          staff TEXT,
          priority_run INTEGER NOT NULL DEFAULT 0,
          normal_run INTEGER NOT NULL DEFAULT 0
        );
        CREATE TABLE queue_days (day TEXT PRIMARY KEY, last_arrival INTEGER NOT NULL);
      `);
    },
  },
];

/** Service times older than this do not describe today's pace. */
const ESTIMATE_LOOKBACK_DAYS = 14;

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
const ms = (text: string | null) => (text === null ? null : Date.parse(text));

interface TicketRow {
  id: string;
  day: string;
  service: string;
  number: string;
  state: Ticket['state'];
  priority: number;
  arrival: number;
  issued_at: string;
  first_issued_at: string;
  called_at: string | null;
  finished_at: string | null;
  counter: string | null;
  staff: string | null;
  recalls: number;
  printed: number;
}

export interface FinishedAtCounter {
  ticketId: string;
  number: string;
  counter: string;
  staff: string | null;
  finishedAt: number;
}

/** Contact details a customer left when taking the ticket: local only, for the staff's callback. */
export interface TicketContact {
  number: string;
  memberCard: string | null;
  phone: string | null;
}

/** Writes the queue's state rows; called inside the event store's commit transaction. */
export class QueueStore {
  private readonly upsertTicket;
  private readonly upsertCounter;
  private readonly setContact;

  constructor(private readonly db: Db) {
    this.upsertTicket = db.prepare(`
      INSERT INTO tickets (id, day, service, number, state, priority, arrival, issued_at, first_issued_at, called_at, finished_at, counter, staff, recalls, service_sec, printed)
      VALUES (@id, @day, @service, @number, @state, @priority, @arrival, @issuedAt, @firstIssuedAt, @calledAt, @finishedAt, @counter, @staff, @recalls, @serviceSec, @printed)
      ON CONFLICT(id) DO UPDATE SET service = excluded.service, state = excluded.state, issued_at = excluded.issued_at,
        called_at = excluded.called_at, finished_at = excluded.finished_at, counter = excluded.counter, staff = excluded.staff,
        recalls = excluded.recalls, service_sec = COALESCE(excluded.service_sec, tickets.service_sec), printed = excluded.printed`);
    this.upsertCounter = db.prepare(`
      INSERT INTO counters (id, state, serving, staff, priority_run, normal_run) VALUES (@id, @state, @serving, @staff, @priorityRun, @normalRun)
      ON CONFLICT(id) DO UPDATE SET state = excluded.state, serving = excluded.serving, staff = excluded.staff,
        priority_run = excluded.priority_run, normal_run = excluded.normal_run`);
    this.setContact = db.prepare('UPDATE tickets SET member_card = ?, phone = ? WHERE id = ?');
  }

  writeTicket(ticket: Ticket, serviceSec: number | null = null): void {
    this.upsertTicket.run({
      ...ticket,
      priority: ticket.priority ? 1 : 0,
      printed: ticket.printed ? 1 : 0,
      issuedAt: iso(ticket.issuedAt),
      firstIssuedAt: iso(ticket.firstIssuedAt),
      calledAt: iso(ticket.calledAt),
      finishedAt: iso(ticket.finishedAt),
      serviceSec,
    });
  }

  writeCounter(state: QueueState, id: string): void {
    this.upsertCounter.run(state.counters.get(id)!);
  }

  writeDay(state: QueueState): void {
    this.db.prepare('INSERT INTO queue_days (day, last_arrival) VALUES (?, ?) ON CONFLICT(day) DO UPDATE SET last_arrival = excluded.last_arrival').run(state.day, state.lastArrival);
  }

  /** Contact details stay in this table only: never in events, never in telemetry. */
  writeContact(ticketId: string, memberCard: string | null, phone: string | null): void {
    this.setContact.run(memberCard, phone, ticketId);
  }

  /** The ticket each counter finished last, on any day (the ratings feature rates it after a restart). */
  lastFinishedByCounter(): FinishedAtCounter[] {
    const rows = this.db
      .prepare(
        `SELECT t.id, t.number, t.counter, t.staff, t.finished_at FROM tickets t
         WHERE t.state = 'finished' AND t.counter IS NOT NULL AND t.finished_at IS NOT NULL
           AND t.finished_at = (SELECT MAX(finished_at) FROM tickets u WHERE u.counter = t.counter AND u.state = 'finished')`,
      )
      .all() as { id: string; number: string; counter: string; staff: string | null; finished_at: string }[];
    return rows.map((r) => ({ ticketId: r.id, number: r.number, counter: r.counter, staff: r.staff, finishedAt: Date.parse(r.finished_at) }));
  }

  /** A ticket's number and contact, or null for an unknown ticket. */
  contact(ticketId: string): TicketContact | null {
    const row = this.db.prepare('SELECT number, member_card, phone FROM tickets WHERE id = ?').get(ticketId) as { number: string; member_card: string | null; phone: string | null } | undefined;
    return row ? { number: row.number, memberCard: row.member_card, phone: row.phone } : null;
  }

  /**
   * Rebuilds the live queue after a restart: the latest opening day's tickets and every counter.
   * `recentCalls` are the board's last calls from the event log, newest first.
   */
  load(today: string, counterIds: string[], rules: QueueRules, recentCalls: readonly StoredEvent<'ticket.called' | 'ticket.recalled'>[]): QueueState {
    const latestDay = this.db.prepare('SELECT MAX(day) FROM queue_days').pluck().get() as string | null;
    const day = latestDay && latestDay > today ? latestDay : today;
    const state = emptyQueueState(day, counterIds);
    state.lastArrival = (this.db.prepare('SELECT COALESCE(MAX(arrival), 0) FROM tickets').pluck().get() as number) ?? 0;
    const rows = this.db.prepare('SELECT * FROM tickets WHERE day = ? ORDER BY arrival').all(day) as TicketRow[];
    for (const row of rows) {
      const ticket: Ticket = {
        id: row.id,
        day: row.day,
        service: row.service,
        number: row.number,
        priority: row.priority === 1,
        state: row.state,
        arrival: row.arrival,
        issuedAt: ms(row.issued_at)!,
        firstIssuedAt: ms(row.first_issued_at)!,
        calledAt: ms(row.called_at),
        finishedAt: ms(row.finished_at),
        counter: row.counter,
        staff: row.staff,
        recalls: row.recalls,
        printed: row.printed === 1,
      };
      state.tickets.set(ticket.id, ticket);
      const letter = ticket.number[0];
      // Numbers issued today, including transferred-in ones, keep their letter's highest number.
      state.lastNumber[letter] = Math.max(state.lastNumber[letter] ?? 0, Number(ticket.number.slice(1)));
    }
    for (const row of this.db.prepare('SELECT * FROM counters').all() as { id: string; state: 'open' | 'paused'; serving: string | null; staff: string | null; priority_run: number; normal_run: number }[]) {
      const counter = state.counters.get(row.id);
      if (!counter) continue; // a counter removed from config
      Object.assign(counter, { state: row.state, serving: state.tickets.has(row.serving ?? '') ? row.serving : null, staff: row.staff, priorityRun: row.priority_run, normalRun: row.normal_run });
    }
    const times = this.db
      // Recent days only (the day index): the start must not read years of tickets.
      .prepare(`SELECT service, service_sec FROM (SELECT service, service_sec, ROW_NUMBER() OVER (PARTITION BY service ORDER BY finished_at DESC) AS rn
                FROM tickets WHERE day >= ? AND state = 'finished' AND service_sec IS NOT NULL) WHERE rn <= ? ORDER BY rn DESC`)
      .all(addDays(day, -ESTIMATE_LOOKBACK_DAYS), rules.estimateWindow) as { service: string; service_sec: number }[];
    for (const t of times) (state.serviceTimes[t.service] ??= []).push(t.service_sec);
    for (const call of recentCalls) {
      const { ticketId, number, service, counter } = call.payload;
      if (state.tickets.has(ticketId)) state.recentCalls.push({ ticketId, number, service, counter, at: Date.parse(call.at) });
    }
    return state;
  }
}
