import { createHmac, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { normalizeCard } from '../kernel/card-number.js';
import type { CardHasher } from './sanitize.js';

const keyFileName = 'telemetry-card-hash.key';

/**
 * The key for card hashes: the configured one, else a random key made once and kept in the data
 * dir, so the same card hashes the same across restarts (managers can count repeat visitors) while
 * nobody without the key can reverse or test a card number.
 */
export function loadCardHashKey(dataDir: string, configured?: string): string {
  if (configured) return configured;
  const file = join(dataDir, keyFileName);
  if (existsSync(file)) {
    const key = readFileSync(file, 'utf8').trim();
    if (key.length >= 16) return key;
  }
  mkdirSync(dataDir, { recursive: true });
  const key = randomBytes(32).toString('hex');
  writeFileSync(file, `${key}\n`, { mode: 0o600 });
  return key;
}

/** Cards are compared as the keys feature does: spaces removed, upper case. */
export function createCardHasher(key: string): CardHasher {
  return (card) => `${createHmac('sha256', key).update(card.replace(/\s+/g, '').toUpperCase()).digest('hex').slice(0, 32)}`;
}

/** Card hashes share the telemetry key (one key per desk), so a card hashes the same in every feature and event. */
export function deskCardHasher(dataDir: string, configuredKey?: string): (card: string) => string {
  const hasher = createCardHasher(loadCardHashKey(dataDir, configuredKey));
  return (card) => hasher(normalizeCard(card));
}
