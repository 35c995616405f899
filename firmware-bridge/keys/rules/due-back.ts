import { addDays, instantOf, localDay } from '../../kernel/local-time.js';
import { closingInstant, type OpeningHours } from '../../kernel/opening-hours.js';
import type { KeyDefinition } from './key-inventory.js';

/** Public-area and equipment-room keys are lent for a job: half a working day unless configured. */
export const DEFAULT_JOB_MINUTES = 240;

/**
 * When a key handed out at `now` is due back (ms), or null when it is never due.
 * Member lockers: today's closing time (the member leaves with the hall); after closing or on a
 * closed day, the end of the local day.
 */
export function dueBackAt(key: KeyDefinition, now: number, hours: OpeningHours, tz: string): number | null {
  if (key.dueBackMinutes === null) return null;
  if (key.dueBackMinutes !== undefined) return now + key.dueBackMinutes * 60_000;
  switch (key.category) {
    case 'member_locker': {
      const closing = closingInstant(now, hours, tz);
      if (closing !== null && closing > now) return closing;
      return instantOf(addDays(localDay(now, tz), 1), '00:00', tz);
    }
    case 'owner_key':
      return null; // an owner signs for their own keys: they keep them
    case 'public_area':
    case 'equipment_room':
      return now + DEFAULT_JOB_MINUTES * 60_000;
  }
}
