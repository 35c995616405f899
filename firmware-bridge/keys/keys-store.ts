import type { StoredEvent } from '../kernel/events.js';
import { canonicalJson } from './rules/canonical-json.js';
import { keyLogChain } from './key-log-chain.js';
import { GENESIS_HASH, type ChainAnchor, type ChainVerdict, type KeyLogEntry } from './rules/key-chain.js';
import type { Handout } from './rules/key-types.js';
import type { ShiftReport } from './rules/reconcile-rules.js';
import type { Db, Migration } from '../store/database.js';
import { archiveFiles, readArchive, writeArchive } from '../store/archive.js';

/** Entries leave the key log only through archiveLogBefore, which lifts this guard in its own transaction. */
const NO_DELETE_TRIGGER = "CREATE TRIGGER key_log_no_delete BEFORE DELETE ON key_log BEGIN SELECT RAISE(ABORT, 'key_log is append-only'); END;";

export const keysMigrations: Migration[] = [
  {
    version: 400,
    name: 'key handouts and hash-chained key log',
    up(db) {
      db.exec(`
        CREATE TABLE key_handouts (
          id TEXT PRIMARY KEY,
          key_id TEXT NOT NULL,
          category TEXT NOT NULL,
          holder_kind TEXT NOT NULL,
          holder_name TEXT NOT NULL,
          card TEXT,                 -- plain card: this database only, never in events
          card_hash TEXT,
          contact TEXT,
          holder_staff TEXT,
          reason TEXT,
          approver TEXT,
          signature TEXT,
          staff TEXT NOT NULL,
          handed_out_ms INTEGER NOT NULL,
          due_back_ms INTEGER,
          returned_ms INTEGER,
          return_staff TEXT,
          return_card TEXT,
          wrong_card INTEGER NOT NULL DEFAULT 0,
          missing INTEGER NOT NULL DEFAULT 0,
          note TEXT
        );
        -- At most one open lending per key: the second of two simultaneous handouts fails here.
        CREATE UNIQUE INDEX key_handouts_one_open ON key_handouts(key_id) WHERE returned_ms IS NULL;
        CREATE INDEX key_handouts_times ON key_handouts(handed_out_ms, returned_ms);

        CREATE TABLE key_log (
          seq INTEGER PRIMARY KEY AUTOINCREMENT,
          at TEXT NOT NULL,
          kind TEXT NOT NULL,
          key_id TEXT,
          event_id TEXT,
          content TEXT NOT NULL,
          prev_hash TEXT NOT NULL,
          hash TEXT NOT NULL
        );
        CREATE TRIGGER key_log_no_update BEFORE UPDATE ON key_log BEGIN SELECT RAISE(ABORT, 'key_log is append-only; write a correction'); END;
        ${NO_DELETE_TRIGGER}
      `);
    },
  },
  {
    version: 401,
    name: 'shift reports',
    up(db) {
      db.exec(`
        CREATE TABLE shift_reports (
          id TEXT PRIMARY KEY,
          at_ms INTEGER NOT NULL,
          staff TEXT NOT NULL,
          report TEXT NOT NULL
        );
        CREATE INDEX shift_reports_at ON shift_reports(at_ms);
      `);
    },
  },
];

interface HandoutRow {
  id: string;
  key_id: string;
  category: Handout['category'];
  holder_kind: Handout['holder']['kind'];
  holder_name: string;
  card: string | null;
  card_hash: string | null;
  contact: string | null;
  holder_staff: string | null;
  reason: string | null;
  approver: string | null;
  signature: string | null;
  staff: string;
  handed_out_ms: number;
  due_back_ms: number | null;
  returned_ms: number | null;
  return_staff: string | null;
  return_card: string | null;
  wrong_card: number;
  missing: number;
  note: string | null;
}

function toHandout(r: HandoutRow): Handout {
  return {
    id: r.id,
    keyId: r.key_id,
    category: r.category,
    holder: { kind: r.holder_kind, name: r.holder_name, card: r.card, cardHash: r.card_hash, contact: r.contact, staff: r.holder_staff },
    reason: r.reason,
    approver: r.approver,
    signature: r.signature,
    staff: r.staff,
    handedOutAt: r.handed_out_ms,
    dueBackAt: r.due_back_ms,
    returnedAt: r.returned_ms,
    returnStaff: r.return_staff,
    returnCard: r.return_card,
    wrongCard: r.wrong_card === 1,
    missing: r.missing === 1,
    note: r.note,
  };
}

interface LogRow {
  seq: number;
  at: string;
  kind: string;
  key_id: string | null;
  event_id: string | null;
  content: string;
  prev_hash: string;
  hash: string;
}

const toEntry = (r: LogRow): KeyLogEntry => ({ seq: r.seq, at: r.at, kind: r.kind, keyId: r.key_id, eventId: r.event_id, content: r.content, prevHash: r.prev_hash, hash: r.hash });

const HEAD_META = 'keys.log_head';
/** The last archived entry ({seq, hash}): the live log chains on from it. */
const ANCHOR_META = 'keys.log_anchor';

/** SQL for the key feature's tables. Write methods are for projections (inside EventStore.commit). */
export class KeysStore {
  constructor(private readonly db: Db) {}

  openHandouts(): Handout[] {
    return (this.db.prepare('SELECT * FROM key_handouts WHERE returned_ms IS NULL ORDER BY handed_out_ms, key_id').all() as HandoutRow[]).map(toHandout);
  }

  openFor(keyId: string): Handout | undefined {
    const row = this.db.prepare('SELECT * FROM key_handouts WHERE key_id = ? AND returned_ms IS NULL').get(keyId) as HandoutRow | undefined;
    return row && toHandout(row);
  }

  handout(id: string): Handout | undefined {
    const row = this.db.prepare('SELECT * FROM key_handouts WHERE id = ?').get(id) as HandoutRow | undefined;
    return row && toHandout(row);
  }

  /** Lendings handed out or returned after `sinceMs` (all when null). */
  touchedSince(sinceMs: number | null): Handout[] {
    const since = sinceMs ?? -1;
    return (this.db.prepare('SELECT * FROM key_handouts WHERE handed_out_ms > ? OR returned_ms > ? ORDER BY handed_out_ms').all(since, since) as HandoutRow[]).map(toHandout);
  }

  insertHandout(h: Handout): void {
    this.db
      .prepare(
        `INSERT INTO key_handouts (id, key_id, category, holder_kind, holder_name, card, card_hash, contact, holder_staff, reason, approver, signature, staff, handed_out_ms, due_back_ms)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(h.id, h.keyId, h.category, h.holder.kind, h.holder.name, h.holder.card, h.holder.cardHash, h.holder.contact, h.holder.staff, h.reason, h.approver, h.signature, h.staff, h.handedOutAt, h.dueBackAt);
  }

  closeHandout(h: Handout): void {
    const info = this.db
      .prepare('UPDATE key_handouts SET returned_ms = ?, return_staff = ?, return_card = ?, wrong_card = ? WHERE id = ? AND returned_ms IS NULL')
      .run(h.returnedAt, h.returnStaff, h.returnCard, h.wrongCard ? 1 : 0, h.id);
    // Two returns racing: the loser must roll its whole commit back.
    if (info.changes !== 1) throw new KeyStateConflict('key_not_out');
  }

  markMissing(handoutIds: readonly string[]): void {
    const stmt = this.db.prepare('UPDATE key_handouts SET missing = 1 WHERE id = ?');
    for (const id of handoutIds) stmt.run(id);
  }

  applyCorrection(h: Handout): void {
    this.db.prepare('UPDATE key_handouts SET holder_name = ?, contact = ?, reason = ? WHERE id = ?').run(h.holder.name, h.holder.contact, h.reason, h.id);
  }

  insertReport(report: ShiftReport, atMs: number): void {
    this.db.prepare('INSERT INTO shift_reports (id, at_ms, staff, report) VALUES (?, ?, ?, ?)').run(report.id, atMs, report.staff.number, JSON.stringify(report));
  }

  report(id: string): ShiftReport | undefined {
    const text = this.db.prepare('SELECT report FROM shift_reports WHERE id = ?').pluck().get(id) as string | undefined;
    return text === undefined ? undefined : (JSON.parse(text) as ShiftReport);
  }

  reports(limit = 50): { id: string; at: string; staff: string; keysOut: number }[] {
    return (this.db.prepare('SELECT report FROM shift_reports ORDER BY at_ms DESC LIMIT ?').pluck().all(limit) as string[]).map((t) => {
      const r = JSON.parse(t) as ShiftReport;
      return { id: r.id, at: r.at, staff: r.staff.number, keysOut: r.keys.length };
    });
  }

  reportsSince(sinceMs: number | null): ShiftReport[] {
    return (this.db.prepare('SELECT report FROM shift_reports WHERE at_ms > ? ORDER BY at_ms').pluck().all(sinceMs ?? -1) as string[]).map((t) => JSON.parse(t) as ShiftReport);
  }

  lastReportAt(): number | null {
    return (this.db.prepare('SELECT MAX(at_ms) FROM shift_reports').pluck().get() as number | null) ?? null;
  }

  /** Appends one entry chained to the last one; call inside the commit's transaction. */
  appendLog(event: StoredEvent, keyId: string | null, content: Record<string, unknown>): KeyLogEntry {
    // After an archive emptied the log, the next entry chains on from the anchor.
    const last = (this.db.prepare('SELECT seq, hash FROM key_log ORDER BY seq DESC LIMIT 1').get() as ChainAnchor | undefined) ?? this.anchor();
    const prevHash = last?.hash ?? GENESIS_HASH;
    const seq = (last?.seq ?? 0) + 1;
    const text = canonicalJson(content);
    const header = { seq, at: event.at, kind: event.type, keyId, eventId: event.id };
    const hash = keyLogChain.entryHash(prevHash, header, text);
    this.db.prepare('INSERT INTO key_log (seq, at, kind, key_id, event_id, content, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)').run(seq, event.at, event.type, keyId, event.id, text, prevHash, hash);
    this.db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(HEAD_META, JSON.stringify({ seq, hash }));
    return { ...header, content: text, prevHash, hash };
  }

  logEntry(seq: number): KeyLogEntry | undefined {
    const row = this.db.prepare('SELECT * FROM key_log WHERE seq = ?').get(seq) as LogRow | undefined;
    return row && toEntry(row);
  }

  /** Newest first, for the staff screen. */
  recentLog(limit = 100, keyId?: string): KeyLogEntry[] {
    const rows = keyId
      ? (this.db.prepare('SELECT * FROM key_log WHERE key_id = ? ORDER BY seq DESC LIMIT ?').all(keyId, limit) as LogRow[])
      : (this.db.prepare('SELECT * FROM key_log ORDER BY seq DESC LIMIT ?').all(limit) as LogRow[]);
    return rows.map(toEntry);
  }

  /** The last entry archived (see archiveLogBefore), or undefined when nothing was. */
  anchor(): ChainAnchor | undefined {
    const text = this.db.prepare('SELECT value FROM meta WHERE key = ?').pluck().get(ANCHOR_META) as string | undefined;
    return text ? (JSON.parse(text) as ChainAnchor) : undefined;
  }

  /**
   * Proves the live chain, streaming rows (a year of a busy gym is ~10^5 entries). `archived`: the
   * entries archived before, oldest first; the chain is then proved from the first entry ever,
   * through the archive boundary (the anchor must be the last archived entry). Without it, the
   * live log is proved from the anchor.
   */
  verifyLog(archived?: Iterable<KeyLogEntry>): ChainVerdict & { archived: number } {
    const headText = this.db.prepare('SELECT value FROM meta WHERE key = ?').pluck().get(HEAD_META) as string | undefined;
    const anchor = this.anchor();
    const live = this.db.prepare('SELECT * FROM key_log ORDER BY seq');
    let archivedCount = 0;
    let anchorProblem: string | null = null;
    const entries = (function* () {
      if (archived) {
        let last: KeyLogEntry | undefined;
        for (const e of archived) {
          archivedCount++;
          last = e;
          yield e;
        }
        if (anchor && (last?.seq !== anchor.seq || last.hash !== anchor.hash)) anchorProblem = `the archive ends at entry ${last?.seq ?? 0}, but entry ${anchor.seq} was archived last`;
      }
      // Opened only once reached, and closed with the generator when the proof stops early.
      for (const r of live.iterate() as IterableIterator<LogRow>) yield toEntry(r);
    })();
    const verdict = keyLogChain.verifyChain(entries, headText ? (JSON.parse(headText) as ChainAnchor) : undefined, archived ? undefined : anchor);
    if (verdict.ok && anchorProblem) return { ok: false, entries: verdict.entries, firstBad: { seq: anchor!.seq, problem: 'head_mismatch', message: anchorProblem }, headHash: verdict.headHash, archived: archivedCount };
    return { ...verdict, archived: archivedCount };
  }

  /**
   * The one deliberate way entries leave the append-only log: those written before `beforeIso`
   * are handed to `write` (which must store them durably first), then deleted with the delete
   * guard lifted inside the same transaction, and the last of them is kept as the chain's anchor.
   */
  archiveLogBefore(beforeIso: string, write: (entries: KeyLogEntry[]) => void): number {
    const rows = (this.db.prepare('SELECT * FROM key_log WHERE at < ? ORDER BY seq').all(beforeIso) as LogRow[]).map(toEntry);
    if (rows.length === 0) return 0;
    // Only a prefix of the chain may go: the rest must chain on from the anchor.
    const last = rows[rows.length - 1];
    const later = this.db.prepare('SELECT COUNT(*) FROM key_log WHERE seq < ? AND at >= ?').pluck().get(last.seq, beforeIso) as number;
    if (later > 0) throw new Error('key log: entries are not in time order; nothing archived');
    write(rows);
    this.db.transaction(() => {
      this.db.exec('DROP TRIGGER key_log_no_delete');
      this.db.prepare('DELETE FROM key_log WHERE seq <= ?').run(last.seq);
      this.db.exec(NO_DELETE_TRIGGER);
      this.db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(ANCHOR_META, JSON.stringify({ seq: last.seq, hash: last.hash }));
    })();
    return rows.length;
  }
}

/** Thrown inside a projection to roll a commit back when the state moved under it. */
export class KeyStateConflict extends Error {
  constructor(readonly code: 'key_already_out' | 'key_not_out') {
    super(code);
    this.name = 'KeyStateConflict';
  }
}

/** better-sqlite3 reports the one-open-lending index as SQLITE_CONSTRAINT_UNIQUE. */
export function isOpenHandoutConflict(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE' && /key_handouts\.key_id/.test((err as Error).message);
}

/** Archived key log files: key-log-{first seq}-{last seq}.ndjson.gz, zero-padded so names sort in chain order. */
const KEY_LOG_ARCHIVE_PREFIX = 'key-log-';

/** Archives the key log entries written before `beforeIso` to dataDir/archive/ (see KeysStore.archiveLogBefore). */
export function archiveKeyLog(store: KeysStore, dataDir: string, beforeIso: string): number {
  const pad = (seq: number) => String(seq).padStart(12, '0');
  return store.archiveLogBefore(beforeIso, (entries) => writeArchive(dataDir, `${KEY_LOG_ARCHIVE_PREFIX}${pad(entries[0].seq)}-${pad(entries[entries.length - 1].seq)}.ndjson.gz`, entries));
}

/** The key log from its first entry: the archived ones (dataDir/archive/key-log-*.ndjson.gz, in order), then the live ones. */
export function verifyKeyLog(store: KeysStore, dataDir: string): ChainVerdict & { archived: number } {
  const files = archiveFiles(dataDir, KEY_LOG_ARCHIVE_PREFIX);
  if (files.length === 0) return store.verifyLog();
  return store.verifyLog((function* () {
    for (const file of files) yield* readArchive<KeyLogEntry>(file);
  })());
}

