import type { Member } from './member-validity.js';

export interface MemberChanges {
  added: Member[];
  updated: { before: Member; after: Member }[];
  removed: Member[];
  unchanged: number;
}

/** What a re-import changes, comparing the rows this source imported last time with the new ones. */
export function diffMembers(previous: readonly Member[], next: readonly Member[]): MemberChanges {
  const before = new Map(previous.map((m) => [m.card, m]));
  const changes: MemberChanges = { added: [], updated: [], removed: [], unchanged: 0 };
  const seen = new Set<string>();
  for (const m of next) {
    seen.add(m.card);
    const old = before.get(m.card);
    if (!old) changes.added.push(m);
    else if (!sameMember(old, m)) changes.updated.push({ before: old, after: m });
    else changes.unchanged++;
  }
  for (const m of previous) if (!seen.has(m.card)) changes.removed.push(m);
  return changes;
}

function sameMember(a: Member, b: Member): boolean {
  return a.name === b.name && a.status === b.status && a.validUntil === b.validUntil && a.suspendedFrom === b.suspendedFrom && a.suspendedTo === b.suspendedTo;
}
