import { localParts, minutesOf, weekdayOf, type Weekday } from '../../kernel/local-time.js';
import { refuse, type Refusal } from '../../kernel/refusal.js';

/** A class as bookings see it: the config's class with seats, under its booking id. */
export interface BookableClass {
  id: string;
  name: { zh: string; en: string };
  days: readonly Weekday[];
  at: string;
  seats: number;
  /** Dates the class does not take place. */
  cancelled: readonly string[];
}

/** The config's classes that have seats, each under its id (given, or its English name lower-cased with dashes). */
export function bookableClasses(
  classes: readonly { id?: string; name: { zh: string; en: string }; days: readonly Weekday[]; at: string; seats?: number; cancelled?: readonly string[] }[],
): BookableClass[] {
  return classes.flatMap((c) => (c.seats ? [{ id: c.id ?? classIdOf(c.name.en), name: c.name, days: c.days, at: c.at, seats: c.seats, cancelled: c.cancelled ?? [] }] : []));
}

export function classIdOf(englishName: string): string {
  return englishName.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 40);
}

/** How the card was read at the desk: swiped by staff, or read by the card reader. Anything else is not a card read. */
export const cardReads = ['swipe', 'reader'] as const;
export type CardRead = (typeof cardReads)[number];

export interface BookingRequest {
  classId: string;
  card: string | null;
  via: string | null;
  hasSignature: boolean;
}

export interface BookingSituation {
  now: number;
  tz: string;
  opensAt: string;
  classes: readonly BookableClass[];
  /** Bookings already holding a seat or waiting for this class today (cancelled ones not counted). */
  seatsTaken: number;
  /** This card already has a live booking for this class today. */
  alreadyBooked: boolean;
  /** The members' card check (valid today?), asked only once the request is otherwise in order. */
  checkCard: () => { valid: true } | { valid: false; message: string };
}

export type BookingDecision = { cls: BookableClass; day: string; waitlisted: boolean } | Refusal;

/**
 * §一 动感单车的预定: today's classes only, from the opening hour until the class starts; a card read at
 * the desk and the member's signature; a full class puts the booking on the waiting list.
 */
export function decideBooking(req: BookingRequest, s: BookingSituation): BookingDecision {
  if (!req.card || !req.via || !(cardReads as readonly string[]).includes(req.via))
    return refuse(409, 'card_read_required', '预订须在前台刷会员卡，不接受电话预订 · A booking needs the member card read at the desk; no phone bookings');
  if (!req.hasSignature) return refuse(409, 'signature_required', '预订须会员本人签字 · The member must sign the booking');
  const cls = s.classes.find((c) => c.id === req.classId);
  if (!cls) return refuse(404, 'unknown_class', `没有可预订的课程“${req.classId}” · No bookable class "${req.classId}"`);
  const local = localParts(s.now, s.tz);
  const day = local.date;
  if (!cls.days.includes(weekdayOf(day))) return refuse(409, 'class_not_today', `${cls.name.zh}今天没有课，只能预订当天的课 · ${cls.name.en} is not on today; only today's classes can be booked`);
  if (cls.cancelled.includes(day)) return refuse(409, 'class_cancelled', `${cls.name.zh}今天停课 · ${cls.name.en} is cancelled today`);
  if (local.minutes < minutesOf(s.opensAt))
    return refuse(409, 'booking_not_open', `当天课程 ${s.opensAt} 起开始预订 · Today's classes can be booked from ${s.opensAt}`);
  if (local.minutes >= minutesOf(cls.at)) return refuse(409, 'class_started', `${cls.name.zh}已开始 · ${cls.name.en} has started`);
  if (s.alreadyBooked) return refuse(409, 'already_booked', '此卡已预订这节课 · This card is already booked for this class');
  const card = s.checkCard();
  if (!card.valid) return refuse(409, 'card_not_valid', card.message);
  return { cls, day, waitlisted: s.seatsTaken >= cls.seats };
}

/** The start instant is past: the booking can no longer be cancelled or checked in. */
export function classHasStarted(cls: Pick<BookableClass, 'at'>, day: string, now: number, tz: string): boolean {
  const local = localParts(now, tz);
  return local.date > day || (local.date === day && local.minutes >= minutesOf(cls.at));
}

export interface ListedBooking {
  id: string;
  seq: number;
  status: 'booked' | 'waiting' | 'cancelled';
}

/** On a cancel, the seat goes to the first on the waiting list (in booking order), if the cancelled one held a seat. */
export function promotionOnCancel<B extends ListedBooking>(cancelled: B, live: readonly B[]): B | null {
  if (cancelled.status !== 'booked') return null;
  const waiting = live.filter((b) => b.status === 'waiting' && b.id !== cancelled.id).sort((a, b) => a.seq - b.seq);
  return waiting[0] ?? null;
}

/** The seats left and the waiting list's length, e.g. for the class announcement. */
export function seatCount(cls: Pick<BookableClass, 'seats'>, bookings: readonly ListedBooking[]) {
  const booked = bookings.filter((b) => b.status === 'booked').length;
  return { seats: cls.seats, booked, free: Math.max(0, cls.seats - booked), waiting: bookings.filter((b) => b.status === 'waiting').length };
}
