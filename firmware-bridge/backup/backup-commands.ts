import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig, type LoadedConfig } from '../../config/load-config.js';
import { databasePath } from '../store/database.js';
import { eventStoreMigrations } from '../store/event-store.js';
import { createFeatures } from '../desk.js';
import { productVersion } from '../telemetry/version.js';
import { BackupError, createBackup, pruneBackups, restoreBackup } from './backup.js';
import { checkPendingMigrations } from './migration-check.js';

const DEFAULT_CONFIG = 'config/default.yaml';
/** The unit this product installs; restore refuses while it is active. */
const SERVICE_UNIT = 'frontdesk.service';

/** Backups go into the data dir unless told otherwise (the one place the hardened service and its timer may write). */
export function defaultBackupDir(dataDir: string): string {
  return join(dataDir, 'backups');
}

/** `frontdesk backup [--to DIR] [--keep N] [--label L] [--config FILE]` */
export async function runBackupCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { to: { type: 'string' }, keep: { type: 'string' }, label: { type: 'string' }, config: { type: 'string' } },
    strict: true,
  });
  const keep = values.keep === undefined ? undefined : Number(values.keep);
  if (keep !== undefined && (!Number.isInteger(keep) || keep < 1)) return usageError(`--keep must be a whole number ≥ 1 (got "${values.keep}")`);
  const loaded = loadConfigOrReport(values.config);
  if (!loaded) return 2;
  const config = { file: loaded.file, content: readFileSync(loaded.file) };
  dropRootToDataDirOwner(loaded.dataDir);
  const toDir = values.to ?? defaultBackupDir(loaded.dataDir);
  return reportBackupErrors(async () => {
    const { dir, manifest } = await createBackup({ dataDir: loaded.dataDir, config, toDir, productVersion: productVersion(), label: values.label });
    console.log(`${dir}: backed up ${Object.keys(manifest.files).length} files (schema ${manifest.schemaVersions.length} migrations, version ${manifest.productVersion})`);
    if (keep !== undefined) for (const old of pruneBackups(toDir, keep)) console.log(`${old}: removed (keeping the newest ${keep})`);
    return 0;
  });
}

/** `frontdesk restore BACKUP_DIR [--keep-config] [--config FILE]` — only while the service is stopped. */
export async function runRestoreCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: { config: { type: 'string' }, 'keep-config': { type: 'boolean' } },
    allowPositionals: true,
    strict: true,
  });
  if (positionals.length !== 1) return usageError('usage: frontdesk restore BACKUP_DIR [--keep-config] [--config FILE]');
  const loaded = loadConfigOrReport(values.config);
  if (!loaded) return 2;
  const running = await serviceRunning(loaded);
  if (running) {
    console.error(`frontdesk restore: refused: the service is running (${running}). Stop it first: sudo systemctl stop frontdesk`);
    return 1;
  }
  return reportBackupErrors(async () => {
    const result = restoreBackup({ backupDir: positionals[0], dataDir: loaded.dataDir, configFile: values['keep-config'] ? undefined : loaded.file });
    console.log(`restored ${positionals[0]} (taken ${result.manifest.createdAt}, version ${result.manifest.productVersion}) into ${loaded.dataDir}`);
    console.log(result.configRestored ? `  config restored to ${loaded.file}` : '  config kept as it is');
    console.log(`  what it replaced: ${result.replacedDir}`);
    console.log('  start the service: sudo systemctl start frontdesk');
    return 0;
  });
}

/**
 * `frontdesk upgrade-check [--backup-to DIR] [--allow-incompatible] [--config FILE]`, run by the
 * installer from the *new* release before it switches: exit 0 when the release running now can
 * still use the database after this release's migrations (a backup is taken first when there are
 * any), exit 1 with the reasons when it could not.
 */
export async function runUpgradeCheckCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { config: { type: 'string' }, 'backup-to': { type: 'string' }, 'allow-incompatible': { type: 'boolean' } },
    strict: true,
  });
  const loaded = loadConfigOrReport(values.config);
  if (!loaded) return 2;
  const config = { file: loaded.file, content: readFileSync(loaded.file) };
  dropRootToDataDirOwner(loaded.dataDir);
  const migrations = [...eventStoreMigrations, ...createFeatures().flatMap((f) => f.migrations ?? [])];
  return reportBackupErrors(async () => {
    const check = await checkPendingMigrations(databasePath(loaded.dataDir), migrations);
    if (check.fresh || check.pending.length === 0) {
      console.log(check.fresh ? 'no database yet: nothing to migrate' : 'no pending migrations');
      return 0;
    }
    console.log(`pending migrations: ${check.pending.map((m) => `${m.version} ${m.name}`).join(', ')}`);
    if (check.incompatible.length > 0) {
      console.error('the release running now could not use the database after these migrations (no rollback possible):');
      for (const reason of check.incompatible) console.error(`  - ${reason}`);
      if (!values['allow-incompatible']) {
        console.error('upgrade refused before the switch; nothing was changed. To go ahead anyway (rollback then means a restore): --allow-incompatible');
        return 1;
      }
    }
    const { dir } = await createBackup({
      dataDir: loaded.dataDir,
      config,
      toDir: values['backup-to'] ?? defaultBackupDir(loaded.dataDir),
      productVersion: productVersion(),
      label: 'before-migration',
    });
    console.log(`backup before the migrations: ${dir}`);
    return 0;
  });
}

/** Why the service counts as running (systemd says so, or its port answers), or null. */
async function serviceRunning(loaded: LoadedConfig): Promise<string | null> {
  try {
    const state = execFileSync('systemctl', ['is-active', SERVICE_UNIT], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    if (state === 'active' || state === 'activating' || state === 'reloading') return `systemctl: ${SERVICE_UNIT} is ${state}`;
  } catch {
    // Not active, or no systemd here (development machine): the port decides.
  }
  const { host, port } = loaded.config.http;
  const url = `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}/api/health`;
  try {
    await fetch(url, { signal: AbortSignal.timeout(1000) });
    return `${url} answers`;
  } catch {
    return null;
  }
}

/** Run as root (sudo frontdesk backup), files in the data dir must still belong to the service user. */
function dropRootToDataDirOwner(dataDir: string): void {
  if (process.getuid?.() !== 0 || !existsSync(dataDir)) return;
  const { uid, gid } = statSync(dataDir);
  if (uid === 0) return;
  process.setgroups?.([gid]);
  process.setgid?.(gid);
  process.setuid?.(uid);
}

function loadConfigOrReport(file: string | undefined): LoadedConfig | null {
  try {
    return loadConfig(file ?? process.env.FRONTDESK_CONFIG ?? DEFAULT_CONFIG);
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      return null;
    }
    throw err;
  }
}

async function reportBackupErrors(run: () => Promise<number>): Promise<number> {
  try {
    return await run();
  } catch (err) {
    if (err instanceof BackupError) {
      console.error(`frontdesk: ${err.message}`);
      return 1;
    }
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EACCES' || code === 'EPERM' || code === 'ENOSPC' || code === 'EROFS') {
      console.error(`frontdesk: ${(err as Error).message}`);
      return 1;
    }
    throw err;
  }
}

function usageError(message: string): number {
  console.error(message);
  return 2;
}
