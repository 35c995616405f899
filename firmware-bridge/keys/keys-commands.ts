import Database from 'better-sqlite3';
import { existsSync, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig, type LoadedConfig } from '../../config/load-config.js';
import { systemClock } from '../kernel/clock.js';
import { KeysService } from './keys-service.js';
import { deskCardHasher } from '../telemetry/card-hash.js';
import { databasePath, migrate, openDatabase } from '../store/database.js';
import { EventStore, eventStoreMigrations } from '../store/event-store.js';
import { KeysStore, keysMigrations, verifyKeyLog } from './keys-store.js';
import type { ChainVerdict } from './rules/key-chain.js';
import { membersMigrations } from '../members/members-store.js';

const DEFAULT_CONFIG = 'config/default.yaml';

function load(file: string): LoadedConfig | number {
  try {
    return loadConfig(file);
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      return 2;
    }
    throw err;
  }
}

/** `frontdesk verify-log [--config FILE]`: exit 0 when the key log's chain proves out, 1 at the first bad entry. */
export async function runVerifyLogCommand(argv: string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({ args: argv, options: { config: { type: 'string' }, json: { type: 'boolean' } }, strict: true }));
  } catch (err) {
    console.error(`${(err as Error).message}\nusage: frontdesk verify-log [--config FILE] [--json]`);
    return 2;
  }
  const loaded = load(values.config ?? process.env.FRONTDESK_CONFIG ?? DEFAULT_CONFIG);
  if (typeof loaded === 'number') return loaded;
  const file = databasePath(loaded.dataDir);
  if (!existsSync(file)) {
    console.error(`${file}: no database yet (the service has not run with this config)`);
    return 2;
  }
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const hasLog = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'key_log'").get();
    const verdict: ChainVerdict & { archived: number } = hasLog ? verifyKeyLog(new KeysStore(db), loaded.dataDir) : { ok: true, entries: 0, headHash: '', archived: 0 };
    if (values.json) console.log(JSON.stringify(verdict));
    else if (verdict.ok) console.log(`key log ok: ${verdict.entries} entries${verdict.archived ? ` (${verdict.archived} of them archived)` : ''}, chain proves out${verdict.headHash ? ` (head ${verdict.headHash.slice(0, 16)}…)` : ''}`);
    else console.log(`key log BROKEN at entry ${verdict.firstBad!.seq}: ${verdict.firstBad!.problem} — ${verdict.firstBad!.message} (${verdict.entries} entries before it prove out)`);
    return verdict.ok ? 0 : 1;
  } finally {
    db.close();
  }
}

/**
 * `frontdesk import-members FILE [--config FILE]`: replaces the CSV-sourced members, prints what
 * changed. Exit 0 all rows good, 1 some rows rejected (the good ones are imported), 2 unusable.
 */
export async function runImportMembersCommand(argv: string[]): Promise<number> {
  let values;
  let positionals;
  try {
    ({ values, positionals } = parseArgs({ args: argv, options: { config: { type: 'string' }, json: { type: 'boolean' } }, allowPositionals: true, strict: true }));
  } catch (err) {
    console.error(`${(err as Error).message}\nusage: frontdesk import-members FILE [--config FILE] [--json]`);
    return 2;
  }
  const csvFile = positionals[0];
  if (!csvFile || positionals.length > 1) {
    console.error('usage: frontdesk import-members FILE [--config FILE] [--json]');
    return 2;
  }
  let text: string;
  try {
    text = readFileSync(csvFile, 'utf8');
  } catch (err) {
    console.error(`${csvFile}: cannot read: ${(err as Error).message}`);
    return 2;
  }
  const loaded = load(values.config ?? process.env.FRONTDESK_CONFIG ?? DEFAULT_CONFIG);
  if (typeof loaded === 'number') return loaded;
  const db = openDatabase(databasePath(loaded.dataDir));
  try {
    migrate(db, [...eventStoreMigrations, ...keysMigrations, ...membersMigrations]);
    const keys = new KeysService({ config: loaded.config, db, store: new EventStore(db, systemClock), clock: systemClock, hashCard: deskCardHasher(loaded.dataDir, loaded.config.mqtt.cardHashKey) });
    const s = keys.importMembersCsv(text);
    if (values.json) console.log(JSON.stringify(s));
    else {
      console.log(`${csvFile}: added ${s.added.length}, updated ${s.updated.length}, removed ${s.removed.length}, unchanged ${s.unchanged}, rejected ${s.errors.length}`);
      for (const [what, cards] of [['added', s.added], ['updated', s.updated], ['removed', s.removed]] as const) if (cards.length) console.log(`  ${what}: ${cards.join(', ')}`);
      for (const e of s.errors) console.error(`${csvFile}: line ${e.line}${e.card ? ` (${e.card})` : ''}: ${e.message}`);
    }
    return s.fatal ? 2 : s.errors.length ? 1 : 0;
  } finally {
    db.close();
  }
}
