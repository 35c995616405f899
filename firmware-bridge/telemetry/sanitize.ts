
/** Replaces a raw card number by its keyed hash (see card-hash.ts). */
export type CardHasher = (card: string) => string;

/**
 * Keys whose value is personal data and never leaves the desk (compared lower-cased, without `_`/`-`).
 * Substring rules catch `holderName`, `customer_phone`, `memberMobile`, … .
 */
const droppedExact = new Set(['member', 'holder', 'customer', 'person', 'contact', 'signature', 'address', 'email', 'idnumber', 'tel', ...freeText()]);

/** Free text typed at the desk (a manual announcement, a follow-up note) may name anyone: it stays home. */
function freeText(): string[] {
  return ['text', 'note', 'notes', 'comment', 'comments', 'remark', 'remarks'];
}
const droppedParts = ['name', 'phone', 'mobile', 'email', 'signature', 'address', 'birth', 'idcard', 'passport'];

/** Values that look like a phone number are scrubbed wherever they hide (a free-text field, say). */
const phoneLike = /(?<![\dA-Za-z:.+-])(?:\+\d{1,3}[ -]?)?(?:1[3-9]\d[ -]?\d{4}[ -]?\d{4}|0\d{2,3}[ -]?\d{7,8}|\d{7,})(?![\dA-Za-z:.-])/g;
/** Keys whose values are machine identifiers or times: never scrubbed (a UUID or ISO time is not a phone). */
const technicalKey = /^(id|seq|at|type)$|(id|at|sec|ms|count|bytes|number|day)$/i;

function normalise(key: string): string {
  return key.toLowerCase().replace(/[_-]/g, '');
}

function isCardKey(key: string): boolean {
  return normalise(key).includes('card');
}

const alreadyHashed = /^[0-9a-f]{32,64}$/;

function isHashField(key: string): boolean {
  return normalise(key).endsWith('hash');
}

function isDropped(key: string, value: unknown): boolean {
  const k = normalise(key);
  if (typeof value === 'boolean') return false; // `hasContact: true` says nothing about who
  return droppedExact.has(k) || droppedParts.some((part) => k.includes(part));
}

/** Deep copy of a payload with personal fields dropped, cards hashed and phone-like strings masked. */
export function sanitizeValue(value: unknown, hashCard: CardHasher, key = ''): unknown {
  if (Array.isArray(value)) return value.map((v) => sanitizeValue(v, hashCard, key));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      if (isCardKey(k) && isHashField(k) && typeof v === 'string' && alreadyHashed.test(v)) {
        out[k] = v; // e.g. the keys feature's `cardHash`: hashed at the source, kept so managers can correlate
        continue;
      }
      if (isCardKey(k)) {
        if (typeof v === 'string' || typeof v === 'number') out[k] = hashCard(String(v));
        else if (typeof v === 'boolean' || v === null) out[k] = v;
        // a card object (number, holder, …) is dropped whole
        continue;
      }
      if (isDropped(k, v)) continue;
      out[k] = sanitizeValue(v, hashCard, k);
    }
    return out;
  }
  if (typeof value === 'string' && !technicalKey.test(key)) return value.replace(phoneLike, '[redacted]');
  return value;
}

/**
 * An event as the log holds it. Typed events carry no personal data, but this is the last check
 * before anything leaves the site, so it trusts no payload type (any StoredEvent is one of these).
 */
export interface LoggedEvent {
  id: string;
  seq: number;
  type: string;
  at: string;
  payload: object;
}

/** The telemetry message of one event: `{id, seq, type, at, …payload}` without personal data. */
export function sanitizeEvent(event: LoggedEvent, hashCard: CardHasher): Record<string, unknown> {
  const payload = sanitizeValue(event.payload, hashCard) as Record<string, unknown>;
  // The envelope wins over payload fields of the same name: consumers de-duplicate on `id`.
  return { ...payload, id: event.id, seq: event.seq, type: event.type, at: event.at };
}
