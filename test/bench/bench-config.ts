import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { stringify } from 'yaml';
import { parseYaml, validateConfig } from '../../config/load-config.js';

export const demoConfigFile = resolve('config/default.yaml');

/**
 * The demo config with benchmark overrides, written to a temp folder (its own `dataDir` there too).
 * Overrides are shallow per top-level key, merged one level deep for objects.
 */
export function writeBenchConfig(name: string, overrides: Record<string, unknown> = {}): { dir: string; file: string; dataDir: string } {
  const dir = mkdtempSync(join(tmpdir(), `frontdesk-bench-${name}-`));
  const raw = parseYaml(demoConfigFile, readFileSync(demoConfigFile, 'utf8'));
  for (const [key, value] of Object.entries(overrides)) {
    const current = raw[key];
    raw[key] = isObject(current) && isObject(value) ? { ...current, ...value } : value;
  }
  raw.dataDir = join(dir, 'data');
  const file = join(dir, 'frontdesk.yaml');
  validateConfig(file, raw); // fail here, readably, rather than in a child process
  writeFileSync(file, stringify(raw));
  return { dir, file, dataDir: raw.dataDir as string };
}

/**
 * Overrides every load benchmark needs: no repeat-press filter (10,000 ratings are 10,000 ratings)
 * and, where the schema has one, a public rate limit no loopback benchmark client reaches.
 */
export function loadOverrides(): Record<string, unknown> {
  const overrides: Record<string, unknown> = { ratings: { repeatIgnoreSec: 0 } };
  try {
    const raw = parseYaml(demoConfigFile, readFileSync(demoConfigFile, 'utf8'));
    const http = { ...(raw.http as object), rateLimitPerMinute: 1_000_000 };
    validateConfig(demoConfigFile, { ...raw, http });
    overrides.http = { rateLimitPerMinute: 1_000_000 };
  } catch {
    // this build has no rate limit key
  }
  return overrides;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
