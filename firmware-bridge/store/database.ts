import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';

export type Db = Database.Database;

/** The service's one database file inside its data dir. */
export const DATABASE_FILE = 'frontdesk.sqlite';

export function databasePath(dataDir: string): string {
  return join(dataDir, DATABASE_FILE);
}

/** A schema change; versions are global (core 1–99, queue 100–, ratings 200–, audio 300–, keys 400–, telemetry 500–). */
export interface Migration {
  version: number;
  name: string;
  up(db: Db): void;
}

/**
 * Opens the database with the durability the product promises: WAL and synchronous=FULL, so a
 * committed transaction survives a power cut.
 */
export function openDatabase(file: string): Db {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  return db;
}

/** Applies, in version order and each in its own transaction, every migration not yet applied. */
export function migrate(db: Db, migrations: readonly Migration[]): number[] {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`);
  const done = new Set(db.prepare('SELECT version FROM schema_migrations').pluck().all() as number[]);
  const byVersion = new Map<number, Migration>();
  for (const m of migrations) {
    // Two features built on one shared folder (keys and members on members/) may both list its migrations.
    const other = byVersion.get(m.version);
    if (other && other !== m) throw new Error(`two migrations share version ${m.version}`);
    byVersion.set(m.version, m);
  }
  const applied: number[] = [];
  for (const m of [...byVersion.values()].sort((a, b) => a.version - b.version)) {
    if (done.has(m.version)) continue;
    db.transaction(() => {
      m.up(db);
      db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(m.version, m.name, new Date().toISOString());
    })();
    applied.push(m.version);
  }
  return applied;
}
