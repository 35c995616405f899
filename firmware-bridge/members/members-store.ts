import type { CardState, Suspension } from './rules/card-rules.js';
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
  {
    version: 411,
    name: 'member card operations',
    up(db) {
      // Kept apart from the imported members rows, so a re-import never undoes an operation made at the desk.
      // member_card: the card the member row is filed under (the first card); card: the one presented.
      db.exec(`
        CREATE TABLE card_suspensions (
          id TEXT PRIMARY KEY,
          member_card TEXT NOT NULL,
          card TEXT NOT NULL,
          from_day TEXT NOT NULL,
          to_day TEXT NOT NULL,
          months INTEGER NOT NULL,
          year_start TEXT NOT NULL,
          signature_file TEXT NOT NULL,
          signature_sha256 TEXT NOT NULL,
          staff TEXT NOT NULL,
          at_ms INTEGER NOT NULL,
          day TEXT NOT NULL
        );
        CREATE INDEX card_suspensions_member ON card_suspensions(member_card);
        CREATE INDEX card_suspensions_day ON card_suspensions(day);
        CREATE TABLE card_transfers (
          id TEXT PRIMARY KEY,
          member_card TEXT NOT NULL UNIQUE, -- once per card, whichever card number it carries now
          card TEXT NOT NULL,
          to_name TEXT NOT NULL,
          to_contact TEXT,
          from_name TEXT NOT NULL,
          consultant_number TEXT NOT NULL,
          consultant_name TEXT NOT NULL,
          remaining_days INTEGER,
          valid_until TEXT,
          paper_kept INTEGER NOT NULL,
          staff TEXT NOT NULL,
          at_ms INTEGER NOT NULL,
          day TEXT NOT NULL
        );
        CREATE INDEX card_transfers_day ON card_transfers(day);
        CREATE TABLE card_replacements (
          id TEXT PRIMARY KEY,
          member_card TEXT NOT NULL,
          old_card TEXT NOT NULL UNIQUE,
          new_card TEXT NOT NULL UNIQUE,
          fee_cents INTEGER NOT NULL,
          receipt_number TEXT NOT NULL UNIQUE,
          staff TEXT NOT NULL,
          at_ms INTEGER NOT NULL,
          day TEXT NOT NULL
        );
        CREATE INDEX card_replacements_day ON card_replacements(day);
      `);
    },
  },
];

/** One card operation on the day's paperwork list (the papers go to the manager before closing). */
export type PaperworkRow =
  | { kind: 'suspend'; id: string; card: string; memberCard: string; atMs: number; staff: string; from: string; to: string; months: number }
  | { kind: 'transfer'; id: string; card: string; memberCard: string; atMs: number; staff: string; fromName: string; toName: string; consultant: string; remainingDays: number | null; paperKept: boolean }
  | { kind: 'replace'; id: string; card: string; memberCard: string; atMs: number; staff: string; newCard: string; feeCents: number; receiptNumber: string };

export interface SuspensionRow extends Suspension {
  memberCard: string;
  card: string;
  yearStart: string;
  signatureFile: string;
  signatureSha256: string;
  staff: string;
  atMs: number;
  day: string;
}

export interface TransferRow {
  id: string;
  memberCard: string;
  card: string;
  toName: string;
  toContact: string | null;
  fromName: string;
  consultantNumber: string;
  consultantName: string;
  remainingDays: number | null;
  validUntil: string | null;
  staff: string;
  atMs: number;
  day: string;
}

export interface ReplacementRow {
  id: string;
  memberCard: string;
  oldCard: string;
  newCard: string;
  feeCents: number;
  receiptNumber: string;
  staff: string;
  atMs: number;
  day: string;
}

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

  /**
   * The card as the desk knows it now: the member row it belongs to (through any replacements) and
   * the operations made on it. Undefined when the card is neither imported nor issued here.
   */
  cardState(card: string): CardState | undefined {
    const issued = this.db.prepare('SELECT member_card FROM card_replacements WHERE new_card = ?').pluck().get(card) as string | undefined;
    const memberCard = issued ?? card;
    const member = this.get(memberCard);
    if (!member) return undefined;
    const replacedBy = (this.db.prepare('SELECT new_card FROM card_replacements WHERE old_card = ?').pluck().get(card) as string | undefined) ?? null;
    const transfer = this.db.prepare('SELECT to_name FROM card_transfers WHERE member_card = ?').pluck().get(memberCard) as string | undefined;
    const suspensions = (
      this.db.prepare('SELECT id, from_day AS "from", to_day AS "to", months FROM card_suspensions WHERE member_card = ? ORDER BY from_day').all(memberCard) as Suspension[]
    ).map((s) => ({ ...s }));
    return { card, memberCard, member, holderName: transfer ?? member.name, suspensions, transferred: transfer !== undefined, replacedBy, isReplacement: issued !== undefined };
  }

  /** A card number already in use: imported for a member, or issued here as a replacement. */
  cardTaken(card: string): boolean {
    return this.get(card) !== undefined || this.db.prepare('SELECT 1 FROM card_replacements WHERE new_card = ? OR old_card = ?').get(card, card) !== undefined;
  }

  replacementsOn(day: string): number {
    return this.db.prepare('SELECT COUNT(*) FROM card_replacements WHERE day = ?').pluck().get(day) as number;
  }

  insertSuspension(row: SuspensionRow): void {
    this.db
      .prepare(
        `INSERT INTO card_suspensions (id, member_card, card, from_day, to_day, months, year_start, signature_file, signature_sha256, staff, at_ms, day)
         VALUES (@id, @memberCard, @card, @from, @to, @months, @yearStart, @signatureFile, @signatureSha256, @staff, @atMs, @day)`,
      )
      .run(row);
  }

  insertTransfer(row: TransferRow): void {
    this.db
      .prepare(
        `INSERT INTO card_transfers (id, member_card, card, to_name, to_contact, from_name, consultant_number, consultant_name, remaining_days, valid_until, paper_kept, staff, at_ms, day)
         VALUES (@id, @memberCard, @card, @toName, @toContact, @fromName, @consultantNumber, @consultantName, @remainingDays, @validUntil, 1, @staff, @atMs, @day)`,
      )
      .run(row);
  }

  insertReplacement(row: ReplacementRow): void {
    this.db
      .prepare(
        `INSERT INTO card_replacements (id, member_card, old_card, new_card, fee_cents, receipt_number, staff, at_ms, day)
         VALUES (@id, @memberCard, @oldCard, @newCard, @feeCents, @receiptNumber, @staff, @atMs, @day)`,
      )
      .run(row);
  }

  /** The card operations of one local day, in the order they were made. */
  paperwork(day: string): PaperworkRow[] {
    const suspensions = this.db
      .prepare(`SELECT 'suspend' AS kind, id, card, member_card AS memberCard, at_ms AS atMs, staff, from_day AS "from", to_day AS "to", months FROM card_suspensions WHERE day = ?`)
      .all(day) as PaperworkRow[];
    const transfers = (
      this.db
        .prepare(
          `SELECT 'transfer' AS kind, id, card, member_card AS memberCard, at_ms AS atMs, staff, from_name AS fromName, to_name AS toName, consultant_name AS consultant,
                  remaining_days AS remainingDays, paper_kept AS paperKept FROM card_transfers WHERE day = ?`,
        )
        .all(day) as (PaperworkRow & { paperKept: number | boolean })[]
    ).map((r) => ({ ...r, paperKept: Boolean(r.paperKept) }) as PaperworkRow);
    const replacements = this.db
      .prepare(`SELECT 'replace' AS kind, id, old_card AS card, member_card AS memberCard, at_ms AS atMs, staff, new_card AS newCard, fee_cents AS feeCents, receipt_number AS receiptNumber FROM card_replacements WHERE day = ?`)
      .all(day) as PaperworkRow[];
    return [...suspensions, ...transfers, ...replacements].sort((a, b) => a.atMs - b.atMs);
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
