import type { Db, Migration } from '../store/database.js';
import type { ConfigChange } from './rules/config-diff.js';

export const settingsMigrations: Migration[] = [
  {
    version: 600,
    name: 'settings versions',
    up(db) {
      db.exec(`
        -- Every version of the config file the desk has seen: saved from the screen, rolled back,
        -- or found changed on disk (a hand edit). The full text is kept so any version can come back.
        CREATE TABLE settings_versions (
          seq INTEGER PRIMARY KEY,
          version TEXT NOT NULL,
          at TEXT NOT NULL,
          by TEXT NOT NULL,
          kind TEXT NOT NULL CHECK (kind IN ('initial', 'save', 'rollback', 'file')),
          changes TEXT NOT NULL,
          text TEXT NOT NULL
        );
        CREATE INDEX settings_versions_by_version ON settings_versions(version);
      `);
    },
  },
];

export type VersionKind = 'initial' | 'save' | 'rollback' | 'file';

export interface StoredVersion {
  seq: number;
  version: string;
  at: string;
  /** Staff number, or "file" for a change made on disk. */
  by: string;
  kind: VersionKind;
  changes: ConfigChange[];
  text: string;
}

interface Row extends Omit<StoredVersion, 'changes'> {
  changes: string;
}

export class SettingsStore {
  constructor(private readonly db: Db) {}

  /** Called inside the event commit's transaction: the version row and its event land together. */
  add(version: Omit<StoredVersion, 'seq'>): void {
    this.db
      .prepare('INSERT INTO settings_versions (version, at, by, kind, changes, text) VALUES (?, ?, ?, ?, ?, ?)')
      .run(version.version, version.at, version.by, version.kind, JSON.stringify(version.changes), version.text);
  }

  latest(): StoredVersion | undefined {
    const row = this.db.prepare('SELECT * FROM settings_versions ORDER BY seq DESC LIMIT 1').get() as Row | undefined;
    return row && parse(row);
  }

  find(version: string): StoredVersion | undefined {
    const row = this.db.prepare('SELECT * FROM settings_versions WHERE version = ? ORDER BY seq DESC LIMIT 1').get(version) as Row | undefined;
    return row && parse(row);
  }

  recent(limit: number): StoredVersion[] {
    return (this.db.prepare('SELECT * FROM settings_versions ORDER BY seq DESC LIMIT ?').all(limit) as Row[]).map(parse);
  }
}

function parse(row: Row): StoredVersion {
  return { ...row, changes: JSON.parse(row.changes) as ConfigChange[] };
}
