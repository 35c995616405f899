import type { StoredEvent } from '../kernel/events.js';
import type { FollowUp, FollowUpOutcome, Rating, Score } from './rules/rating-types.js';
import type { IgnoredPress } from './rules/ratings-stats.js';
import type { Db, Migration } from '../store/database.js';

export const ratingsMigrations: Migration[] = [
  {
    version: 200,
    name: 'ratings, ignored presses and follow-ups',
    up(db) {
      db.exec(`
        CREATE TABLE ratings (
          id TEXT PRIMARY KEY,
          day TEXT NOT NULL,
          at TEXT NOT NULL,
          counter TEXT NOT NULL,
          staff TEXT,
          ticket_id TEXT UNIQUE,            -- one rating per ticket; NULL = anonymous
          ticket_number TEXT,
          score TEXT NOT NULL CHECK (score IN ('satisfied', 'average', 'unsatisfied')),
          source TEXT NOT NULL,
          has_contact INTEGER NOT NULL
        );
        CREATE INDEX ratings_day ON ratings(day, counter);
        CREATE INDEX ratings_counter_at ON ratings(counter, at);
        CREATE TABLE ignored_presses (
          seq INTEGER PRIMARY KEY AUTOINCREMENT,
          day TEXT NOT NULL,
          at TEXT NOT NULL,
          counter TEXT NOT NULL,
          staff TEXT,
          score TEXT NOT NULL,
          reason TEXT NOT NULL
        );
        CREATE INDEX ignored_presses_day ON ignored_presses(day);
        CREATE TABLE followups (
          id TEXT PRIMARY KEY,
          rating_id TEXT NOT NULL UNIQUE REFERENCES ratings(id),
          ticket_id TEXT NOT NULL,
          counter TEXT NOT NULL,
          staff TEXT,
          score TEXT NOT NULL,
          opened_at TEXT NOT NULL,
          due_at TEXT NOT NULL,
          state TEXT NOT NULL CHECK (state IN ('open', 'escalated', 'closed')),
          outcome TEXT,
          first_outcome TEXT,
          note TEXT,                        -- staff's words; may name the customer, so never in events
          handled_at TEXT,
          handled_by TEXT,
          closed_at TEXT,
          closed_by TEXT
        );
        CREATE INDEX followups_state ON followups(state, due_at);
        CREATE INDEX followups_opened ON followups(opened_at);
      `);
    },
  },
  {
    version: 201,
    name: 'follow-ups without a rating (complaint callbacks)',
    up(db) {
      // A complaint's callback is a follow-up no rating opened: rating_id becomes nullable (SQLite rebuilds the table).
      db.exec(`
        CREATE TABLE followups_new (
          id TEXT PRIMARY KEY,
          rating_id TEXT UNIQUE REFERENCES ratings(id),
          ticket_id TEXT NOT NULL,
          counter TEXT NOT NULL,
          staff TEXT,
          score TEXT NOT NULL,
          opened_at TEXT NOT NULL,
          due_at TEXT NOT NULL,
          state TEXT NOT NULL CHECK (state IN ('open', 'escalated', 'closed')),
          outcome TEXT,
          first_outcome TEXT,
          note TEXT,
          handled_at TEXT,
          handled_by TEXT,
          closed_at TEXT,
          closed_by TEXT
        );
        INSERT INTO followups_new SELECT * FROM followups;
        DROP TABLE followups;
        ALTER TABLE followups_new RENAME TO followups;
        CREATE INDEX followups_state ON followups(state, due_at);
        CREATE INDEX followups_opened ON followups(opened_at);
      `);
    },
  },
  {
    version: 202,
    name: 'follow-up attempts (unreachable calls) and the next attempt',
    up(db) {
      db.exec(`
        ALTER TABLE followups ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE followups ADD COLUMN next_attempt_at TEXT;
      `);
    },
  },
];

const iso = (ms: number) => new Date(ms).toISOString();
const msOf = (text: string | null) => (text === null ? null : Date.parse(text));

interface FollowUpRow {
  id: string;
  rating_id: string | null;
  ticket_id: string;
  counter: string;
  staff: string | null;
  score: Score;
  opened_at: string;
  due_at: string;
  state: FollowUp['state'];
  outcome: FollowUpOutcome | null;
  first_outcome: FollowUpOutcome | null;
  note: string | null;
  handled_at: string | null;
  handled_by: string | null;
  closed_at: string | null;
  closed_by: string | null;
  attempts: number;
  next_attempt_at: string | null;
}

interface RatingRow {
  id: string;
  day: string;
  at: string;
  counter: string;
  staff: string | null;
  ticket_id: string | null;
  ticket_number: string | null;
  score: Score;
  source: Rating['source'];
  has_contact: number;
}

export type FollowUpWithNote = FollowUp & { note: string | null };

function toFollowUp(r: FollowUpRow): FollowUpWithNote {
  return {
    id: r.id,
    ratingId: r.rating_id,
    ticketId: r.ticket_id,
    counter: r.counter,
    staff: r.staff,
    score: r.score,
    openedAt: Date.parse(r.opened_at),
    dueAt: Date.parse(r.due_at),
    state: r.state,
    outcome: r.outcome,
    firstOutcome: r.first_outcome,
    note: r.note,
    handledAt: msOf(r.handled_at),
    handledBy: r.handled_by,
    closedAt: msOf(r.closed_at),
    closedBy: r.closed_by,
    attempts: r.attempts,
    nextAttemptAt: msOf(r.next_attempt_at),
  };
}

function toRating(r: RatingRow): Rating {
  return { id: r.id, day: r.day, at: Date.parse(r.at), counter: r.counter, staff: r.staff, ticketId: r.ticket_id, ticketNumber: r.ticket_number, score: r.score, source: r.source, hasContact: r.has_contact === 1 };
}

/** The ratings' state tables: written only by `project` inside the event store's commit, read by the feature. */
export class RatingsStore {
  constructor(private readonly db: Db) {}

  /** Writes the rows the committed events imply. `notes` carries follow-up notes (kept out of events). */
  project(events: readonly StoredEvent[], notes: ReadonlyMap<string, string> = new Map()): void {
    for (const e of events) {
      switch (e.type) {
        case 'rating.recorded': {
          const p = e.payload;
          this.db
            .prepare(`INSERT INTO ratings (id, day, at, counter, staff, ticket_id, ticket_number, score, source, has_contact) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
            .run(p.ratingId, p.day, e.at, p.counter, p.staff, p.ticketId, p.ticketNumber, p.score, p.source, p.hasContact ? 1 : 0);
          break;
        }
        case 'rating.ignored': {
          const p = e.payload;
          this.db.prepare(`INSERT INTO ignored_presses (day, at, counter, staff, score, reason) VALUES (?, ?, ?, ?, ?, ?)`).run(p.day, e.at, p.counter, p.staff, p.score, p.reason);
          break;
        }
        case 'followup.opened': {
          const p = e.payload;
          this.db
            .prepare(`INSERT INTO followups (id, rating_id, ticket_id, counter, staff, score, opened_at, due_at, state) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'open')`)
            .run(p.followUpId, p.ratingId, p.ticketId, p.counter, p.staff, p.score, e.at, p.dueAt);
          break;
        }
        case 'followup.closed': {
          const p = e.payload;
          this.db
            .prepare(
              `UPDATE followups SET state = ?, outcome = ?, first_outcome = COALESCE(first_outcome, ?), note = COALESCE(?, note),
                 handled_at = COALESCE(handled_at, ?), handled_by = COALESCE(handled_by, ?),
                 closed_at = ?, closed_by = ?, attempts = attempts + ?, next_attempt_at = NULL WHERE id = ?`,
            )
            .run(
              p.escalated ? 'escalated' : 'closed', p.outcome, p.outcome, notes.get(p.followUpId) ?? null, e.at, p.closedBy,
              p.escalated ? null : e.at, p.escalated ? null : p.closedBy, p.outcome === 'unreachable' ? 1 : 0, p.followUpId,
            );
          break;
        }
        case 'followup.rescheduled': {
          const p = e.payload;
          this.db
            .prepare(
              `UPDATE followups SET outcome = 'unreachable', first_outcome = COALESCE(first_outcome, 'unreachable'), note = COALESCE(?, note),
                 handled_at = COALESCE(handled_at, ?), handled_by = COALESCE(handled_by, ?), attempts = ?, next_attempt_at = ? WHERE id = ?`,
            )
            .run(notes.get(p.followUpId) ?? null, e.at, p.by, p.attempt, p.nextAttemptAt, p.followUpId);
          break;
        }
      }
    }
  }

  isRated(ticketId: string): boolean {
    return this.db.prepare('SELECT 1 FROM ratings WHERE ticket_id = ?').get(ticketId) !== undefined;
  }

  lastAcceptedAt(counter: string): number | null {
    return msOf(this.db.prepare('SELECT MAX(at) FROM ratings WHERE counter = ?').pluck().get(counter) as string | null);
  }

  ratingOfTicket(ticketId: string): Rating | null {
    const row = this.db.prepare('SELECT * FROM ratings WHERE ticket_id = ?').get(ticketId) as RatingRow | undefined;
    return row ? toRating(row) : null;
  }

  latestRating(counter: string): Rating | null {
    const row = this.db.prepare('SELECT * FROM ratings WHERE counter = ? ORDER BY at DESC, rowid DESC LIMIT 1').get(counter) as RatingRow | undefined;
    return row ? toRating(row) : null;
  }

  ratingsOfDay(day: string): Rating[] {
    return (this.db.prepare('SELECT * FROM ratings WHERE day = ? ORDER BY at').all(day) as RatingRow[]).map(toRating);
  }

  ignoredOfDay(day: string): IgnoredPress[] {
    return this.db.prepare('SELECT counter, staff FROM ignored_presses WHERE day = ?').all(day) as IgnoredPress[];
  }

  ratingsSince(fromMs: number): number {
    return this.db.prepare('SELECT COUNT(*) FROM ratings WHERE at >= ?').pluck().get(iso(fromMs)) as number;
  }

  followUp(id: string): FollowUpWithNote | null {
    const row = this.db.prepare('SELECT * FROM followups WHERE id = ?').get(id) as FollowUpRow | undefined;
    return row ? toFollowUp(row) : null;
  }

  /** Not closed, or handled since `handledSince`: what today's stats look at. */
  followUpsForStats(handledSince: number): FollowUpWithNote[] {
    return (this.db.prepare(`SELECT * FROM followups WHERE state != 'closed' OR handled_at >= ?`).all(iso(handledSince)) as FollowUpRow[]).map(toFollowUp);
  }

  followUpsOpenedSince(fromMs: number): FollowUpWithNote[] {
    return (this.db.prepare('SELECT * FROM followups WHERE opened_at >= ?').all(iso(fromMs)) as FollowUpRow[]).map(toFollowUp);
  }

  /** Follow-ups in given states, oldest due first (closed ones: newest closed first). */
  followUpsIn(states: readonly FollowUp['state'][], limit = 500): FollowUpWithNote[] {
    const marks = states.map(() => '?').join(', ');
    const order = states.length === 1 && states[0] === 'closed' ? 'closed_at DESC' : 'COALESCE(next_attempt_at, due_at) ASC';
    return (this.db.prepare(`SELECT * FROM followups WHERE state IN (${marks}) ORDER BY ${order} LIMIT ?`).all(...states, limit) as FollowUpRow[]).map(toFollowUp);
  }
}
