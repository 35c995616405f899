import { randomUUID } from 'node:crypto';
import type { Clock } from '../kernel/clock.js';
import { isEventOf, type EventType, type NewEvent, type Stored, type StoredEvent } from '../kernel/events.js';
import type { Db, Migration } from './database.js';

export const eventStoreMigrations: Migration[] = [
  {
    version: 1,
    name: 'event log and metadata',
    up(db) {
      db.exec(`
        -- Append-only; only retention deletes old rows, and it always keeps the newest, so the rowid
        -- alone keeps seq increasing (no AUTOINCREMENT, which would write sqlite_sequence on every commit).
        CREATE TABLE events (
          seq INTEGER PRIMARY KEY,
          -- randomUUID() is unique; nothing looks events up by id, so no index is written for it.
          id TEXT NOT NULL,
          type TEXT NOT NULL,
          at TEXT NOT NULL,
          payload TEXT NOT NULL
        );
        CREATE INDEX events_announcements ON events(at) WHERE type = 'announcement.played';
        CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
      `);
    },
  },
];

/** Writes state rows for the events being committed; runs inside the commit's transaction. */
export type Projection<E extends StoredEvent = StoredEvent> = (events: readonly E[]) => void;

interface EventRow {
  seq: number;
  id: string;
  type: EventType;
  at: string;
  payload: string;
}

/** Only this store writes the log, so a row's payload is the one its type's commit serialised. */
function fromRow(row: EventRow): StoredEvent {
  return { ...row, payload: JSON.parse(row.payload) as StoredEvent['payload'] } as StoredEvent;
}

/**
 * The event log. `commit` appends events and runs the projection in ONE transaction: either the
 * events and every state change they imply are on disk, or none is. Listeners hear of events only
 * after the commit returned, so nothing is acknowledged before it is durable.
 */
export class EventStore {
  private readonly insert;
  private readonly listeners = new Set<(events: readonly StoredEvent[]) => void>();

  constructor(
    readonly db: Db,
    private readonly clock: Clock,
  ) {
    this.insert = db.prepare('INSERT INTO events (id, type, at, payload) VALUES (?, ?, ?, ?)');
  }

  /** The stored events come back typed as the events given (a commit of key.returned gives key.returned). */
  commit<E extends NewEvent>(newEvents: readonly E[], project?: Projection<Stored<E>>): Stored<E>[] {
    if (newEvents.length === 0) return [];
    const at = new Date(this.clock.now()).toISOString();
    const stored = this.db.transaction(() => {
      const events = newEvents.map((e) => {
        const id = randomUUID();
        const info = this.insert.run(id, e.type, at, JSON.stringify(e.payload));
        // Each element keeps its own type/payload pair; TypeScript cannot follow that through a generic map.
        return { id, seq: Number(info.lastInsertRowid), type: e.type, at, payload: e.payload } as Stored<E>;
      });
      project?.(events);
      return events;
    })();
    for (const listener of this.listeners) {
      try {
        listener(stored);
      } catch {
        // A listener's bug must not turn a committed action into a failed request.
      }
    }
    return stored;
  }

  /** Called after every commit, in commit order. Returns an unsubscribe function. */
  onCommitted(listener: (events: readonly StoredEvent[]) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  readAfter(seq: number, limit = 500): StoredEvent[] {
    const rows = this.db.prepare('SELECT seq, id, type, at, payload FROM events WHERE seq > ? ORDER BY seq LIMIT ?').all(seq, limit) as EventRow[];
    return rows.map(fromRow);
  }

  /** The latest `limit` events of these types, newest first. */
  latestOf<T extends EventType>(types: readonly T[], limit: number): StoredEvent<T>[] {
    const marks = types.map(() => '?').join(', ');
    const rows = this.db.prepare(`SELECT seq, id, type, at, payload FROM events WHERE type IN (${marks}) ORDER BY seq DESC LIMIT ?`).all(...types, limit) as EventRow[];
    return rows.map(fromRow).filter(isEventOf(...types));
  }

  /** Events committed in [fromIso, toIso), in commit order; only `types` when given (reports read periods). */
  between(fromIso: string, toIso: string, types?: readonly EventType[]): StoredEvent[] {
    // The types as literals, not parameters: only then can SQLite use a partial index over them (reports' events_followups).
    if (types?.some((t) => !/^[a-z_.]+$/.test(t))) throw new Error('not an event type');
    const typeFilter = types ? ` AND type IN (${types.map((t) => `'${t}'`).join(', ')})` : '';
    const rows = this.db.prepare(`SELECT seq, id, type, at, payload FROM events WHERE at >= ? AND at < ?${typeFilter} ORDER BY seq`).all(fromIso, toIso) as EventRow[];
    return rows.map(fromRow);
  }

  ofTypeSince<T extends EventType>(type: T, fromIso: string): StoredEvent<T>[] {
    // Ordered by `at` so a partial index on (at) for the type, such as events_announcements, serves it.
    const rows = this.db.prepare('SELECT seq, id, type, at, payload FROM events WHERE type = ? AND at >= ? ORDER BY at, seq').all(type, fromIso) as EventRow[];
    return rows.map(fromRow).filter(isEventOf(type));
  }

  lastSeq(): number {
    return (this.db.prepare('SELECT COALESCE(MAX(seq), 0) FROM events').pluck().get() as number) ?? 0;
  }

  getMeta(key: string): string | undefined {
    return this.db.prepare('SELECT value FROM meta WHERE key = ?').pluck().get(key) as string | undefined;
  }

  setMeta(key: string, value: string): void {
    this.db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(key, value);
  }
}
