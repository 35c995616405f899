import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { systemClock } from '../../firmware-bridge/kernel/clock.js';
import { isRefusal } from '../../firmware-bridge/kernel/refusal.js';
import { QueueService } from '../../firmware-bridge/queue/queue-service.js';
import { databasePath, migrate, openDatabase } from '../../firmware-bridge/store/database.js';
import { EventStore, eventStoreMigrations } from '../../firmware-bridge/store/event-store.js';
import { queueMigrations } from '../../firmware-bridge/queue/queue-store.js';
import { testConfig } from '../fixtures/test-config.js';
import { median, round } from './stats.js';

export interface DurableResult {
  oursPerSec: number | null;
  barePerSec: number | null;
  ratio: number | null;
  rounds: { ours: number; bare: number }[];
  /** WAL pages (frames) one action writes, counted with automatic checkpoints off: independent of load. */
  walPagesPerAction: { ours: number; bare: number } | null;
  dir: string;
  note: string;
}

/** Where the files go: the OS temp dir (here on the same disk as the project). */
function scratch(name: string): string {
  const parent = process.env.FRONTDESK_BENCH_DIR ?? join(process.cwd(), '.cache');
  mkdirSync(parent, { recursive: true }); // a fresh checkout has no .cache yet
  return mkdtempSync(join(parent, `bench-${name}-`));
}

/** Our path: QueueService.issue → one EventStore commit (event + ticket/day rows) per ticket. */
async function oursOnce(actions: number, budgetMs: number, countPages = false): Promise<number> {
  const dir = scratch('durable-ours');
  const db = openDatabase(databasePath(dir));
  try {
    if (countPages) db.pragma('wal_autocheckpoint = 0');
    migrate(db, [...eventStoreMigrations, ...queueMigrations]);
    const config = testConfig({ queue: { maxNumber: 9999 } });
    const store = new EventStore(db, systemClock);
    const queue = new QueueService(config, store, systemClock, null, () => 'http://127.0.0.1');
    const services = config.services.map((s) => s.id);
    const t0 = performance.now();
    let done = 0;
    while (done < actions && performance.now() - t0 < budgetMs) {
      const issued = await queue.issue(services[done % services.length]);
      if (isRefusal(issued)) throw new Error(`issue refused: ${issued.message}`);
      done++;
    }
    return countPages ? walFrames(db) / done : (done / (performance.now() - t0)) * 1000;
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Frames in the WAL now (a PASSIVE checkpoint reports them; with autocheckpoint off nothing was reset). */
function walFrames(db: Database.Database): number {
  const [row] = db.pragma('wal_checkpoint(PASSIVE)') as { log: number }[];
  return row.log;
}

/** The floor: better-sqlite3, same pragmas, one INSERT of an event-sized row per commit. */
function bareOnce(actions: number, budgetMs: number, countPages = false): number {
  const dir = scratch('durable-bare');
  const db = new Database(join(dir, 'bare.sqlite'));
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    if (countPages) db.pragma('wal_autocheckpoint = 0');
    db.exec('CREATE TABLE events (seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE, type TEXT NOT NULL, at TEXT NOT NULL, payload TEXT NOT NULL)');
    const insert = db.prepare('INSERT INTO events (id, type, at, payload) VALUES (?, ?, ?, ?)');
    const t0 = performance.now();
    let done = 0;
    while (done < actions && performance.now() - t0 < budgetMs) {
      const payload = JSON.stringify({ ticketId: randomUUID().slice(0, 10), number: `A${String(done).padStart(4, '0')}`, service: 'transaction', day: '2026-11-24', priority: 0, hasContact: false });
      insert.run(randomUUID(), 'ticket.issued', new Date().toISOString(), payload);
      done++;
    }
    return countPages ? walFrames(db) / done : (done / (performance.now() - t0)) * 1000;
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Alternating rounds in the same run (disk and CPU drift hit both), median of each. */
export async function benchDurable(options: { rounds: number; actions: number; budgetMs: number }): Promise<DurableResult> {
  const rounds: { ours: number; bare: number }[] = [];
  for (let r = 0; r < options.rounds; r++) {
    const bare = bareOnce(options.actions, options.budgetMs);
    const ours = await oursOnce(options.actions, options.budgetMs);
    rounds.push({ ours: round(ours, 0), bare: round(bare, 0) });
  }
  const ours = median(rounds.map((r) => r.ours));
  const bare = median(rounds.map((r) => r.bare));
  const pages = { ours: round(await oursOnce(500, options.budgetMs * 10, true), 2), bare: round(bareOnce(500, options.budgetMs * 10, true), 2) };
  return {
    walPagesPerAction: pages,
    oursPerSec: ours,
    barePerSec: bare,
    ratio: ours !== null && bare ? round(ours / bare, 2) : null,
    rounds,
    dir: process.env.FRONTDESK_BENCH_DIR ?? '.cache (project disk)',
    note: 'WAL + synchronous=FULL, one commit per action; ours = QueueService.issue (event + ticket, day rows, in one transaction)',
  };
}
