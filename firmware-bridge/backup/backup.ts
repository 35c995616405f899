import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { chownSync, cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { basename, join, relative, resolve, sep } from 'node:path';
import { DATABASE_FILE, databasePath } from '../store/database.js';

/** Backups are folders named `frontdesk-backup-<UTC time>[-label]`: they sort by age. */
export const BACKUP_PREFIX = 'frontdesk-backup-';
const MANIFEST = 'manifest.json';
const DATA_FOLDER = 'data';
const CONFIG_FOLDER = 'config';
/** Restore keeps what it replaced in the data dir under this prefix (never backed up again). */
const REPLACED_PREFIX = 'replaced-by-restore-';

/** A backup or restore that cannot be done, said in one line for the operator. */
export class BackupError extends Error {}

export interface BackupManifest {
  format: 1;
  createdAt: string;
  host: string;
  productVersion: string;
  /** Migration versions in the copied database (what a release must know to open it). */
  schemaVersions: number[];
  /** Absolute path of the config file the backup was taken with, if one was copied. */
  configFile: string | null;
  /** sha256 of every file in the backup (relative path → hex), checked before a restore. */
  files: Record<string, string>;
}

export interface BackupOptions {
  dataDir: string;
  /** The config file's path and content (read before the command drops root). */
  config?: { file: string; content: Buffer };
  toDir: string;
  productVersion: string;
  now?: Date;
  label?: string;
}

export interface BackupResult {
  dir: string;
  manifest: BackupManifest;
}

/**
 * A consistent copy of the desk, taken while the service runs: the database through SQLite's
 * online backup (every page of one committed state, WAL included), the config, and every other
 * file of the data dir (card-hash key, telemetry outbox, key-chain anchor and signatures). Written
 * under a temporary name and renamed at the end, so a half-written backup is never listed.
 */
export async function createBackup(options: BackupOptions): Promise<BackupResult> {
  const dataDir = resolve(options.dataDir);
  const source = databasePath(dataDir);
  if (!existsSync(source)) throw new BackupError(`${source}: no database to back up (has the service ever started with this data dir?)`);
  const toDir = resolve(options.toDir);
  mkdirSync(toDir, { recursive: true, mode: 0o750 });
  const now = options.now ?? new Date();
  const name = `${BACKUP_PREFIX}${timestamp(now)}${options.label ? `-${options.label.replace(/[^A-Za-z0-9_.-]/g, '_')}` : ''}`;
  const final = join(toDir, name);
  if (existsSync(final)) throw new BackupError(`${final} already exists`);
  const partial = `${final}.partial`;
  rmSync(partial, { recursive: true, force: true });
  mkdirSync(partial, { mode: 0o750 });
  try {
    const db = new Database(source, { readonly: true, fileMustExist: true });
    try {
      db.pragma('busy_timeout = 5000');
      await db.backup(join(partial, DATABASE_FILE));
    } finally {
      db.close();
    }
    const schemaVersions = checkedSchemaVersions(join(partial, DATABASE_FILE));
    copyDataFiles(dataDir, join(partial, DATA_FOLDER), [toDir]);
    if (options.config) {
      mkdirSync(join(partial, CONFIG_FOLDER));
      writeFileSync(join(partial, CONFIG_FOLDER, basename(options.config.file)), options.config.content, { mode: 0o640 });
    }
    const manifest: BackupManifest = {
      format: 1,
      createdAt: now.toISOString(),
      host: hostname(),
      productVersion: options.productVersion,
      schemaVersions,
      configFile: options.config ? resolve(options.config.file) : null,
      files: hashFiles(partial),
    };
    writeFileSync(join(partial, MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`, { mode: 0o640 });
    renameSync(partial, final);
    return { dir: final, manifest };
  } catch (err) {
    rmSync(partial, { recursive: true, force: true });
    throw err;
  }
}

/** Complete backups in a folder, oldest first. */
export function listBackups(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && e.name.startsWith(BACKUP_PREFIX) && !e.name.endsWith('.partial') && existsSync(join(dir, e.name, MANIFEST)))
    .map((e) => join(dir, e.name))
    .sort();
}

/** Keeps the newest `keep` backups in `dir` and deletes the rest; returns what was deleted. */
export function pruneBackups(dir: string, keep: number): string[] {
  if (!Number.isInteger(keep) || keep < 1) throw new BackupError(`--keep must be a whole number ≥ 1 (got ${keep})`);
  const all = listBackups(dir);
  const doomed = all.slice(0, Math.max(0, all.length - keep));
  for (const old of doomed) rmSync(old, { recursive: true, force: true });
  return doomed;
}

/** Reads a backup's manifest and checks every file against it; throws BackupError on any difference. */
export function verifyBackup(dir: string): BackupManifest {
  const file = join(dir, MANIFEST);
  if (!existsSync(file)) throw new BackupError(`${dir}: not a frontdesk backup (no ${MANIFEST})`);
  const manifest = JSON.parse(readFileSync(file, 'utf8')) as BackupManifest;
  if (manifest.format !== 1) throw new BackupError(`${file}: unknown backup format ${String(manifest.format)}`);
  const actual = hashFiles(dir);
  for (const [path, hash] of Object.entries(manifest.files)) {
    if (actual[path] === undefined) throw new BackupError(`${dir}: ${path} is missing`);
    if (actual[path] !== hash) throw new BackupError(`${dir}: ${path} does not match its checksum (damaged backup)`);
  }
  if (!manifest.files[DATABASE_FILE]) throw new BackupError(`${dir}: the backup has no database`);
  return manifest;
}

export interface RestoreOptions {
  backupDir: string;
  dataDir: string;
  /** The config file to put back; undefined keeps the current config. */
  configFile?: string;
  now?: Date;
}

export interface RestoreResult {
  manifest: BackupManifest;
  /** Where the replaced database and files were moved, inside the data dir. */
  replacedDir: string;
  configRestored: boolean;
}

/**
 * Puts a backup back into a stopped desk. The database and data files it replaces are moved
 * aside (not deleted) into the data dir; restored files get the data dir's owner, and a restored
 * config keeps the current file's owner and mode.
 */
export function restoreBackup(options: RestoreOptions): RestoreResult {
  const backupDir = resolve(options.backupDir);
  const manifest = verifyBackup(backupDir);
  const dataDir = resolve(options.dataDir);
  mkdirSync(dataDir, { recursive: true });
  const owner = statSync(dataDir);
  const replacedDir = join(dataDir, `${REPLACED_PREFIX}${timestamp(options.now ?? new Date())}`);
  mkdirSync(replacedDir);

  const backupData = join(backupDir, DATA_FOLDER);
  const restoredNames = [DATABASE_FILE, ...(existsSync(backupData) ? readdirSync(backupData) : [])];
  // The WAL and shared-memory files belong to the database being replaced: they go with it.
  for (const name of [...restoredNames, `${DATABASE_FILE}-wal`, `${DATABASE_FILE}-shm`, `${DATABASE_FILE}-journal`]) {
    if (existsSync(join(dataDir, name))) renameSync(join(dataDir, name), join(replacedDir, name));
  }
  cpSync(join(backupDir, DATABASE_FILE), join(dataDir, DATABASE_FILE));
  if (existsSync(backupData)) cpSync(backupData, dataDir, { recursive: true });
  if (process.getuid?.() === 0) for (const name of restoredNames) chownTree(join(dataDir, name), owner.uid, owner.gid);

  let configRestored = false;
  if (options.configFile !== undefined && manifest.configFile) {
    const saved = join(backupDir, CONFIG_FOLDER, basename(manifest.configFile));
    if (existsSync(saved)) {
      const target = resolve(options.configFile);
      const previous = existsSync(target) ? statSync(target) : null;
      if (previous) cpSync(target, join(replacedDir, `config-${basename(target)}`));
      writeFileSync(target, readFileSync(saved), { mode: previous ? previous.mode & 0o777 : 0o640 });
      if (previous && process.getuid?.() === 0) chownSync(target, previous.uid, previous.gid);
      configRestored = true;
    }
  }
  if (process.getuid?.() === 0) chownSync(replacedDir, owner.uid, owner.gid);
  return { manifest, replacedDir, configRestored };
}

function checkedSchemaVersions(file: string): number[] {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const verdict = db.pragma('quick_check', { simple: true });
    if (verdict !== 'ok') throw new BackupError(`${file}: the copied database fails its check (${String(verdict)})`);
    const hasTable = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'").get();
    return hasTable ? (db.prepare('SELECT version FROM schema_migrations ORDER BY version').pluck().all() as number[]) : [];
  } finally {
    db.close();
  }
}

/** Everything in the data dir but the live database files, earlier restores' leftovers and backup folders inside it. */
function copyDataFiles(dataDir: string, to: string, skipDirs: string[]): void {
  const skipped = new Set([DATABASE_FILE, `${DATABASE_FILE}-wal`, `${DATABASE_FILE}-shm`, `${DATABASE_FILE}-journal`]);
  mkdirSync(to);
  for (const entry of readdirSync(dataDir, { withFileTypes: true })) {
    const path = join(dataDir, entry.name);
    if (skipped.has(entry.name) || entry.name.startsWith(REPLACED_PREFIX) || entry.name.startsWith(BACKUP_PREFIX)) continue;
    if (skipDirs.some((dir) => dir === path || dir.startsWith(`${path}${sep}`))) continue;
    if (!entry.isFile() && !entry.isDirectory()) continue;
    cpSync(path, join(to, entry.name), { recursive: true });
  }
}

function hashFiles(root: string): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile() && !(dir === root && entry.name === MANIFEST)) files[relative(root, path)] = createHash('sha256').update(readFileSync(path)).digest('hex');
    }
  };
  walk(root);
  return files;
}

function chownTree(path: string, uid: number, gid: number): void {
  if (!existsSync(path)) return;
  chownSync(path, uid, gid);
  if (statSync(path).isDirectory()) for (const name of readdirSync(path)) chownTree(join(path, name), uid, gid);
}

/** 2026-11-30T02:30:00.123Z → 20261130-023000.123 (UTC, sorts by age). */
function timestamp(date: Date): string {
  return date.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 19);
}
