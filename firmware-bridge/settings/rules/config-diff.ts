import { isRecord, redact } from './secrets.js';

/** One changed value: absent `before` = added, absent `after` = removed. Secrets read REDACTED. */
export interface ConfigChange {
  path: string;
  before?: string;
  after?: string;
}

/**
 * What changed between two raw configs, down to the leaves (a whole added or removed entry is one
 * change). Lists are compared position by position, as the file stores them.
 */
export function diffConfig(before: unknown, after: unknown): ConfigChange[] {
  const changes: ConfigChange[] = [];
  walk(before, after, [], changes);
  return changes;
}

/** The dotted paths of `diffConfig`: what a `settings.changed` event carries. */
export function changedPaths(before: unknown, after: unknown): string[] {
  return diffConfig(before, after).map((c) => c.path);
}

function walk(before: unknown, after: unknown, path: (string | number)[], out: ConfigChange[]): void {
  if (sameValue(before, after)) return;
  if (isRecord(before) && isRecord(after)) {
    for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) walk(before[key], after[key], [...path, key], out);
    return;
  }
  if (Array.isArray(before) && Array.isArray(after)) {
    for (let i = 0; i < Math.max(before.length, after.length); i++) walk(before[i], after[i], [...path, i], out);
    return;
  }
  const change: ConfigChange = { path: path.length ? path.join('.') : '(root)' };
  if (before !== undefined) change.before = show(before, path);
  if (after !== undefined) change.after = show(after, path);
  out.push(change);
}

/** A value as text, with any secret inside it (a whole new staff row, an mqtt block) redacted. */
function show(value: unknown, path: (string | number)[]): string {
  const safe = redact(value, path);
  return typeof safe === 'string' ? safe : JSON.stringify(safe);
}

export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((v, i) => sameValue(v, b[i]));
  if (isRecord(a) && isRecord(b)) {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((k) => k in b && sameValue(a[k], b[k]));
  }
  return false;
}
