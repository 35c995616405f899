import type { Db, Migration } from '../store/database.js';

export const bookingsMigrations: Migration[] = [
  {
    version: 610,
    name: 'same-day class bookings',
    up(db) {
      // The card number stays on the desk (events carry its hash); seq orders the waiting list.
      db.exec(`
        CREATE TABLE bookings (
          seq INTEGER PRIMARY KEY AUTOINCREMENT,
          id TEXT NOT NULL UNIQUE,
          class_id TEXT NOT NULL,
          day TEXT NOT NULL,
          card TEXT NOT NULL,
          via TEXT NOT NULL,
          status TEXT NOT NULL CHECK (status IN ('booked', 'waiting', 'cancelled')),
          signature_file TEXT NOT NULL,
          signature_sha256 TEXT NOT NULL,
          checked_in INTEGER NOT NULL DEFAULT 0,
          staff TEXT NOT NULL,
          at_ms INTEGER NOT NULL,
          cancelled_ms INTEGER
        );
        CREATE INDEX bookings_class_day ON bookings(day, class_id);
        CREATE TABLE booking_no_shows (
          class_id TEXT NOT NULL,
          day TEXT NOT NULL,
          booked INTEGER NOT NULL,
          no_shows INTEGER NOT NULL,
          PRIMARY KEY (class_id, day)
        );
      `);
    },
  },
];

export interface BookingRow {
  seq: number;
  id: string;
  classId: string;
  day: string;
  card: string;
  via: string;
  status: 'booked' | 'waiting' | 'cancelled';
  checkedIn: boolean;
  staff: string;
  atMs: number;
}

const columns = 'seq, id, class_id AS classId, day, card, via, status, checked_in AS checkedIn, staff, at_ms AS atMs';
const toRow = (r: BookingRow) => ({ ...r, checkedIn: Boolean(r.checkedIn) });

/** The desk's bookings table. */
export class BookingsStore {
  constructor(private readonly db: Db) {}

  get(id: string): BookingRow | undefined {
    const row = this.db.prepare(`SELECT ${columns} FROM bookings WHERE id = ?`).get(id) as BookingRow | undefined;
    return row && toRow(row);
  }

  /** Bookings of a day, in booking order (optionally one class's, optionally only the live ones). */
  onDay(day: string, classId?: string, liveOnly = false): BookingRow[] {
    const rows = this.db
      .prepare(`SELECT ${columns} FROM bookings WHERE day = ? AND (? IS NULL OR class_id = ?) ${liveOnly ? "AND status <> 'cancelled'" : ''} ORDER BY seq`)
      .all(day, classId ?? null, classId ?? null) as BookingRow[];
    return rows.map(toRow);
  }

  insert(row: Omit<BookingRow, 'seq' | 'checkedIn'> & { signatureFile: string; signatureSha256: string }): void {
    this.db
      .prepare(
        `INSERT INTO bookings (id, class_id, day, card, via, status, signature_file, signature_sha256, staff, at_ms)
         VALUES (@id, @classId, @day, @card, @via, @status, @signatureFile, @signatureSha256, @staff, @atMs)`,
      )
      .run(row);
  }

  cancel(id: string, atMs: number, promoteId: string | null): void {
    this.db.prepare("UPDATE bookings SET status = 'cancelled', cancelled_ms = ? WHERE id = ?").run(atMs, id);
    if (promoteId) this.db.prepare("UPDATE bookings SET status = 'booked' WHERE id = ? AND status = 'waiting'").run(promoteId);
  }

  checkIn(id: string): void {
    this.db.prepare('UPDATE bookings SET checked_in = 1 WHERE id = ?').run(id);
  }

  noShowsCounted(classId: string, day: string): boolean {
    return this.db.prepare('SELECT 1 FROM booking_no_shows WHERE class_id = ? AND day = ?').get(classId, day) !== undefined;
  }

  recordNoShows(classId: string, day: string, booked: number, noShows: number): void {
    this.db.prepare('INSERT INTO booking_no_shows (class_id, day, booked, no_shows) VALUES (?, ?, ?, ?)').run(classId, day, booked, noShows);
  }

  noShows(day: string): { classId: string; booked: number; noShows: number }[] {
    return this.db.prepare('SELECT class_id AS classId, booked, no_shows AS noShows FROM booking_no_shows WHERE day = ? ORDER BY class_id').all(day) as { classId: string; booked: number; noShows: number }[];
  }
}
