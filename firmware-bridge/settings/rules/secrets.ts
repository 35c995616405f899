/** What a redacted secret reads as in `GET /api/settings`; sent back unchanged, the stored value stays. */
export const REDACTED = '[redacted]';

type Path = readonly (string | number)[];

/** Config values that never leave the desk: PIN hashes, the MQTT password, the card-hash key. */
export function isSecretPath(path: Path): boolean {
  const [section, second, third] = path;
  if (section === 'staff') return typeof second === 'number' && third === 'pinHash';
  if (section === 'mqtt') return second === 'password' || second === 'cardHashKey';
  return false;
}

/** A deep copy of a raw config with every secret replaced by REDACTED. */
export function redact(value: unknown, path: Path = []): unknown {
  if (isSecretPath(path) && value !== undefined) return REDACTED;
  if (Array.isArray(value)) return value.map((v, i) => redact(v, [...path, i]));
  if (isRecord(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redact(v, [...path, k])]));
  return value;
}

/**
 * The incoming config with each REDACTED value put back from the stored one. Staff are matched by
 * number (rows may be added, removed or reordered); a redacted PIN of someone the file does not
 * know is dropped, so that person chooses a PIN at login.
 */
export function restoreSecrets(incoming: Record<string, unknown>, stored: Record<string, unknown>): Record<string, unknown> {
  const out = structuredClone(incoming);
  if (Array.isArray(out.staff)) {
    const storedStaff = Array.isArray(stored.staff) ? stored.staff.filter(isRecord) : [];
    for (const member of out.staff.filter(isRecord)) {
      if (member.pinHash !== REDACTED) continue;
      const before = storedStaff.find((s) => s.number === member.number)?.pinHash;
      if (typeof before === 'string') member.pinHash = before;
      else delete member.pinHash;
    }
  }
  if (isRecord(out.mqtt)) {
    const storedMqtt = isRecord(stored.mqtt) ? stored.mqtt : {};
    for (const key of ['password', 'cardHashKey']) {
      if (out.mqtt[key] !== REDACTED) continue;
      if (storedMqtt[key] === undefined) delete out.mqtt[key];
      else out.mqtt[key] = storedMqtt[key];
    }
  }
  return out;
}

/** The stored secrets of `previous` carried over into `next` (a rollback must not bring back an old PIN). */
export function keepCurrentSecrets(next: Record<string, unknown>, current: Record<string, unknown>): Record<string, unknown> {
  return restoreSecrets(redact(next) as Record<string, unknown>, current);
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
