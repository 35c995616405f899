import type { Member } from './rules/member-validity.js';
import type { Db, Migration } from '../store/database.js';

export type MemberSource = 'csv' | 'config';

export const membersMigrations: Migration[] = [
  {
    version: 410,
    name: 'members table',
    up(db) {
      db.exec(`
        CREATE TABLE members (
          card TEXT PRIMARY KEY,
          name TEXT NOT NULL,
          status TEXT NOT NULL,
          valid_until TEXT,
          suspended_from TEXT,
          suspended_to TEXT,
          source TEXT NOT NULL,
          updated_ms INTEGER NOT NULL
        );
        CREATE INDEX members_source ON members(source);
      `);
    },
  },
];

interface MemberRow {
  card: string;
  name: string;
  status: Member['status'];
  valid_until: string | null;
  suspended_from: string | null;
  suspended_to: string | null;
}

const toMember = (r: MemberRow): Member => ({ card: r.card, name: r.name, status: r.status, validUntil: r.valid_until, suspendedFrom: r.suspended_from, suspendedTo: r.suspended_to });

/** The local members table (card numbers stay on this machine). */
export class MembersStore {
  constructor(private readonly db: Db) {}

  get(card: string): Member | undefined {
    const row = this.db.prepare('SELECT * FROM members WHERE card = ?').get(card) as MemberRow | undefined;
    return row && toMember(row);
  }

  bySource(source: MemberSource): Member[] {
    return (this.db.prepare('SELECT * FROM members WHERE source = ? ORDER BY card').all(source) as MemberRow[]).map(toMember);
  }

  count(): number {
    return this.db.prepare('SELECT COUNT(*) FROM members').pluck().get() as number;
  }

  /** Writes one import: upserts (the card moves to this source) and removals. Call inside a commit. */
  apply(source: MemberSource, upserts: readonly Member[], removedCards: readonly string[], nowMs: number): void {
    const upsert = this.db.prepare(`
      INSERT INTO members (card, name, status, valid_until, suspended_from, suspended_to, source, updated_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT(card) DO UPDATE SET name = excluded.name, status = excluded.status, valid_until = excluded.valid_until,
        suspended_from = excluded.suspended_from, suspended_to = excluded.suspended_to, source = excluded.source, updated_ms = excluded.updated_ms`);
    for (const m of upserts) upsert.run(m.card, m.name, m.status, m.validUntil, m.suspendedFrom, m.suspendedTo, source, nowMs);
    const remove = this.db.prepare('DELETE FROM members WHERE card = ? AND source = ?');
    for (const card of removedCards) remove.run(card, source);
  }
}
