import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeTestConfig } from '../fixtures/test-config.js';

/** The demo config with benchmark overrides, written to a temp folder (its own `dataDir` there too). */
export function writeBenchConfig(name: string, overrides: Record<string, unknown> = {}): { dir: string; file: string; dataDir: string } {
  const dir = mkdtempSync(join(tmpdir(), `frontdesk-bench-${name}-`));
  const dataDir = join(dir, 'data');
  return { dir, file: writeTestConfig(dir, { ...overrides, dataDir }), dataDir };
}

/**
 * Overrides every load benchmark needs: no repeat-press filter (10,000 ratings are 10,000 ratings)
 * and a public rate limit no loopback benchmark client reaches.
 */
export function loadOverrides(): Record<string, unknown> {
  return { ratings: { repeatIgnoreSec: 0 }, http: { rateLimitPerMinute: 1_000_000 } };
}
