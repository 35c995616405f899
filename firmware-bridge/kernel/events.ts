/** Every event type, named `noun.past_tense` (docs/architecture.md#how-data-moves). */
export const eventTypes = [
  'ticket.issued',
  'ticket.called',
  'ticket.recalled',
  'ticket.skipped',
  'ticket.transferred',
  'ticket.finished',
  'ticket.printed',
  'counter.paused',
  'counter.resumed',
  'rating.recorded',
  'rating.ignored',
  'followup.opened',
  'followup.closed',
  'announcement.played',
  'audio.changed',
  'key.handed_out',
  'key.returned',
  'key.corrected',
  'shift.reconciled',
  'member.imported',
  'device.fault',
  'device.recovered',
] as const;

export type EventType = (typeof eventTypes)[number];

/** An event the domain decided on, not yet stored. */
export interface NewEvent<P extends object = object> {
  type: EventType;
  payload: P;
}

/** An event committed to the log: `id` is unique (for de-duplication), `seq` is its order. */
export interface StoredEvent<P extends object = Record<string, unknown>> {
  id: string;
  seq: number;
  type: EventType;
  at: string;
  payload: P;
}
