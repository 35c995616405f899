import type { Db, Migration } from '../store/database.js';
import type { Complaint } from './rules/complaint-rules.js';

export const complaintsMigrations: Migration[] = [
  {
    version: 500,
    name: 'complaints',
    up(db) {
      db.exec(`
        CREATE TABLE complaints (
          id TEXT PRIMARY KEY,
          ticket_id TEXT,
          what TEXT NOT NULL,
          contact TEXT,
          owner TEXT NOT NULL,
          owner_name TEXT NOT NULL,
          opened_ms INTEGER NOT NULL,
          solution TEXT,
          followup_id TEXT,
          state TEXT NOT NULL CHECK (state IN ('open', 'closed')),
          cause TEXT,
          action TEXT,
          closed_by TEXT,
          closed_ms INTEGER
        );
        CREATE INDEX complaints_state ON complaints(state, opened_ms);
      `);
    },
  },
];

interface Row {
  id: string;
  ticket_id: string | null;
  what: string;
  contact: string | null;
  owner: string;
  owner_name: string;
  opened_ms: number;
  solution: string | null;
  followup_id: string | null;
  state: Complaint['state'];
  cause: string | null;
  action: string | null;
  closed_by: string | null;
  closed_ms: number | null;
}

const toComplaint = (r: Row): Complaint => ({
  id: r.id,
  ticketId: r.ticket_id,
  what: r.what,
  contact: r.contact,
  owner: r.owner,
  ownerName: r.owner_name,
  openedAt: r.opened_ms,
  solution: r.solution,
  followUpId: r.followup_id,
  state: r.state,
  cause: r.cause,
  action: r.action,
  closedBy: r.closed_by,
  closedAt: r.closed_ms,
});

/** The complaints table: the words and the contact stay here, on this machine. */
export class ComplaintsStore {
  constructor(private readonly db: Db) {}

  save(c: Complaint): void {
    this.db
      .prepare(
        `INSERT INTO complaints (id, ticket_id, what, contact, owner, owner_name, opened_ms, solution, followup_id, state, cause, action, closed_by, closed_ms)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT(id) DO UPDATE SET solution = excluded.solution, followup_id = excluded.followup_id, state = excluded.state,
           cause = excluded.cause, action = excluded.action, closed_by = excluded.closed_by, closed_ms = excluded.closed_ms`,
      )
      .run(c.id, c.ticketId, c.what, c.contact, c.owner, c.ownerName, c.openedAt, c.solution, c.followUpId, c.state, c.cause, c.action, c.closedBy, c.closedAt);
  }

  get(id: string): Complaint | undefined {
    const row = this.db.prepare('SELECT * FROM complaints WHERE id = ?').get(id) as Row | undefined;
    return row && toComplaint(row);
  }

  list(state: Complaint['state'], limit = 200): Complaint[] {
    const order = state === 'open' ? 'opened_ms ASC' : 'closed_ms DESC';
    return (this.db.prepare(`SELECT * FROM complaints WHERE state = ? ORDER BY ${order} LIMIT ?`).all(state, limit) as Row[]).map(toComplaint);
  }
}
