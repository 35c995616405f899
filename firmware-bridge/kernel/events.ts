import type { Score } from './score.js';

/*
 * The event contract (types named `noun.past_tense`, docs/architecture.md#how-data-moves): every
 * event type and the payload it carries. Payloads hold ids, counters, staff numbers, counts and
 * times only — never names, phones, plain cards or typed notes, because every event is also
 * published as telemetry.
 * Payloads are type aliases, not interfaces, so they stay assignable to plain records
 * (`Record<string, unknown>`) for generic readers such as the UI's live-event listeners.
 */

// --- the queue ---

export type TicketIssued = {
  ticketId: string;
  number: string;
  service: string;
  day: string;
  priority: boolean;
  arrival: number;
  hasContact: boolean;
};

/** ticket.called and ticket.skipped. */
export type TicketCalled = {
  ticketId: string;
  number: string;
  service: string;
  counter: string;
  staff: string;
};

export type TicketRecalled = TicketCalled & {
  recalls: number;
};

export type TicketTransferred = {
  ticketId: string;
  number: string;
  fromService: string;
  toService: string;
  newNumber: string;
  counter: string;
  staff: string;
};

export type TicketFinished = TicketCalled & {
  waitSec: number;
  serviceSec: number;
};

export type TicketPrinted = {
  ticketId: string;
  number: string;
  bytes: number;
  /** Printed later from /desk (the printer was down at issue): the staff number who did it. */
  reprintedBy?: string;
};

/** counter.paused: the reason is one of queue.pauseReasons (reports sum pause time by it). */
export type CounterPaused = {
  counter: string;
  staff: string;
  reason: string;
};

/** counter.resumed */
export type CounterResumed = {
  counter: string;
  staff: string;
};

// --- ratings and follow-ups ---

/** Where a press came from: a button panel, or the on-screen buttons / an integrator over HTTP. */
export type RatingSource = 'panel' | 'screen';

export const followUpOutcomes = ['reached', 'satisfied_now', 'still_unhappy', 'unreachable'] as const;
export type FollowUpOutcome = (typeof followUpOutcomes)[number];

export type RatingRecorded = {
  ratingId: string;
  ticketId: string | null;
  ticketNumber: string | null;
  counter: string;
  staff: string | null;
  score: Score;
  hasContact: boolean;
  source: RatingSource;
  day: string;
};

export type RatingIgnored = {
  counter: string;
  staff: string | null;
  score: Score;
  reason: 'repeat';
  source: RatingSource;
  day: string;
};

export type FollowUpOpened = {
  followUpId: string;
  /** null: a complaint's callback (no rating opened it). */
  ratingId: string | null;
  ticketId: string;
  counter: string;
  staff: string | null;
  score: Score;
  dueAt: string;
};

export type FollowUpClosed = {
  followUpId: string;
  ticketId: string;
  counter: string;
  staff: string | null;
  outcome: FollowUpOutcome;
  /** Still unhappy: passed on to the manager role instead of closed. */
  escalated: boolean;
  closedBy: string;
  /** The outcome came before the due time. */
  withinDue: boolean;
};

/** An unreachable callback with attempts left: the follow-up stays open, due again at `nextAttemptAt`. */
export type FollowUpRescheduled = {
  followUpId: string;
  ticketId: string;
  counter: string;
  staff: string | null;
  /** Unreachable calls so far, this one included. */
  attempt: number;
  nextAttemptAt: string;
  by: string;
  /** This call came before the due time. */
  withinDue: boolean;
};

// --- audio ---

/**
 * What was said: `text` always; a queue call or rating invitation names the ticket and counter, a
 * scheduled take its plan key, reason, time announced and take number, a manual one its staff and
 * repeat count. `startedAt`/`durationSec` are added once it was heard.
 */
export type Announcement = {
  kind: 'queue_call' | 'rating_invitation' | 'scheduled' | 'manual';
  text: string;
  ticketId?: string;
  number?: string;
  counter?: string;
  key?: string;
  reason?: string;
  for?: string;
  take?: number;
  repeat?: number;
  staff?: string;
};

export type AnnouncementPlayed = Announcement & {
  startedAt: string;
  durationSec: number;
};

export type AudioChanged = {
  mode: string;
  playlist: string | null;
  volume: number;
  paused: boolean;
};

// --- keys, shifts and members ---

export const keyCategories = ['member_locker', 'owner_key', 'public_area', 'equipment_room'] as const;
export type KeyCategory = (typeof keyCategories)[number];

/** Who a key was lent to: a member (card), an owner, a staff member, or a name with a contact. */
export type HolderKind = 'member' | 'owner' | 'staff' | 'registered';

export type KeyHandedOut = {
  handoutId: string;
  keyId: string;
  category: KeyCategory;
  holderKind: HolderKind;
  cardHash: string | null;
  staff: string;
  approver: string | null;
  handedOutAt: string;
  dueBackAt: string | null;
};

export type KeyReturned = {
  handoutId: string;
  keyId: string;
  category: KeyCategory;
  staff: string;
  cardHash: string | null;
  wrongCard: boolean;
  overdue: boolean;
  outSec: number;
  returnedAt: string;
  /** "desk" for a return at the counter, "reconcile" when confirmed at the end of the shift. */
  via: 'desk' | 'reconcile';
};

export type KeyCorrected = {
  correctsEntry: number;
  handoutId: string;
  keyId: string;
  staff: string;
  fields: string[];
};

export type ShiftReconciled = {
  reportId: string;
  staff: string;
  keysOut: number;
  returned: number;
  stillOut: number;
  missing: number;
  overdue: number;
  wrongReturns: number;
  leftBehind: number;
};

/** complaint.opened: no personal data (what happened and the contact stay in the complaints table). */
export type ComplaintOpened = {
  complaintId: string;
  ticketId: string | null;
  /** Staff number of whoever first took it (首问): owns it until it is closed. */
  owner: string;
  followUpId: string | null;
};

export type ComplaintClosed = {
  complaintId: string;
  owner: string;
  closedBy: string;
  /** Closed within the callback window (3 days) of its opening. */
  withinDue: boolean;
};

/** shift.handed_over: counts only; the written lists stay in the handover table. */
export type ShiftHandedOver = {
  handoverId: string;
  outgoing: string;
  incoming: string;
  keysNotBack: number;
  leftBehind: number;
  wrongCards: number;
  openComplaints: number;
  openFollowUps: number;
  paperwork: number;
};

export type MemberImported = {
  source: string;
  added: number;
  updated: number;
  removed: number;
  unchanged: number;
  rejectedRows: number;
};

/** A member card suspended (停卡, docs/domain.md#card-suspension); the signature stays on the desk, only its SHA-256 is here. */
export type CardSuspended = {
  suspensionId: string;
  cardHash: string;
  from: string;
  to: string;
  months: number;
  /** This suspension's place among the membership year's (1–3), and the year's months with it. */
  part: number;
  monthsThisYear: number;
  signatureSha256: string;
  staff: string;
};

/** A member card handed to a new holder (转卡, docs/domain.md#card-transfer); the holder's name stays on the desk. */
export type CardTransferred = {
  transferId: string;
  cardHash: string;
  remainingDays: number | null;
  validUntil: string | null;
  consultant: string;
  paperKept: boolean;
  staff: string;
};

/** A member card replaced by a new one (补卡, docs/domain.md#card-replacement). */
export type CardReplaced = {
  replacementId: string;
  cardHash: string;
  newCardHash: string;
  feeCents: number;
  receiptNumber: string;
  staff: string;
};

// --- bookings and guests ---

/** A seat booked for today's class (docs/domain.md#same-day-bookings), or a place on its waiting list. */
export type BookingMade = {
  bookingId: string;
  classId: string;
  day: string;
  cardHash: string;
  via: 'swipe' | 'reader';
  waitlisted: boolean;
  signatureSha256: string;
  staff: string;
};

/** A booking cancelled; `promotedBookingId` is the waiting-list booking that got the seat, if any. */
export type BookingCancelled = {
  bookingId: string;
  classId: string;
  day: string;
  cardHash: string;
  promotedBookingId: string | null;
  staff: string;
};

/** A class started: its booked seats counted against check-ins (docs/domain.md#same-day-bookings). */
export type BookingNoShows = {
  classId: string;
  day: string;
  booked: number;
  noShows: number;
};

/** A guest registered at the desk (docs/domain.md#guest-registration): ids and the sales person only, no personal data. */
export type GuestRegistered = {
  guestId: string;
  salesStaff: string | null;
  hasAppointment: boolean;
  referred: boolean;
  staff: string;
};

export type GuestCompleted = {
  guestId: string;
  overdue: boolean;
  staff: string;
};

/** Guest records past `guests.retentionDays` deleted (visits before `beforeDay`). */
export type GuestsPurged = {
  count: number;
  beforeDay: string;
};

// --- devices ---

/** device.fault and device.recovered. */
export type DeviceChanged = {
  device: string;
  kind: string;
  state: string;
  detail: string | null;
};

// --- settings ---

/** A new version of the config file: who (a staff number, or "file" for a hand edit) and which key paths, never values. */
export type SettingsChanged = {
  by: string;
  kind: 'save' | 'rollback' | 'file';
  version: string;
  paths: string[];
};

// --- timed outputs ---

/** A relay's state or mode changed (plan, staff override, last member left); `staff` on a staff action. */
export type OutputChanged = {
  output: string;
  state: 'on' | 'off';
  /** auto = follows the plan; on/off = a staff override. */
  mode: 'on' | 'off' | 'auto';
  reason: 'plan' | 'manual' | 'last_member_left';
  /** When the override ends (ISO with the site's offset), or null. */
  until: string | null;
  staff?: string;
};

// --- alerts ---

/**
 * alert.raised: an alert to the duty manager, committed so it survives a restart and can be counted.
 * Ids of counters, services, devices, follow-ups and complaints only, never a customer or a note.
 */
export type AlertRaised = {
  alertId: string;
  kind: 'unsatisfied_rating' | 'unsatisfied_streak' | 'wait_above_target' | 'device_fault' | 'followup_due_soon' | 'complaint_opened';
  /** "中文 · English", made from the ids below. */
  message: string;
  counter?: string;
  service?: string;
  device?: string;
  followUpId?: string;
  complaintId?: string;
  count?: number;
};

/** The one map from event type to payload. */
export interface EventPayloads {
  'ticket.issued': TicketIssued;
  'ticket.called': TicketCalled;
  'ticket.recalled': TicketRecalled;
  'ticket.skipped': TicketCalled;
  'ticket.transferred': TicketTransferred;
  'ticket.finished': TicketFinished;
  'ticket.printed': TicketPrinted;
  'counter.paused': CounterPaused;
  'counter.resumed': CounterResumed;
  'rating.recorded': RatingRecorded;
  'rating.ignored': RatingIgnored;
  'followup.opened': FollowUpOpened;
  'followup.closed': FollowUpClosed;
  'followup.rescheduled': FollowUpRescheduled;
  'announcement.played': AnnouncementPlayed;
  'audio.changed': AudioChanged;
  'key.handed_out': KeyHandedOut;
  'key.returned': KeyReturned;
  'key.corrected': KeyCorrected;
  'shift.reconciled': ShiftReconciled;
  'complaint.opened': ComplaintOpened;
  'complaint.closed': ComplaintClosed;
  'shift.handed_over': ShiftHandedOver;
  'member.imported': MemberImported;
  'card.suspended': CardSuspended;
  'card.transferred': CardTransferred;
  'card.replaced': CardReplaced;
  'booking.made': BookingMade;
  'booking.cancelled': BookingCancelled;
  'booking.no_shows': BookingNoShows;
  'guest.registered': GuestRegistered;
  'guest.completed': GuestCompleted;
  'guest.purged': GuestsPurged;
  'device.fault': DeviceChanged;
  'device.recovered': DeviceChanged;
  'settings.changed': SettingsChanged;
  'output.changed': OutputChanged;
  'alert.raised': AlertRaised;
}

export type EventType = keyof EventPayloads;

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
  'followup.rescheduled',
  'announcement.played',
  'audio.changed',
  'key.handed_out',
  'key.returned',
  'key.corrected',
  'shift.reconciled',
  'complaint.opened',
  'complaint.closed',
  'shift.handed_over',
  'member.imported',
  'card.suspended',
  'card.transferred',
  'card.replaced',
  'booking.made',
  'booking.cancelled',
  'booking.no_shows',
  'guest.registered',
  'guest.completed',
  'guest.purged',
  'device.fault',
  'device.recovered',
  'settings.changed',
  'output.changed',
  'alert.raised',
] as const satisfies readonly EventType[];

/** Compiles only while the list names every type of the map (`satisfies` above checks the other way). */
export type EveryEventTypeListed = Expect<[Exclude<EventType, (typeof eventTypes)[number]>] extends [never] ? true : false>;
type Expect<T extends true> = T;

/** An event the domain decided on, not yet stored; `switch (event.type)` narrows `payload`. */
export type NewEvent<T extends EventType = EventType> = T extends EventType ? { type: T; payload: EventPayloads[T] } : never;

/** An event committed to the log: `id` is unique (for de-duplication), `seq` is its order. */
export type StoredEvent<T extends EventType = EventType> = T extends EventType ? { id: string; seq: number; type: T; at: string; payload: EventPayloads[T] } : never;

/** The stored form of the events a commit was given. */
export type Stored<E extends NewEvent> = StoredEvent<E['type']>;

/** Narrows an event to the given types (for `find`/`filter`, where `switch` does not reach). */
export function isEventOf<T extends EventType>(...types: T[]) {
  return (event: StoredEvent): event is StoredEvent<T> => (types as EventType[]).includes(event.type);
}
