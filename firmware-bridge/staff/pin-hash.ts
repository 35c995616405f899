import { randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';

// scrypt cost 2^14: ~30 ms on a Pi 4 per login, slow enough for guessing, fast enough for a desk.
const COST = 16384;
const KEY_LENGTH = 32;

/** `scrypt$COST$salt$hash`, as stored in config `staff[].pinHash`. */
export function hashPin(pin: string, cost = COST): string {
  const salt = randomBytes(16);
  const hash = scryptSync(pin, salt, KEY_LENGTH, { N: cost });
  return `scrypt$${cost}$${salt.toString('base64')}$${hash.toString('base64')}`;
}

export function verifyPin(pin: string, stored: string): boolean {
  const [scheme, costText, saltText, hashText] = stored.split('$');
  if (scheme !== 'scrypt' || !costText || !saltText || !hashText) return false;
  const expected = Buffer.from(hashText, 'base64');
  const actual = scryptSync(pin, Buffer.from(saltText, 'base64'), expected.length, { N: Number(costText) });
  return timingSafeEqual(expected, actual);
}
