import { createHash } from 'node:crypto';
import { closeSync, fsyncSync, openSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { isMap, isScalar, isSeq, parseDocument, type Document } from 'yaml';
import { sameValue } from './rules/config-diff.js';
import { isRecord } from './rules/secrets.js';

/** The config file as it is on disk now, and its version (a digest of its bytes). */
export interface ConfigFileState {
  text: string;
  version: string;
}

export function versionOf(text: string): string {
  // A letter first: never read as a number (YAML, telemetry's phone-number scrubbing).
  return `v${createHash('sha256').update(text).digest('hex').slice(0, 16)}`;
}

export function readConfigFile(file: string): ConfigFileState {
  const text = readFileSync(file, 'utf8');
  return { text, version: versionOf(text) };
}

/**
 * The file's text with `next` as its content, edited through the yaml Document so comments, key
 * order, quoting and flow style of every untouched part stay as they were. Only changed values are
 * written; new keys go after the existing ones, removed ones go with their comments.
 */
export function rewriteYaml(text: string, next: Record<string, unknown>): string {
  const doc = parseDocument(text);
  patch(doc, [], doc.toJS(), next);
  // No re-wrapping of long lines (PIN hashes stay on one line).
  return doc.toString({ lineWidth: 0 });
}

function patch(doc: Document, path: (string | number)[], before: unknown, after: unknown): void {
  if (sameValue(before, after)) return;
  const node = path.length === 0 ? doc.contents : doc.getIn(path, true);
  if (isRecord(before) && isRecord(after) && isMap(node)) {
    for (const key of Object.keys(before)) if (!(key in after)) doc.deleteIn([...path, key]);
    for (const [key, value] of Object.entries(after)) {
      if (key in before) patch(doc, [...path, key], before[key], value);
      else doc.setIn([...path, key], doc.createNode(value));
    }
    return;
  }
  if (Array.isArray(before) && Array.isArray(after) && isSeq(node)) {
    for (let i = before.length - 1; i >= after.length; i--) doc.deleteIn([...path, i]);
    after.forEach((value, i) => (i < before.length ? patch(doc, [...path, i], before[i], value) : doc.addIn(path, doc.createNode(value))));
    return;
  }
  if (isScalar(node) && !isRecord(after) && !Array.isArray(after)) {
    node.value = after; // keeps the scalar's comment and quoting
    return;
  }
  if (path.length === 0) doc.contents = doc.createNode(after);
  else doc.setIn(path, doc.createNode(after));
}

/**
 * Replaces the file so that a crash or a full disk at any moment leaves either the old or the new
 * file, never a part: write a temp file in the same folder, fsync it, rename it over the file, fsync
 * the folder (so the rename itself is on disk). The file keeps its permissions (it holds secrets).
 */
export function writeFileAtomically(file: string, text: string): void {
  const dir = dirname(file);
  const temp = join(dir, `.${basename(file)}.${process.pid}.${Date.now()}.tmp`);
  const mode = statSync(file).mode & 0o777;
  try {
    const fd = openSync(temp, 'wx', mode);
    try {
      writeSync(fd, text);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, file);
  } catch (err) {
    try {
      unlinkSync(temp);
    } catch {
      /* never created, or already renamed */
    }
    throw err;
  }
  const dirFd = openSync(dir, 'r');
  try {
    fsyncSync(dirFd);
  } finally {
    closeSync(dirFd);
  }
}

/** Temp files a killed save left behind (the config itself is whole): removed at start. */
export function removeStaleTempFiles(file: string): number {
  const prefix = `.${basename(file)}.`;
  let removed = 0;
  for (const name of readdirSync(dirname(file))) {
    if (!name.startsWith(prefix) || !name.endsWith('.tmp')) continue;
    try {
      unlinkSync(join(dirname(file), name));
      removed++;
    } catch {
      /* another process's save in progress, or gone */
    }
  }
  return removed;
}
