import Database from 'better-sqlite3';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrate, type Db, type Migration } from '../store/database.js';

export interface MigrationCheck {
  /** No database yet (first install): nothing to migrate. */
  fresh: boolean;
  pending: Migration[];
  /** Why the release before cannot run on the migrated database; empty when it can. */
  incompatible: string[];
}

interface Column {
  type: string;
  notnull: number;
  pk: number;
  hasDefault: number;
}

interface Schema {
  tables: Map<string, Map<string, Column>>;
  indexes: Map<string, string>;
  triggers: Map<string, { table: string; sql: string }>;
}

/**
 * Before an upgrade switches releases: which migrations the new release would apply, and whether
 * the release running now could still use the database afterwards (so a rollback stays possible).
 * The migrations are tried on a scratch copy of the live database, never on the database itself;
 * the previous release keeps working when everything it knew is still there unchanged: every
 * table, column (type, NOT NULL, key), index and trigger. New tables, new columns with defaults
 * and new indexes are fine; a dropped or renamed column, a changed type, or a new trigger on a
 * table the previous release writes are not.
 */
export async function checkPendingMigrations(dbFile: string, migrations: readonly Migration[]): Promise<MigrationCheck> {
  if (!existsSync(dbFile)) return { fresh: true, pending: [], incompatible: [] };
  const scratchDir = mkdtempSync(join(tmpdir(), 'frontdesk-migration-check-'));
  try {
    const live = new Database(dbFile, { readonly: true, fileMustExist: true });
    let applied: Set<number>;
    try {
      live.pragma('busy_timeout = 5000');
      applied = appliedVersions(live);
      const pending = migrations.filter((m) => !applied.has(m.version)).sort((a, b) => a.version - b.version);
      if (pending.length === 0) return { fresh: false, pending, incompatible: [] };
      await live.backup(join(scratchDir, 'scratch.sqlite'));
    } finally {
      live.close();
    }
    const scratch = new Database(join(scratchDir, 'scratch.sqlite'));
    try {
      const pending = migrations.filter((m) => !applied.has(m.version)).sort((a, b) => a.version - b.version);
      const before = readSchema(scratch);
      try {
        migrate(scratch, migrations);
      } catch (err) {
        return { fresh: false, pending, incompatible: [`a migration fails on this database: ${(err as Error).message}`] };
      }
      return { fresh: false, pending, incompatible: compareSchemas(before, readSchema(scratch)) };
    } finally {
      scratch.close();
    }
  } finally {
    rmSync(scratchDir, { recursive: true, force: true });
  }
}

/** What the previous release relied on and no longer finds as it was. */
export function compareSchemas(before: Schema, after: Schema): string[] {
  const problems: string[] = [];
  for (const [table, columns] of before.tables) {
    const now = after.tables.get(table);
    if (!now) {
      problems.push(`table ${table} is dropped or renamed`);
      continue;
    }
    for (const [name, column] of columns) {
      const changed = now.get(name);
      if (!changed) problems.push(`column ${table}.${name} is dropped or renamed`);
      else if (changed.type !== column.type || changed.notnull !== column.notnull || changed.pk !== column.pk)
        problems.push(`column ${table}.${name} changes from ${describe(column)} to ${describe(changed)}`);
    }
    for (const [name, column] of now) {
      if (!columns.has(name) && column.notnull && !column.pk && !column.hasDefault)
        problems.push(`new column ${table}.${name} is NOT NULL without a default: the previous release's inserts would fail`);
    }
  }
  for (const [index, sql] of before.indexes) {
    if (after.indexes.get(index) !== sql) problems.push(`index ${index} is dropped or changed`);
  }
  for (const [name, trigger] of after.triggers) {
    const old = before.triggers.get(name);
    if (old?.sql === trigger.sql) continue;
    if (before.tables.has(trigger.table)) problems.push(`trigger ${name} on ${trigger.table} is new or changed: the previous release's writes may be refused`);
  }
  for (const name of before.triggers.keys()) if (!after.triggers.has(name)) problems.push(`trigger ${name} is dropped`);
  return problems;
}

export function readSchema(db: Db): Schema {
  const schema: Schema = { tables: new Map(), indexes: new Map(), triggers: new Map() };
  const objects = db.prepare("SELECT type, name, tbl_name AS tableName, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'").all() as {
    type: string;
    name: string;
    tableName: string;
    sql: string | null;
  }[];
  for (const object of objects) {
    if (object.type === 'table') {
      const columns = db.prepare(`SELECT name, upper(type) AS type, "notnull", pk, dflt_value IS NOT NULL AS hasDefault FROM pragma_table_info(?)`).all(object.name) as (Column & { name: string })[];
      schema.tables.set(object.name, new Map(columns.map(({ name, ...column }) => [name, column])));
    } else if (object.type === 'index') schema.indexes.set(object.name, object.sql ?? `auto index on ${object.tableName}`);
    else if (object.type === 'trigger') schema.triggers.set(object.name, { table: object.tableName, sql: object.sql ?? '' });
  }
  return schema;
}

function appliedVersions(db: Db): Set<number> {
  const hasTable = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'").get();
  return new Set(hasTable ? (db.prepare('SELECT version FROM schema_migrations').pluck().all() as number[]) : []);
}

function describe(column: Column): string {
  return `${column.type || 'ANY'}${column.notnull ? ' NOT NULL' : ''}${column.pk ? ' PRIMARY KEY' : ''}`;
}
