import { closeSync, fsyncSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';

/** Where archived rows go: `{dataDir}/archive/`, one gzip NDJSON file per batch. */
export function archiveDir(dataDir: string): string {
  return join(dataDir, 'archive');
}

/**
 * Writes rows as gzip NDJSON, durably (written whole, fsynced, then renamed): only once this
 * returned may the caller delete the rows from the database.
 */
export function writeArchive(dataDir: string, name: string, rows: readonly object[]): string {
  const dir = archiveDir(dataDir);
  mkdirSync(dir, { recursive: true });
  const file = join(dir, name);
  const body = gzipSync(rows.map((r) => JSON.stringify(r)).join('\n') + '\n');
  const fd = openSync(`${file}.tmp`, 'w');
  try {
    writeSync(fd, body);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(`${file}.tmp`, file);
  const dirFd = openSync(dir, 'r');
  try {
    fsyncSync(dirFd); // the rename itself survives a power cut
  } finally {
    closeSync(dirFd);
  }
  return file;
}

/** The rows of one archive file. */
export function readArchive<T>(file: string): T[] {
  return gunzipSync(readFileSync(file))
    .toString('utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as T);
}

/** Archive files whose names start with `prefix`, in name order. */
export function archiveFiles(dataDir: string, prefix: string): string[] {
  try {
    return readdirSync(archiveDir(dataDir))
      .filter((n) => n.startsWith(prefix) && n.endsWith('.ndjson.gz'))
      .sort()
      .map((n) => join(archiveDir(dataDir), n));
  } catch {
    return [];
  }
}
