import type { Db, Migration } from '../store/database.js';
import type { Handover } from './rules/handover-rules.js';

export const handoverMigrations: Migration[] = [
  {
    version: 510,
    name: 'written shift handovers',
    up(db) {
      // The written lists name members and items: they stay here; the event carries counts only.
      db.exec(`
        CREATE TABLE shift_handovers (
          id TEXT PRIMARY KEY,
          at_ms INTEGER NOT NULL,
          outgoing TEXT NOT NULL,
          incoming TEXT NOT NULL,
          handover TEXT NOT NULL
        );
        CREATE INDEX shift_handovers_at ON shift_handovers(at_ms);
      `);
    },
  },
];

export class HandoverStore {
  constructor(private readonly db: Db) {}

  insert(h: Handover, atMs: number): void {
    this.db.prepare('INSERT INTO shift_handovers (id, at_ms, outgoing, incoming, handover) VALUES (?, ?, ?, ?, ?)').run(h.id, atMs, h.outgoing.number, h.incoming.number, JSON.stringify(h));
  }

  get(id: string): Handover | undefined {
    const text = this.db.prepare('SELECT handover FROM shift_handovers WHERE id = ?').pluck().get(id) as string | undefined;
    return text === undefined ? undefined : (JSON.parse(text) as Handover);
  }

  recent(limit: number): Handover[] {
    return (this.db.prepare('SELECT handover FROM shift_handovers ORDER BY at_ms DESC LIMIT ?').pluck().all(limit) as string[]).map((text) => JSON.parse(text) as Handover);
  }

  latest(): { handover: Handover; atMs: number } | undefined {
    const row = this.db.prepare('SELECT handover, at_ms FROM shift_handovers ORDER BY at_ms DESC LIMIT 1').get() as { handover: string; at_ms: number } | undefined;
    return row && { handover: JSON.parse(row.handover) as Handover, atMs: row.at_ms };
  }
}
