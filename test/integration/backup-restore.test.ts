import { test } from 'uvu';
import * as assert from 'uvu/assert';
import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { checkPendingMigrations } from '../../firmware-bridge/backup/migration-check.js';
import { listBackups } from '../../firmware-bridge/backup/backup.js';
import { eventStoreMigrations } from '../../firmware-bridge/store/event-store.js';
import { createFeatures } from '../../firmware-bridge/desk.js';
import { databasePath, type Migration } from '../../firmware-bridge/store/database.js';
import { startServiceProcess, type ServiceProcess } from '../fixtures/service-process.js';
import { freePort } from '../fixtures/http.js';

const root = mkdtempSync(join(tmpdir(), 'frontdesk-backup-test-'));
const dataDir = join(root, 'data');
const backups = join(root, 'backups');
const configFile = join(root, 'frontdesk.yaml');
const demo = parse(readFileSync('config/default.yaml', 'utf8'));
const service: string = demo.services[0].id;
let port = 0;
let desk: ServiceProcess | null = null;

const cli = (...args: string[]) => {
  const env: NodeJS.ProcessEnv = { ...process.env, FRONTDESK_FROM_SOURCE: '1', FRONTDESK_MQTT_URL: 'off', FRONTDESK_LOG_LEVEL: 'warn' };
  for (const name of ['FRONTDESK_CONFIG', 'FRONTDESK_DATA_DIR', 'FRONTDESK_HTTP_PORT']) delete env[name];
  return spawnSync(process.execPath, ['bin/frontdesk.js', ...args, '--config', configFile], { encoding: 'utf8', env, timeout: 60_000 });
};
const startDesk = async () => {
  desk = await startServiceProcess({ dataDir, config: configFile, env: { FRONTDESK_HTTP_PORT: String(port) } });
  return desk.url;
};
const takeTicket = async (url: string): Promise<string> => {
  const res = await fetch(`${url}/api/tickets`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ service }) });
  assert.is(res.status, 201);
  return (await res.json()).ticket.id;
};
const ticketStatus = async (url: string, id: string) => (await fetch(`${url}/api/tickets/${id}`)).status;
const product = (): Migration[] => [...eventStoreMigrations, ...createFeatures().flatMap((f) => f.migrations ?? [])];

test.before(async () => {
  port = await freePort();
  writeFileSync(configFile, stringify({ ...demo, dataDir, mqtt: 'off', http: { ...demo.http, port } }));
});

test.after(async () => {
  await desk?.stop();
  rmSync(root, { recursive: true, force: true });
});

test('backup while serving, restore refused while serving, restore when stopped brings back exactly the backed-up state', async () => {
  const url = await startDesk();
  const before = await takeTicket(url);
  writeFileSync(join(dataDir, 'keychain-anchor.json'), '{"head":"abc"}\n');
  mkdirSync(join(dataDir, 'signatures'), { recursive: true });
  writeFileSync(join(dataDir, 'signatures', 'M0001-suspend.png'), 'png bytes');

  const backup = cli('backup', '--to', backups);
  assert.is(backup.status, 0, backup.stderr);
  const [dir] = listBackups(backups);
  assert.ok(dir, `a backup folder in ${backups}: ${backup.stdout}`);
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
  for (const file of ['frontdesk.sqlite', 'config/frontdesk.yaml', 'data/keychain-anchor.json', 'data/signatures/M0001-suspend.png', 'data/telemetry-card-hash.key'])
    assert.ok(manifest.files[file], `${file} in the backup: ${Object.keys(manifest.files).join(', ')}`);
  const copy = new Database(join(dir, 'frontdesk.sqlite'), { readonly: true });
  assert.is(copy.pragma('integrity_check', { simple: true }), 'ok');
  copy.close();

  const after = await takeTicket(url);
  const refused = cli('restore', dir);
  assert.is(refused.status, 1);
  assert.match(refused.stderr, 'refused: the service is running');
  assert.is(await ticketStatus(url, after), 200, 'a refused restore changes nothing');

  assert.is(await desk!.stop(), 0);
  writeFileSync(configFile, `${readFileSync(configFile, 'utf8')}# edited after the backup\n`);
  rmSync(join(dataDir, 'signatures'), { recursive: true });
  const restored = cli('restore', dir);
  assert.is(restored.status, 0, restored.stderr);
  assert.not.match(readFileSync(configFile, 'utf8'), 'edited after the backup');
  assert.is(readFileSync(join(dataDir, 'signatures', 'M0001-suspend.png'), 'utf8'), 'png bytes');
  const replaced = readdirSync(dataDir).find((name) => name.startsWith('replaced-by-restore-'));
  assert.ok(replaced && existsSync(join(dataDir, replaced, 'frontdesk.sqlite')), 'the replaced database is kept aside');

  const again = await startDesk();
  assert.is(await ticketStatus(again, before), 200, 'the ticket taken before the backup is back');
  assert.is(await ticketStatus(again, after), 404, 'the ticket taken after the backup is gone');
  await desk!.stop();
  desk = null;
});

test('a damaged backup is refused before anything is replaced', () => {
  const [dir] = listBackups(backups);
  writeFileSync(join(dir, 'data', 'keychain-anchor.json'), '{"head":"forged"}\n');
  const run = cli('restore', dir);
  assert.is(run.status, 1);
  assert.match(run.stderr, 'does not match its checksum');
  assert.is(readFileSync(join(dataDir, 'keychain-anchor.json'), 'utf8'), '{"head":"abc"}\n');
  rmSync(dir, { recursive: true });
});

test('--keep N keeps the newest N backups', () => {
  for (let i = 0; i < 3; i++) assert.is(cli('backup', '--to', backups, '--keep', '2').status, 0);
  assert.is(listBackups(backups).length, 2);
  assert.is(cli('backup', '--keep', '0').status, 2);
});

test('upgrade check: additive migrations pass, breaking ones are refused, the live database is never migrated', async () => {
  const db = databasePath(dataDir);
  const additive: Migration = {
    version: 9001,
    name: 'additive',
    up: (d) => d.exec(`CREATE TABLE later_things (id INTEGER PRIMARY KEY); ALTER TABLE schema_migrations ADD COLUMN note TEXT NOT NULL DEFAULT ''`),
  };
  const breaking: Migration = { version: 9002, name: 'breaking', up: (d) => d.exec('ALTER TABLE meta RENAME COLUMN value TO setting') };
  const failing: Migration = { version: 9003, name: 'failing', up: (d) => d.exec('SELECT * FROM no_such_table') };

  assert.equal(await checkPendingMigrations(db, product()), { fresh: false, pending: [], incompatible: [] });
  const ok = await checkPendingMigrations(db, [...product(), additive]);
  assert.equal([ok.pending.map((m) => m.version), ok.incompatible], [[9001], []]);
  const bad = await checkPendingMigrations(db, [...product(), additive, breaking]);
  assert.equal(bad.incompatible, [
    'column meta.value is dropped or renamed',
    "new column meta.setting is NOT NULL without a default: the previous release's inserts would fail",
  ]);
  const fails = await checkPendingMigrations(db, [...product(), failing]);
  assert.match(fails.incompatible[0], 'a migration fails on this database: no such table');

  const live = new Database(db, { readonly: true });
  assert.is(live.prepare('SELECT count(*) FROM schema_migrations WHERE version > 9000').pluck().get(), 0);
  live.close();
  const none = cli('upgrade-check');
  assert.is(none.status, 0, none.stderr);
  assert.match(none.stdout, 'no pending migrations');
});

test.run();
