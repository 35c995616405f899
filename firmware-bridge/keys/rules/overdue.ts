import type { Handout } from './key-types.js';

export function isOverdue(h: Pick<Handout, 'dueBackAt' | 'returnedAt'>, now: number): boolean {
  return h.returnedAt === null && h.dueBackAt !== null && now > h.dueBackAt;
}

/** The retained MQTT `keys` payload: counts and key ids only, never holders. */
export function keysTopicPayload(open: readonly Handout[], now: number): { out: number; overdue: number; overdueKeys: string[] } {
  const overdueKeys = open.filter((h) => isOverdue(h, now)).map((h) => h.keyId);
  return { out: open.length, overdue: overdueKeys.length, overdueKeys };
}

/** When the next open key becomes overdue (ms), so a timer can refresh the topic then. */
export function nextOverdueAt(open: readonly Handout[], now: number): number | null {
  let next: number | null = null;
  for (const h of open) if (h.dueBackAt !== null && h.dueBackAt >= now && (next === null || h.dueBackAt < next)) next = h.dueBackAt;
  return next === null ? null : next + 1;
}
