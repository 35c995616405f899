import type { Db, Migration } from '../store/database.js';
import type { OutputReason, OutputState, Override } from './rules/output-plan.js';

export const outputsMigrations: Migration[] = [
  {
    version: 1600,
    name: 'output states and the day the last member left',
    up(db) {
      db.exec(`
        -- The projection of output.changed: each output's state and the staff override in force.
        CREATE TABLE output_state (
          output TEXT PRIMARY KEY,
          state TEXT NOT NULL,
          reason TEXT NOT NULL,
          override_state TEXT,
          override_at INTEGER,
          override_staff TEXT,
          changed_at INTEGER NOT NULL
        );
        -- When the last member left after closing, per local day: a restart keeps overrides set after it.
        CREATE TABLE output_days (date TEXT PRIMARY KEY, last_member_left_at INTEGER NOT NULL);
      `);
    },
  },
];

export interface OutputRow {
  output: string;
  state: OutputState;
  reason: OutputReason;
  override: (Override & { staff: string | null }) | null;
  changedAt: number;
}

interface RawRow {
  output: string;
  state: OutputState;
  reason: OutputReason;
  override_state: OutputState | null;
  override_at: number | null;
  override_staff: string | null;
  changed_at: number;
}

export class OutputsStore {
  private readonly upsert;

  constructor(private readonly db: Db) {
    this.upsert = db.prepare(`INSERT INTO output_state (output, state, reason, override_state, override_at, override_staff, changed_at)
      VALUES (@output, @state, @reason, @override_state, @override_at, @override_staff, @changed_at)
      ON CONFLICT(output) DO UPDATE SET state = excluded.state, reason = excluded.reason, override_state = excluded.override_state,
        override_at = excluded.override_at, override_staff = excluded.override_staff, changed_at = excluded.changed_at`);
  }

  all(): Map<string, OutputRow> {
    const rows = this.db.prepare('SELECT * FROM output_state').all() as RawRow[];
    return new Map(
      rows.map((r) => [
        r.output,
        {
          output: r.output,
          state: r.state,
          reason: r.reason,
          override: r.override_state && r.override_at !== null ? { state: r.override_state, at: r.override_at, staff: r.override_staff } : null,
          changedAt: r.changed_at,
        },
      ]),
    );
  }

  /** Runs inside the commit of the output.changed event it projects. */
  save(row: OutputRow): void {
    this.upsert.run({
      output: row.output,
      state: row.state,
      reason: row.reason,
      override_state: row.override?.state ?? null,
      override_at: row.override?.at ?? null,
      override_staff: row.override?.staff ?? null,
      changed_at: row.changedAt,
    });
  }

  lastMemberLeftAt(date: string): number | null {
    return (this.db.prepare('SELECT last_member_left_at FROM output_days WHERE date = ?').pluck().get(date) as number | undefined) ?? null;
  }

  setLastMemberLeftAt(date: string, at: number): void {
    this.db.prepare('INSERT OR IGNORE INTO output_days (date, last_member_left_at) VALUES (?, ?)').run(date, at);
  }
}
