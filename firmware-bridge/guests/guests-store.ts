import type { Db, Migration } from '../store/database.js';

export const guestsMigrations: Migration[] = [
  {
    version: 620,
    name: 'guest registrations',
    up(db) {
      // Personal data (name, phone, what they came for) lives only here and is deleted after retentionDays.
      db.exec(`
        CREATE TABLE guests (
          id TEXT PRIMARY KEY,
          name TEXT NOT NULL,
          phone TEXT NOT NULL,
          purpose TEXT NOT NULL,
          appointment TEXT,
          referred_by TEXT,
          sales_number TEXT,
          sales_name TEXT,
          outcome TEXT,
          visit_ms INTEGER NOT NULL,
          visit_day TEXT NOT NULL,
          completed_ms INTEGER,
          staff TEXT NOT NULL
        );
        CREATE INDEX guests_visit_day ON guests(visit_day);
      `);
    },
  },
];

export interface GuestRow {
  id: string;
  name: string;
  phone: string;
  purpose: string;
  appointment: string | null;
  referredBy: string | null;
  salesNumber: string | null;
  salesName: string | null;
  outcome: string | null;
  visitMs: number;
  visitDay: string;
  completedMs: number | null;
  staff: string;
}

const columns = `id, name, phone, purpose, appointment, referred_by AS referredBy, sales_number AS salesNumber, sales_name AS salesName, outcome,
  visit_ms AS visitMs, visit_day AS visitDay, completed_ms AS completedMs, staff`;

/** The desk's guest records. */
export class GuestsStore {
  constructor(private readonly db: Db) {}

  get(id: string): GuestRow | undefined {
    return this.db.prepare(`SELECT ${columns} FROM guests WHERE id = ?`).get(id) as GuestRow | undefined;
  }

  onDay(day: string): GuestRow[] {
    return this.db.prepare(`SELECT ${columns} FROM guests WHERE visit_day = ? ORDER BY visit_ms`).all(day) as GuestRow[];
  }

  open(): GuestRow[] {
    return this.db.prepare(`SELECT ${columns} FROM guests WHERE completed_ms IS NULL ORDER BY visit_ms`).all() as GuestRow[];
  }

  insert(row: GuestRow): void {
    this.db
      .prepare(
        `INSERT INTO guests (id, name, phone, purpose, appointment, referred_by, sales_number, sales_name, outcome, visit_ms, visit_day, completed_ms, staff)
         VALUES (@id, @name, @phone, @purpose, @appointment, @referredBy, @salesNumber, @salesName, @outcome, @visitMs, @visitDay, @completedMs, @staff)`,
      )
      .run(row);
  }

  complete(row: Pick<GuestRow, 'id' | 'purpose' | 'appointment' | 'referredBy' | 'outcome' | 'completedMs'>): void {
    this.db
      .prepare('UPDATE guests SET purpose = @purpose, appointment = @appointment, referred_by = @referredBy, outcome = @outcome, completed_ms = @completedMs WHERE id = @id')
      .run(row);
  }

  /** Deletes the records of visits before `day`. */
  deleteBefore(day: string): void {
    this.db.prepare('DELETE FROM guests WHERE visit_day < ?').run(day);
  }

  countBefore(day: string): number {
    return this.db.prepare('SELECT COUNT(*) FROM guests WHERE visit_day < ?').pluck().get(day) as number;
  }
}
