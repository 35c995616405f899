import { randomUUID } from 'node:crypto';
import type { FrontdeskConfig } from '../../config/schema/index.js';
import type { Clock, ClockTimer } from '../kernel/clock.js';
import { normalizeCard } from '../kernel/card-number.js';
import { addDays, instantOf, isoLocal, localDay, localParts, minutesOf, weekdayOf } from '../kernel/local-time.js';
import { refuse, type Refusal } from '../kernel/refusal.js';
import type { EventStore } from '../store/event-store.js';
import type { Db } from '../store/database.js';
import { readSignature, storeSignature } from '../members/signature-image.js';
import { bookableClasses, classHasStarted, decideBooking, promotionOnCancel, seatCount, type BookableClass } from './rules/booking-rules.js';
import { BookingsStore, type BookingRow } from './bookings-store.js';

/** The members' card check, asked through the `members` service (bookings never read the members' tables). */
export interface CardCheckSource {
  checkCard(card: string): { valid: true } | { valid: false; message: string };
}

export interface BookingsServiceOptions {
  config: FrontdeskConfig;
  db: Db;
  store: EventStore;
  clock: Clock;
  dataDir: string;
  hashCard: (card: string) => string;
  cards: () => CardCheckSource | undefined;
}

export interface BookingView {
  id: string;
  classId: string;
  day: string;
  card: string;
  via: string;
  status: 'booked' | 'waiting' | 'cancelled';
  checkedIn: boolean;
  at: string;
}

/** Same-day class bookings (docs/domain.md#same-day-bookings): one commit per booking, cancel or check-in. */
export class BookingsService {
  readonly bookings: BookingsStore;
  readonly classes: BookableClass[];
  private readonly tz: string;
  private timer: ClockTimer | null = null;

  constructor(private readonly o: BookingsServiceOptions) {
    this.bookings = new BookingsStore(o.db);
    this.classes = bookableClasses(o.config.classes);
    this.tz = o.config.site.timezone;
  }

  book(req: { class: string; card?: string; via?: string; signature?: string }, staff: string): { booking: BookingView; seats: ReturnType<typeof seatCount> } | Refusal {
    const card = req.card ? normalizeCard(req.card) : null;
    let signature: { png: Buffer; sha256: string } | null = null;
    if (req.signature) {
      const read = readSignature(req.signature);
      if ('problem' in read) {
        if (read.problem === 'blank') return refuse(409, 'signature_required', '签名是空白的，请会员本人签字 · The signature is blank; the member must sign');
        return refuse(400, 'invalid_field', '“signature”应为签字板给出的 PNG 图片 · "signature" must be the PNG the signature pad gives');
      }
      signature = read;
    }
    const now = this.o.clock.now();
    const day = localDay(now, this.tz);
    const live = this.bookings.onDay(day, req.class, true);
    const decision = decideBooking(
      { classId: req.class, card, via: req.via ?? null, hasSignature: signature !== null },
      {
        now,
        tz: this.tz,
        opensAt: this.o.config.bookings.opensAt,
        classes: this.classes,
        seatsTaken: live.filter((b) => b.status === 'booked').length,
        alreadyBooked: live.some((b) => b.card === card),
        checkCard: () => {
          const cards = this.o.cards();
          if (!cards) return { valid: false, message: '会员卡无法核验（会员功能未启用） · Cards cannot be checked (the members feature is not running)' };
          return cards.checkCard(card!);
        },
      },
    );
    if ('refused' in decision) return decision;
    const id = randomUUID();
    const file = storeSignature(this.o.dataDir, `booking-${id}`, signature!.png);
    const status = decision.waitlisted ? 'waiting' : 'booked';
    this.o.store.commit(
      [
        {
          type: 'booking.made',
          payload: { bookingId: id, classId: decision.cls.id, day, cardHash: this.o.hashCard(card!), via: req.via as 'swipe' | 'reader', waitlisted: decision.waitlisted, signatureSha256: signature!.sha256, staff },
        },
      ],
      () => this.bookings.insert({ id, classId: decision.cls.id, day, card: card!, via: req.via!, status, signatureFile: file, signatureSha256: signature!.sha256, staff, atMs: now }),
    );
    return { booking: this.view(this.bookings.get(id)!), seats: this.seats(decision.cls, day) };
  }

  /** Cancels before the class starts; a seat given up goes to the first on the waiting list. */
  cancel(id: string, staff: string): { booking: BookingView; promoted: BookingView | null } | Refusal {
    const booking = this.bookings.get(id);
    if (!booking) return refuse(404, 'unknown_booking', '没有这条预订 · No such booking');
    if (booking.status === 'cancelled') return refuse(409, 'already_cancelled', '这条预订已取消 · This booking is already cancelled');
    const cls = this.classes.find((c) => c.id === booking.classId);
    if (cls && classHasStarted(cls, booking.day, this.o.clock.now(), this.tz)) return refuse(409, 'class_started', '课程已开始，不能取消 · The class has started; it cannot be cancelled');
    const promoted = promotionOnCancel(booking, this.bookings.onDay(booking.day, booking.classId, true));
    this.o.store.commit(
      [{ type: 'booking.cancelled', payload: { bookingId: id, classId: booking.classId, day: booking.day, cardHash: this.o.hashCard(booking.card), promotedBookingId: promoted?.id ?? null, staff } }],
      () => this.bookings.cancel(id, this.o.clock.now(), promoted?.id ?? null),
    );
    return { booking: this.view(this.bookings.get(id)!), promoted: promoted ? this.view(this.bookings.get(promoted.id)!) : null };
  }

  /** The member came to the class: a booked seat, checked in before the start. */
  checkIn(id: string, card: string): BookingView | Refusal {
    const booking = this.bookings.get(id);
    if (!booking) return refuse(404, 'unknown_booking', '没有这条预订 · No such booking');
    if (normalizeCard(card) !== booking.card) return refuse(409, 'card_mismatch', '这张卡不是预订时刷的卡 · This is not the card the booking was made with');
    if (booking.status !== 'booked') return refuse(409, 'not_booked', '这条预订没有座位（候补或已取消） · This booking holds no seat (waiting or cancelled)');
    const cls = this.classes.find((c) => c.id === booking.classId);
    if (cls && classHasStarted(cls, booking.day, this.o.clock.now(), this.tz)) return refuse(409, 'class_started', '课程已开始，签到已截止 · The class has started; check-in is closed');
    this.bookings.checkIn(id);
    return this.view(this.bookings.get(id)!);
  }

  /** Today's classes can be booked now (from `bookings.opensAt`). */
  isOpen(): boolean {
    return localParts(this.o.clock.now(), this.tz).minutes >= minutesOf(this.o.config.bookings.opensAt);
  }

  /** The day's list, per class: seats, who is booked and waiting, and the no-shows counted at class start. */
  list(day: string) {
    const now = this.o.clock.now();
    const all = this.bookings.onDay(day);
    const counted = new Map(this.bookings.noShows(day).map((n) => [n.classId, n.noShows]));
    return this.classes
      .filter((c) => c.days.includes(weekdayOf(day)) || all.some((b) => b.classId === c.id))
      .map((c) => {
        const mine = all.filter((b) => b.classId === c.id);
        return { class: c.id, name: c.name, at: c.at, cancelled: c.cancelled.includes(day), started: classHasStarted(c, day, now, this.tz), ...seatCount(c, mine.filter((b) => b.status !== 'cancelled')), noShows: counted.get(c.id) ?? null, bookings: mine.map((b) => this.view(b)) };
      });
  }

  /** Counts the no-shows of every class that has started today and is not counted yet, then waits for the next start. */
  countNoShows(): void {
    const now = this.o.clock.now();
    const day = localDay(now, this.tz);
    for (const cls of this.classes) {
      if (!classHasStarted(cls, day, now, this.tz) || this.bookings.noShowsCounted(cls.id, day)) continue;
      const seated = this.bookings.onDay(day, cls.id, true).filter((b) => b.status === 'booked');
      if (seated.length === 0) continue;
      const noShows = seated.filter((b) => !b.checkedIn).length;
      this.o.store.commit([{ type: 'booking.no_shows', payload: { classId: cls.id, day, booked: seated.length, noShows } }], () =>
        this.bookings.recordNoShows(cls.id, day, seated.length, noShows),
      );
    }
    this.scheduleNextStart();
  }

  stop(): void {
    if (this.timer) this.o.clock.clearTimeout(this.timer);
    this.timer = null;
  }

  private scheduleNextStart(): void {
    this.stop();
    const now = this.o.clock.now();
    const today = localDay(now, this.tz);
    const starts = this.classes.flatMap((c) => [today, addDays(today, 1)].filter((d) => c.days.includes(weekdayOf(d))).map((d) => instantOf(d, c.at, this.tz))).filter((t) => t > now);
    if (starts.length === 0) return;
    this.timer = this.o.clock.setTimeout(() => this.countNoShows(), Math.min(...starts) - now);
  }

  private seats(cls: BookableClass, day: string) {
    return seatCount(cls, this.bookings.onDay(day, cls.id, true));
  }

  private view(b: BookingRow): BookingView {
    return { id: b.id, classId: b.classId, day: b.day, card: b.card, via: b.via, status: b.status, checkedIn: b.checkedIn, at: isoLocal(b.atMs, this.tz) };
  }
}
